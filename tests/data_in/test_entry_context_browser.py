"""Issue 13, point 3: the entry grid shows last period's and last year's figures beside each cell
and flags a jump as it is typed; the data office changes a published figure only as a correction
with a reason (kept in the ledger), and the messages say what really happened."""

import pytest

from duban.observations.models import Observation, ObservationRevision, Status

pytestmark = pytest.mark.browser
HOME = "330784"


def test_a_typo_is_flagged_as_typed_and_published_figures_change_only_with_a_reason(browser, users, store, catalogue):
    store("gyzjz", HOME, "2023-06", 47.5, 6.0)
    store("gyzjz", HOME, "2024-05", 40.1, 7.0)
    store("gdzctz", HOME, "2024-06", 310, 5.0)  # published
    industry = catalogue["industry"].pk
    reporter = browser.login("jingxin")
    reporter.goto(f"{reporter.url_base}/data/entry/{industry}/2024-06/")
    row = reporter.locator("tr", has_text="规上工业增加值")
    assert row.locator("td.context").all_inner_texts() == ["40.10", "47.50"]  # at the indicator's precision
    cell = row.locator("input[name^=value-]")
    cell.type("479")
    assert "相差约 10.1 倍" in row.locator(".jump-msg").inner_text()  # before any save
    browser.shot(reporter, "entry-jump")
    cell.fill("47.9")
    assert row.locator(".jump-msg").inner_text() == ""
    reporter.click("button[value=submit]")
    assert "已报送 1 项，等待数据办审核" in reporter.locator("ul.messages").inner_text()

    # the reporter cannot touch the published figure; the message reads properly
    reporter.locator("tr", has_text="固定资产投资").locator("input[name^=value-]").fill("311")
    reporter.click("button[value=save]")
    text = reporter.locator("ul.messages").inner_text()
    assert "当前为已发布" in text and "已已" not in text

    office = browser.login("shuju")
    office.goto(f"{office.url_base}/data/entry/{industry}/2024-06/")
    office.locator("tr", has_text="固定资产投资").locator("input[name^=value-]").fill("312")
    office.click("button[value=save]")
    assert "更正须填写修改原因" in office.locator("ul.messages").inner_text()
    office.locator("tr", has_text="固定资产投资").locator("input[name^=value-]").fill("312")
    office.fill("input[name=reason]", "统计局快报更正")
    office.click("button[value=save]")
    text = office.locator("ul.messages").inner_text()
    assert "已更正“固定资产投资”，仍为已发布" in text and "等待数据办审核" not in text
    fixed = Observation.objects.get(indicator__code="gdzctz", period="2024-06")
    assert fixed.status == Status.PUBLISHED and fixed.value == 312
    assert ObservationRevision.objects.filter(observation=fixed, action="correction", reason="统计局快报更正").exists()
    assert browser.errors == []
