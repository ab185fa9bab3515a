"""The bulletins workflow in headless Chromium: filter the list, open one, see its preview and
who was notified, download the Word file; the supervision office makes one on request."""

import pytest
from django.core.management import call_command

from .conftest import PASSWORD

pytestmark = pytest.mark.browser

LAUNCH = {
    "executable_path": "/usr/bin/chromium",
    "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
}


@pytest.mark.django_db(transaction=True)
def test_bulletins_workflow(live_server, county, people, monkeypatch, tmp_path):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API runs an event loop
    call_command("tick", as_of="2024-04-22")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(headless=True, **LAUNCH)
        page = browser.new_page(viewport={"width": 1440, "height": 900}, accept_downloads=True)
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", "ducha")
        page.fill("input[name=password]", PASSWORD)
        page.click("form.login button, form.login [type=submit]")
        page.goto(f"{live_server.url}/bulletins/")
        assert page.locator("#documents tbody tr").count() == 3
        page.select_option("select[name=kind]", "monthly")
        page.click("form.filters button:has-text('筛选')")
        assert page.locator("#documents tbody tr").count() == 1
        page.click("#documents a:has-text('月度调度会材料')")
        frame = page.frame_locator("iframe.preview")
        assert "居金华并列第2位" in frame.locator("body").inner_text()
        assert page.locator("#deliveries tbody tr").count() == 4
        with page.expect_download() as download:
            page.click("#downloads a:has-text('Word')")
        assert download.value.suggested_filename == "永康市月度调度会材料（2024年1-3月）.docx"

        page.goto(f"{live_server.url}/bulletins/")
        page.fill("#generate input[name=period]", "2024年1-3月")
        page.fill("#generate input[name=as_of]", "2024-04-20")
        page.click("#generate button")
        assert "已生成：永康市主要指标完成情况通报（2024年1-3月）" in page.content()
        browser.close()
    assert errors == []
