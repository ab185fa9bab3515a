"""The scoring pages in headless Chromium: no console errors, the chart drawn."""

import pytest
from django.contrib.auth.models import User

from duban.imports.base import import_file

from .conftest import write_csv
from .test_commands import SCHEME

pytestmark = pytest.mark.browser

LAUNCH = {
    "executable_path": "/usr/bin/chromium",
    "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
}


@pytest.mark.django_db(transaction=True)
def test_scoring_pages_render_without_console_errors(live_server, scored, tmp_path, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    assert import_file(write_csv(tmp_path, "scheme.csv", SCHEME), "schemes").ok
    User.objects.create_user("ducha", password="pw-for-test-1", is_superuser=True, is_staff=True)
    county5 = scored["regions"][4]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(headless=True, **LAUNCH)
        page = browser.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", "ducha")
        page.fill("input[name=password]", "pw-for-test-1")
        page.click("form.login button, form.login [type=submit]")
        page.goto(f"{live_server.url}/scoring/race/?period=2024-03")
        page.wait_for_selector("#score-chart canvas")
        assert page.locator(".red-board li").count() == 3 and page.locator(".black-board li").count() == 2
        page.goto(f"{live_server.url}/scoring/race/adjustments/?period=2024-03")
        page.select_option("select[name=subject]", str(county5.pk))
        page.fill("input[name=points]", "2")
        page.fill("input[name=reason]", "获省表彰")
        page.click("form.adjustment-form button")
        assert "获省表彰" in page.content()
        page.goto(f"{live_server.url}/scoring/race/subject/{county5.pk}/?period=2024-03")
        assert "失分在哪里" in page.content() and "缺数，得 0 分" in page.content()
        browser.close()
    assert errors == []
