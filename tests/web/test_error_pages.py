"""Issue 13, point 9: 403, 404 and 500 are Chinese pages in the site's layout with a way back,
not Django's bare English ones."""

from django.test import RequestFactory
from django.views.defaults import server_error


def test_forbidden_page_is_chinese_with_a_way_back(client, personas, home):
    client.force_login(personas["wangming"])  # a leader, on the data office's review page
    response = client.get("/data/review/2024-06/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "无权访问此页面" in page and "只有数据办或管理员可以审核" in page and "返回首页" in page
    assert 'class="topbar' in page and "Forbidden" not in page


def test_not_found_page_is_chinese_with_a_way_back(client, personas, home):
    client.force_login(personas["jingxin"])
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "找不到这个页面" in page and "/no-such-page/" in page and "返回首页" in page
    assert "Not Found" not in page


def test_server_error_page_renders_without_a_request_context(db):
    response = server_error(RequestFactory().get("/boom/"))
    page = response.content.decode()
    assert response.status_code == 500 and "系统出错了" in page and "返回首页" in page
    assert "Server Error" not in page
