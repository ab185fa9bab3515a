"""The cockpit for a meeting (issue 13): /cockpit/?projector=1 is one 16:9 screen without navigation."""

import re

import pytest
from django.contrib.auth.models import User

from .conftest import indicator, obs, rank_target, target

pytestmark = pytest.mark.browser

LAUNCH = {
    "executable_path": "/usr/bin/chromium",
    "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
}


@pytest.fixture
def meeting(world):
    """Two ranked indicators: the home county fourth of five in one (against 前3), first in the other; one yellow."""
    slow = indicator("gy", name="规上工业增加值")
    fast = indicator("ck", name="出口总额")
    for region, growth in zip(world["regions"], [9, 8, 7, 6, 5]):
        for month, value in [(2, 20), (3, 32)]:
            obs(slow, region, f"2023-{month:02d}", value=value)
            obs(slow, region, f"2024-{month:02d}", value=value * (1 + growth / 100), yoy=growth + month)
            obs(fast, region, f"2024-{month:02d}", value=value, yoy=20 - growth)
        obs(slow, region, "2023-12", value=150)
    target(slow, world["home"], "2024", value=170, growth=8)
    rank_target(slow, world["home"], world["group"], 3)
    User.objects.create_user("viewer", password="pw-for-test-1")
    return world


def test_projector_is_a_page_of_its_own_with_reasons_naming_group_and_target(meeting, client):
    client.login(username="viewer", password="pw-for-test-1")
    html = client.get("/cockpit/?period=2024-03&projector=1").content.decode()
    assert 'class="topbar' not in html and "退出投屏" in html  # no navigation, a way back
    assert "规上工业增加值" in html and "出口总额" in html
    yellow = re.search(r'<h2 class="yellow">.*?</ol>', html, re.S).group(0)
    assert "规上工业增加值</b>慢于序时进度 5.0 个百分点；五县第4位，目标前3" in yellow
    assert 'id="chart-gauges"' in html and 'id="chart-rank-overview"' in html


def _login(page, url):
    page.goto(f"{url}/login/")
    page.fill("input[name=username]", "viewer")
    page.fill("input[name=password]", "pw-for-test-1")
    page.click("form.login button, form.login [type=submit]")


@pytest.mark.django_db(transaction=True)
def test_projector_fits_1920_by_1080_and_kiosk_turns_pages(live_server, meeting, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(headless=True, **LAUNCH)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        _login(page, live_server.url)
        page.goto(f"{live_server.url}/cockpit/?period=2024-03&projector=1")
        page.wait_for_selector("#chart-gauges canvas")
        assert page.evaluate("document.scrollingElement.scrollHeight") <= 1080
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 1920
        page.click(".pager [data-goto='2']")
        page.wait_for_selector("#chart-rank-0 canvas")
        assert page.evaluate("document.scrollingElement.scrollHeight") <= 1080
        assert page.locator(".page.active").get_attribute("data-page") == "2"

        page.goto(f"{live_server.url}/cockpit/?period=2024-03&projector=1&kiosk=1&interval=1")
        assert page.locator(".pager").is_hidden()
        assert page.get_attribute("body", "data-page") == "1"
        page.wait_for_selector("body[data-page='2']", timeout=5000)
        # After the last page the screen reloads itself (fresh figures) and starts again.
        page.wait_for_selector("body[data-page='1']", timeout=5000)
        page.wait_for_selector("#chart-gauges canvas")
        browser.close()
    assert errors == []
