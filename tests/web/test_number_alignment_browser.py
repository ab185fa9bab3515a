"""Issue 13, point 10: figures are right-aligned in every table (the grid's left alignment no longer
wins over td.num), each indicator's figures at one precision, units in the headers."""

import pytest

pytestmark = pytest.mark.browser


def test_figures_line_up_right_at_one_precision(browser, users, store):
    store("gyzjz", "330784", "2023-06", 268.6, 6.0)
    store("gyzjz", "330784", "2024-06", 789.96, 7.25)
    store("gyzjz", "330784", "2024-05", 700, 7)
    office = browser.login("shuju")
    office.goto(f"{office.url_base}/data/review/2024-06/")
    row = office.locator("table.grid tbody tr", has_text="永康市")
    cells = row.locator("td.num").all_inner_texts()
    assert cells[:4] == ["789.96", "700.00", "268.60", "7.3"]  # value, last, last year at 2 places; growth at 1
    aligns = office.eval_on_selector_all("table.grid td.num, table.grid th.num",
                                         "cells => [...new Set(cells.map(c => getComputedStyle(c).textAlign))]")
    assert aligns == ["right"]
    history = row.locator("a", has_text="记录").get_attribute("href")
    office.goto(f"{office.url_base}{history}")
    assert "原数值（亿元）" in office.content()
    browser.shot(office, "history")
    office.goto(f"{office.url_base}/catalogue/")
    assert office.eval_on_selector("table.grid td.num", "c => getComputedStyle(c).textAlign") == "right"
    assert browser.errors == []
