"""The project board, a project page and monthly entry in headless Chromium: no console errors,
the chart drawn; screenshots for docs/screenshots/projects-*.png."""

import os
import tempfile
from pathlib import Path

import pytest

from .conftest import PASSWORD

pytestmark = pytest.mark.browser

LAUNCH = {
    "executable_path": "/usr/bin/chromium",
    "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
}
# DUBAN_SCREENSHOTS=docs/screenshots refreshes the documentation's pictures; otherwise a temp folder.
SCREENSHOTS = Path(os.environ.get("DUBAN_SCREENSHOTS") or tempfile.mkdtemp(prefix="duban-shots-"))


def _login(page, base, name):
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button, form.login [type=submit]")


@pytest.mark.django_db(transaction=True)
def test_board_project_page_and_entry(live_server, demo_projects, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(headless=True, **LAUNCH)
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        _login(page, live_server.url, "ducha")
        page.goto(f"{live_server.url}/projects/?period=2024-06")
        assert page.locator("table.project-board tbody tr").count() == 42
        assert "固定资产投资" in page.locator("section.fai").inner_text()
        page.screenshot(path=str(SCREENSHOTS / "projects-board.png"), full_page=False)
        page.select_option("select[name=colour]", "red")
        page.click("form.filters button")
        reds = page.locator("table.project-board tbody tr.colour-red").count()
        assert reds == page.locator("table.project-board tbody tr").count() > 0
        page.click("table.project-board thead a:has-text('差距')")
        assert "sort=gap" in page.url

        page.goto(f"{live_server.url}/projects/YK2024-005/?period=2024-07")
        page.wait_for_selector("#chart-plan canvas")
        assert page.locator("ol.milestones li").count() == 5
        assert page.locator("ol.month-strip li").count() == 7
        page.screenshot(path=str(SCREENSHOTS / "projects-page.png"), full_page=True)

        context = browser.new_context(viewport={"width": 1200, "height": 800})
        entry = context.new_page()
        entry.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        entry.on("pageerror", lambda e: errors.append(str(e)))
        _login(entry, live_server.url, "jingxin")
        entry.goto(f"{live_server.url}/projects/YK2024-001/entry/2025-01/")
        entry.fill("input[name=completed_ytd]", "1200")
        entry.fill("input[name=reason]", "1月开始施工")
        entry.screenshot(path=str(SCREENSHOTS / "projects-entry.png"))
        entry.click("button[value=submit]")
        assert "已保存" in entry.content()
        assert "已报送" in entry.locator("table.grid").first.inner_text()
        browser.close()
    assert errors == []
