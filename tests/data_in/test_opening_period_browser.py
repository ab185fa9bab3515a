"""Issue 13, point 1 and 7: each page opens on the period that needs its user, never the clock's
month, and a picker lists the periods holding data at every frequency (月/季/年/旬)."""

import pytest

from duban.catalogue.models import Department, Indicator
from duban.observations.models import Status

pytestmark = pytest.mark.browser
HOME = "330784"


@pytest.fixture
def history(store, users, catalogue):
    """经信局's figures published through 2024-12 (flows from 1-2月, the stock from January),
    one of them returned in 2024-11; 统计局 reports quarterly only."""
    for month in range(1, 13):
        store("gxjsqys", HOME, f"2024-{month:02d}", 500 + month, basis="period")
        if month > 1:
            store("gyzjz", HOME, f"2024-{month:02d}", 20 * month, 7.5)
            store("gdzctz", HOME, f"2024-{month:02d}", None, 5.0)
    stats = Department.objects.create(name="统计局")
    Indicator.objects.create(code="czjmsr", name="城镇居民人均可支配收入", unit="元", kind="flow",
                             frequency="quarter", department=stats)
    Indicator.objects.create(code="szjj", name="数字经济核心产业增加值", unit="亿元", kind="flow",
                             frequency="quarter", department=catalogue["industry"])
    for quarter in range(1, 5):
        store("czjmsr", HOME, f"2024Q{quarter}", 18000 * quarter, 5.2)
        store("szjj", HOME, f"2024Q{quarter}", 10 * quarter, 9.0)
    return stats


def test_pages_open_on_the_period_that_needs_their_user(browser, history, store):
    reporter = browser.login("jingxin")
    reporter.goto(f"{reporter.url_base}/data/entry/")
    assert "2025年1月" in reporter.locator("h1").inner_text()  # the stock's January is due; not 2026
    store("gdzctz", HOME, "2024-11", None, 4.0, status=Status.DRAFT)  # returned to the department
    reporter.goto(f"{reporter.url_base}/data/entry/")
    assert "2024年11月" in reporter.locator("h1").inner_text()
    options = reporter.locator("select[name=period] option").all_inner_texts()
    assert "2024年11月" in options and "2025年1月" in options and not any("2026" in o for o in options)
    reporter.select_option("select[name=period]", "2024-06")  # the picker jumps, no 21 clicks
    reporter.wait_for_url("**/2024-06/")
    reporter.click(".kind-switch >> text=季度")
    reporter.wait_for_url("**/2025Q1/")
    assert "数字经济核心产业增加值" in reporter.content()
    browser.shot(reporter, "entry-opening")

    store("shxfpls", HOME, "2024-06", 33, 6.1, status=Status.SUBMITTED)
    office = browser.login("shuju")
    office.goto(f"{office.url_base}/data/review/")
    assert "2024年6月" in office.locator("h1").inner_text()  # the figure waiting for review
    office.goto(f"{office.url_base}/data/entry/")
    office.click("text=统计局")
    office.wait_for_url(f"**/data/entry/{history.pk}/2025Q1/")
    assert "城镇居民人均可支配收入" in office.content()  # the 统计局 grid reaches its quarterly indicators
    assert browser.errors == []
