import pytest


@pytest.fixture
def admin_client_zh(admin_client):
    admin_client.cookies["django_language"] = "zh-hans"
    return admin_client


def test_admin_lists_the_catalogue_in_chinese(jinhua, admin_client_zh):
    page = admin_client_zh.get("/admin/catalogue/indicator/").content.decode()
    assert "规上工业增加值" in page and "选择 指标 来修改" in page
    index = admin_client_zh.get("/admin/").content.decode()
    for heading in ("指标目录", "区域", "比较组", "部门", "领导", "专班"):
        assert heading in index


def test_admin_is_available_in_english(jinhua, admin_client):
    admin_client.cookies["django_language"] = "en"
    page = admin_client.get("/admin/catalogue/indicator/").content.decode()
    assert "Select" in page


def test_catalogue_page_needs_login_and_lists_indicators(jinhua, client, admin_client):
    assert client.get("/catalogue/").status_code == 302
    page = admin_client.get("/catalogue/").content.decode()
    assert "出口总额" in page and "商务局" in page


def test_healthz_reports_the_database(db, client):
    assert client.get("/healthz").json()["status"] == "ok"
