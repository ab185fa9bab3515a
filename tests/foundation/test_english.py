"""English is available through the language switch; Chinese stays the default."""

import re

import pytest

ADMIN_MODELS = {"Indicator": "指标", "Region": "区域", "Peer group": "比较组", "Department": "部门", "Task force": "专班"}
CATALOGUE_HEADERS = {
    "category": "类别",
    "frequency": "频度",
    "rank by": "排名依据",
    "responsible department": "责任部门",
    "leader in charge": "分管领导",
    "data points": "数据条数",
}


def _page(client, language, url):
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_admin_index_names_the_catalogue_models_in_the_chosen_language(jinhua, admin_client, language):
    page = _page(admin_client, language, "/admin/")
    for english, chinese in ADMIN_MODELS.items():
        if language == "en":
            assert f">{english}<" in page and "Catalogue and system administration" in page
        else:
            assert f">{chinese}<" in page and f">{english}<" not in page


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_catalogue_page_headers_follow_the_chosen_language(jinhua, admin_client, language):
    page = _page(admin_client, language, "/catalogue/")
    assert "规上工业增加值" in page  # data is shown as entered, whatever the language
    headers = re.sub(r'<th class="num">', "<th>", page)  # the figures' column is right-aligned (issue 13)
    for english, chinese in CATALOGUE_HEADERS.items():
        if language == "en":
            assert f"<th>{english}</th>" in headers and f"<th>{chinese}</th>" not in headers
        else:
            assert f"<th>{chinese}</th>" in headers and f"<th>{english}</th>" not in headers
    if language == "en":
        assert "Indicator catalogue" in page and "Monthly" in page and "Higher is better" in page
    else:
        assert "指标目录" in page and "越高越好" in page


def test_an_english_browser_still_gets_chinese_until_the_user_switches(jinhua, admin_client):
    page = admin_client.get("/catalogue/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "指标目录" in page
    admin_client.cookies["django_language"] = "en"
    page = admin_client.get("/catalogue/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "指标目录" not in page


def test_frequency_tabs_of_the_data_pages_read_alike_in_english():
    """季度 and 年度 alone are "quarter" and "year" (field labels); as frequencies they are
    Quarterly and Yearly, beside Monthly (the review page showed "Monthly | quarter | year")."""
    from django.utils import translation

    from duban.observations.services import KIND_LABELS

    with translation.override("en"):
        assert [str(KIND_LABELS[k]) for k in ("month", "quarter", "year", "dekad")] == [
            "Monthly", "Quarterly", "Yearly", "Dekad"]
    with translation.override("zh-hans"):
        assert str(KIND_LABELS["quarter"]) == "季度"
