"""In Chromium: paste the first seed, give its date, accept five candidates with edits, find them on the board."""

import importlib
import os
from pathlib import Path

import pytest
from django.apps import apps

from duban.supervision.models import Task

from .conftest import PASSWORD, SEED_ONE

pytestmark = pytest.mark.browser

LAUNCH = {
    "executable_path": "/usr/bin/chromium",
    "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
}
# DUBAN_SCREENSHOTS=docs/screenshots refreshes the documentation's pictures; otherwise they go to a temp folder.
SCREENSHOTS = os.environ.get("DUBAN_SCREENSHOTS")

# (start of the candidate, new title, lead, cooperating, deadline words or None to keep, due on the board)
ACCEPTED = [
    ("调度要再强化", "强化“日跟踪、周监测、月调度、季晒拼”调度", "统计局", [], None, "2024-03-31"),
    ("重点要再聚焦", "锚定金华前三目标，紧盯重点指标", "发改局", [], "6月底前", "2024-06-30"),
    ("服务要再优化", "落实惠企政策，为企业办实事解难题", "经信局", ["商务局"], "三季度", "2024-09-30"),
    ("会议指出，全市政法战线", "推进政法工作现代化，夺取“二星平安金鼎”", None, [], "年底前", "2024-12-31"),
    ("贯彻落实《永康市开展", "贯彻落实“五战双强”行动实施方案", "发改局", [], "一季度", "2024-03-31"),
]


@pytest.fixture
def keywords(db):
    """The seeded keyword map (a transactional test's flush removes migration data)."""
    migration = importlib.import_module("duban.meetings.migrations.0002_default_lead_keywords")
    migration.add_defaults(apps, None)


@pytest.mark.django_db(transaction=True)
def test_paste_review_accept_and_find_on_the_board(live_server, users, task_list, keywords, monkeypatch, tmp_path):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API runs an event loop
    from playwright.sync_api import expect, sync_playwright

    shots = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    shots.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(headless=True, **LAUNCH)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", "ducha")
        page.fill("input[name=password]", PASSWORD)
        page.click("form.login button, form.login [type=submit]")

        page.goto(f"{live_server.url}/catalogue/")
        page.click("nav >> text=会议转化")
        page.fill("textarea[name=text]", SEED_ONE.read_text(encoding="utf-8"))
        page.click("button.primary")
        expect(page.locator(".has-error")).to_contain_text("报道中只有“2月21日”，没有年份")
        page.screenshot(path=shots / "meetings-1-date-needed.png")
        page.fill("input[name=given_date]", "2024-02-22")
        page.click("button.primary")
        expect(page.locator(".report-meta")).to_contain_text("2024年2月21日")
        expect(page.locator("mark.cand")).to_have_count(11)
        page.screenshot(path=shots / "meetings-2-review.png")

        for start, title, lead, cooperating, words, _ in ACCEPTED:
            card = page.locator("article.card.st-pending", has_text=start).first
            card.locator("input[name$=title]").fill(title)
            if lead:
                card.locator("select[name$=-lead]").select_option(label=lead)
            if cooperating:
                card.locator("select[name$=cooperating]").select_option(label=cooperating)
            if words:
                card.locator("input[name$=deadline_text]").fill(words)
            card.get_by_role("button", name="接受，转为任务").click()
            expect(page.locator(".messages")).to_contain_text(title)

        rejected = page.locator("article.card.st-pending", has_text="我们要倍加珍惜").first
        rejected.locator("summary", has_text="拒绝").click()
        rejected.locator("input[name$=reason]").fill("表态性要求，不单列任务")
        rejected.get_by_role("button", name="拒绝").click()
        expect(page.locator(".counts")).to_contain_text("已转任务 5")
        # The last cards: four accepted in a row, each linked to its task.
        page.locator("article.card.st-accepted", has_text="锚定金华前三目标").evaluate("e => e.scrollIntoView()")
        page.screenshot(path=shots / "meetings-3-accepted.png")
        page.locator("table.decisions").evaluate("e => e.scrollIntoView()")
        expect(page.locator("table.decisions")).to_contain_text("表态性要求，不单列任务")
        page.screenshot(path=shots / "meetings-4-decisions.png")

        page.goto(f"{live_server.url}/tasks/board/?as_of=2024-02-22")
        for _, title, lead, _, _, due in ACCEPTED:
            row = page.locator("tr", has_text=title)
            expect(row).to_contain_text(due)
            expect(row).to_contain_text(lead or "政法委")
        page.screenshot(path=shots / "meetings-5-board.png", full_page=True)
        browser.close()
    assert errors == []
    made = Task.objects.filter(meeting_candidate__isnull=False)
    assert sorted(t.due.isoformat() for t in made) == sorted(a[5] for a in ACCEPTED)
    assert all(t.plan_year == 2024 and t.lead for t in made)
