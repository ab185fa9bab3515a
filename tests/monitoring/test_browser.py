"""The cockpit pages in headless Chromium: no console errors, charts drawn."""

import os

import pytest
from django.contrib.auth.models import User

from .conftest import indicator, obs, rank_target, target

pytestmark = pytest.mark.browser

LAUNCH = {
    "executable_path": "/usr/bin/chromium",
    "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
}


@pytest.fixture
def cockpit_data(world):
    ind = indicator("gy", name="规上工业增加值")
    for region, growth in zip(world["regions"], [9, 8, 7, 6, 5]):
        for month, value in [(2, 20), (3, 32)]:
            obs(ind, region, f"2023-{month:02d}", value=value)
            obs(ind, region, f"2024-{month:02d}", value=value * (1 + growth / 100), yoy=growth + month)
        obs(ind, region, "2023-12", value=150)
    target(ind, world["home"], "2024", value=170, growth=8)
    rank_target(ind, world["home"], world["group"], 3)
    User.objects.create_user("viewer", password="pw-for-test-1")


@pytest.mark.django_db(transaction=True)
def test_cockpit_pages_render_without_console_errors(live_server, cockpit_data, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(headless=True, **LAUNCH)
        page = browser.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", "viewer")
        page.fill("input[name=password]", "pw-for-test-1")
        page.click("form.login button, form.login [type=submit]")
        page.goto(f"{live_server.url}/cockpit/?period=2024-03")
        assert "规上工业增加值" in page.content()
        page.goto(f"{live_server.url}/cockpit/board/?period=2024-03&projector=1")
        page.click("table.heat thead th:nth-child(3)")
        assert page.locator("tbody.pinned tr.home").count() == 1  # sorting leaves the home region on top
        page.goto(f"{live_server.url}/cockpit/indicator/gy/?period=2024-03")
        page.wait_for_selector("#chart-peers canvas")
        assert page.locator(".chart canvas").count() == 4
        browser.close()
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_a_stale_period_says_its_figures_are_being_updated(live_server, cockpit_data, monkeypatch, settings):
    """Reads only read: a period found stale is queued for the worker and the page says so."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.REFRESH_ON_READ = "queue"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(headless=True, **LAUNCH)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", "viewer")
        page.fill("input[name=password]", "pw-for-test-1")
        page.click("form.login button, form.login [type=submit]")
        page.goto(f"{live_server.url}/cockpit/?period=2024-03")
        assert page.locator("p.updating").is_visible()
        if os.environ.get("DUBAN_SCREENSHOTS"):  # the documentation's picture, refreshed on request only
            page.screenshot(path=f"{os.environ['DUBAN_SCREENSHOTS']}/engine-cockpit-updating.png")
        browser.close()
