"""Issue 13, point 9: no role's navigation links to a page that refuses it (403) or fails;
the 403 and 404 pages in Chromium, with the site's layout and a way back."""

import pytest

from data_in.conftest import SCREENSHOTS
from web.conftest import LAUNCH, PASSWORD

pytestmark = pytest.mark.browser
ROLES = ["admin", "shuju", "ducha", "jingxin", "shangwu", "wangming"]


@pytest.mark.django_db(transaction=True)
def test_every_link_in_every_roles_navigation_opens(live_server, personas, home, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    refused, errors = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(headless=True, **LAUNCH)
        for username in ROLES:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{live_server.url}/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", PASSWORD)
            page.click("form.login button, form.login [type=submit]")
            page.goto(f"{live_server.url}/catalogue/")
            links = page.eval_on_selector_all("header nav a", "links => links.map(a => a.href)")
            assert links, username
            for link in links:
                response = page.goto(link)
                if response.status == 403 or response.status >= 500:  # a 404 here is a page's empty state
                    refused.append((username, link, response.status))
            if username == "wangming":
                response = page.goto(f"{live_server.url}/data/review/")
                assert response.status == 403 and "无权访问此页面" in page.content()
                page.screenshot(path=str(SCREENSHOTS / "pages-403.png"))
                response = page.goto(f"{live_server.url}/no-such-page/")
                assert response.status == 404 and "找不到这个页面" in page.content()
                page.screenshot(path=str(SCREENSHOTS / "pages-404.png"))
                page.click("text=返回首页")
                assert "/cockpit/" in page.url
            page.close()
        browser.close()
    assert refused == [] and errors == []
