"""Issue 13, point 2 in Chromium: the data office filters the queue, selects the whole filtered
set, approves and publishes it, and returns one published figure with a reason."""

import pytest

from duban.observations.models import Observation, Status

pytestmark = pytest.mark.browser
COUNTIES = ["330702", "330703", "330723", "330726", "330727", "330781", "330782", "330783", "330784"]


def test_the_office_works_the_queue_in_the_browser(browser, users, store):
    for region in COUNTIES:
        store("gyzjz", region, "2023-06", 40, 6.0)
        store("gyzjz", region, "2024-06", 479 if region == "330784" else 42, 6.5, status=Status.SUBMITTED)
        store("shxfpls", region, "2024-06", 30, 5.0, status=Status.SUBMITTED)
    office = browser.login("shuju")
    office.goto(f"{office.url_base}/data/review/")
    assert "2024年6月" in office.locator("h1").inner_text()
    office.select_option("select[name=indicator]", "gyzjz")
    office.click("form.filters button")
    assert office.locator("strong.total").inner_text() == "9"
    assert office.locator("tr.row-warning").count() == 1  # 479 against 40 last year: a jump
    browser.shot(office, "review-queue")
    office.check("input.select-filtered")
    office.click("button[value=approve]")
    assert "审核通过 9 项" in office.locator("ul.messages").inner_text()
    office.check("input.select-filtered")
    office.click("button[value=publish]")
    assert "发布 9 项" in office.locator("ul.messages").inner_text()
    assert Observation.objects.filter(indicator__code="gyzjz", status=Status.PUBLISHED).count() == 18
    assert Observation.objects.filter(indicator__code="shxfpls", status=Status.SUBMITTED).count() == 9

    office.select_option("select[name=check]", "jump")
    office.click("form.filters button")
    assert office.locator("strong.total").inner_text() == "1"
    office.locator("thead input.select-page").check()
    office.fill("input[name=reason]", "疑为小数点错位（47.9）")
    office.click("button[value=reject]")
    assert "退回 1 项" in office.locator("ul.messages").inner_text()
    returned = Observation.objects.get(indicator__code="gyzjz", region__code="330784", period="2024-06")
    assert returned.status == Status.DRAFT
    office.goto(f"{office.url_base}/data/review/2024-06/")
    assert "填报及时率" in office.content()
    browser.shot(office, "review-rates")
    assert browser.errors == []
