"""Issue 13's supervision workflow in headless Chromium (Debian's /usr/bin/chromium): the office
keeps the task list on pages, issues notices from the board, the department answers from its
inbox, the office verifies and closes. No console errors; screenshots at 1440×900."""

from pathlib import Path

import pytest

from duban.supervision.models import Task

from .conftest import PASSWORD

pytestmark = pytest.mark.browser

LAUNCH = {
    "executable_path": "/usr/bin/chromium",
    "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
}
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


class Browser:
    def __init__(self, pw, url):
        self.browser = pw.chromium.launch(headless=True, **LAUNCH)
        self.url = url
        self.errors = []

    def login(self, username, then="/tasks/"):
        page = self.browser.new_page(viewport={"width": 1440, "height": 900}, accept_downloads=True)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.goto(f"{self.url}/login/?next={then}")  # the cockpit needs figures these tests do not load
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.click("form.login button, form.login [type=submit]")
        return page

    def go(self, page, path):
        page.goto(f"{self.url}{path}")
        return page

    def shot(self, page, name):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"supervise-{name}.png"))


@pytest.fixture
def chromium(live_server, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = Browser(pw, live_server.url)
        yield browser
        browser.browser.close()


@pytest.mark.django_db(transaction=True)
def test_the_office_keeps_the_task_list_on_pages(chromium, sample_tasks, users):
    page = chromium.login("ducha")
    chromium.go(page, "/tasks/")
    page.click("nav >> text=任务清单")
    assert page.locator("#task-list tbody tr").count() > 5
    page.select_option("select[name=level]", "measure")
    page.click("#task-filters button")
    assert set(page.locator("#task-list tbody tr td:nth-child(3)").all_inner_texts()) == {"具体举措"}
    page.click("text=新建重点任务")
    page.fill("input[name=plan_year]", "2024")
    page.fill("textarea[name=title]", "推进企业数字化改造")
    page.select_option("select[name=lead]", label="经信局")
    page.fill("input[name=deadline_text]", "2024年9月底前")
    chromium.shot(page, "task-form")
    page.click("#task-form button")
    assert "已新建重点任务" in page.content()
    page.click("text=添加具体举措")
    page.fill("textarea[name=title]", "每月走访规上企业")
    page.select_option("select[name=lead]", label="经信局")
    page.fill("input[name=deadline_text]", "每月28日前")
    page.click("#task-form button")
    assert page.locator("#milestones tbody tr").count() == 12
    page.fill("#milestone-form input[name=due]", "2024-12-31")
    page.click("#milestone-form button")
    assert page.locator("#milestones tbody tr").count() == 13
    page.click("#task-actions >> text=编辑任务")
    page.fill("input[name=deadline_text]", "每季")
    page.click("#task-form button")
    assert "已保存" in page.content()
    chromium.go(page, "/tasks/?q=数字化")
    chromium.shot(page, "tasks")

    department = chromium.login("jingxin")
    chromium.go(department, "/tasks/")
    titles = department.locator("#task-list tbody tr td:nth-child(4)").all_inner_texts()
    assert "推进企业数字化改造" in titles and "编辑" not in department.content()
    assert chromium.errors == []


@pytest.mark.django_db(transaction=True)
def test_the_office_issues_a_notice_from_the_board(chromium, sample_tasks, users, tmp_path):
    from docx import Document

    task = Task.objects.get(number="1.1")
    page = chromium.login("ducha", then="/tasks/board/%3Fas_of%3D2024-04-05")
    page.check(f"input[name=task][value='{task.pk}']")
    page.select_option("#urge-form select[name=step]", "notice")
    page.fill("#urge-form textarea[name=reason]", "一季度技改项目开工滞后")
    chromium.shot(page, "board")
    page.click("#urge-form button")
    assert "已下发督办单 1 项：督办〔2024〕第1号" in page.content()
    page.click("text=督办单登记簿")
    assert page.locator("#notices tbody tr").count() == 1
    with page.expect_download() as download:
        page.click("#notices a:has-text('下载 Word')")
    path = tmp_path / "notice.docx"
    download.value.save_as(path)
    text = "\n".join(c.text for table in Document(path).tables for row in table.rows for c in row.cells)
    assert "一季度开工技改项目15个" in text
    chromium.go(page, f"/tasks/{task.pk}/")
    assert "一季度技改项目开工滞后" in page.locator("#steps").inner_text()
    assert chromium.errors == []
