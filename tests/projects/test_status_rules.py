"""Hand-computed checks of the project colour rules (core.project_status), one per rule.

Every case uses an annual plan of 1200 万元 spread evenly (100 a month), so the planned share
at the end of month m is m × 100 / 1200 = m/12 of the plan: 50.00 % at June.
"""

from datetime import date
from decimal import Decimal

import pytest

from duban.core.project_status import ProjectFacts, StatusRules, even_plan, month_status, status_series

D = Decimal
PLAN = D(1200)


def facts(ytd=None, planned_start=None, actual_start=None, monthly=None) -> ProjectFacts:
    return ProjectFacts(2024, PLAN, monthly or even_plan(PLAN), {m: D(v) for m, v in (ytd or {}).items()},
                        planned_start, actual_start)


def test_even_plan_adds_up():
    assert even_plan(D(1000)) == (D("83.3333"),) * 11 + (D("83.3337"),)
    assert sum(even_plan(D(1000))) == D(1000)


def test_green_on_plan():
    # June: planned 600/1200 = 50.00 %; completed 560/1200 = 46.67 %; 3.33 points behind < 10.
    s = month_status(facts({6: 560}), 6)
    assert (s.colour, s.planned_pct, s.completed_pct, s.gap_pp) == ("green", D("50.00"), D("46.67"), D("-3.33"))
    assert s.reasons == ()


def test_yellow_at_ten_points_behind():
    # 480/1200 = 40.00 %: exactly 10 points behind 50.00 % is yellow (10–30 inclusive of 10).
    s = month_status(facts({6: 480}), 6)
    assert (s.colour, s.gap_pp) == ("yellow", D("-10.00"))
    assert "落后计划10.00个百分点" in s.reasons[0]


def test_just_under_ten_points_is_green():
    # 481/1200 = 40.08 %: 9.92 points behind.
    assert month_status(facts({6: 481}), 6).colour == "green"


def test_thirty_points_is_still_yellow_and_over_is_red():
    # 240/1200 = 20.00 %: 30.00 points behind, the top of yellow; 239/1200 = 19.92 %: 30.08, red.
    assert month_status(facts({6: 240}), 6).colour == "yellow"
    red = month_status(facts({6: 239}), 6)
    assert (red.colour, red.gap_pp) == ("red", D("-30.08"))


def test_uneven_plan_months():
    # Plan back-loaded: nothing until June, then 200 a month (Jul–Dec): June's planned share is 0,
    # so a project with nothing done yet is green; at September planned 600 = 50 %, done 300 = 25 %:
    # 25 points behind, yellow.
    monthly = (D(0),) * 6 + (D(200),) * 6
    assert month_status(facts({6: 0}, monthly=monthly), 6).colour == "green"
    s = month_status(facts({9: 300}, monthly=monthly), 9)
    assert (s.colour, s.planned_pct, s.completed_pct) == ("yellow", D("50.00"), D("25.00"))


def test_not_started_due_this_month_is_yellow():
    # On plan in money (no plan spent yet is not the point), but 开工 planned in June and not started.
    s = month_status(facts({6: 600}, planned_start=date(2024, 6, 15)), 6)
    assert s.colour == "yellow"
    assert "计划6月开工，本月尚未开工" in s.reasons


def test_started_in_the_month_is_green():
    s = month_status(facts({6: 600}, planned_start=date(2024, 6, 1), actual_start=date(2024, 6, 28)), 6)
    assert s.colour == "green"


def test_two_months_late_to_start_yellow_three_red():
    f = facts({5: 500, 6: 600}, planned_start=date(2024, 3, 1))
    assert month_status(f, 5).colour == "yellow"  # March → May: 2 months late
    red = month_status(f, 6)  # March → June: 3 months late
    assert red.colour == "red"
    assert "已推迟3个月未开工" in red.reasons[0]


def test_late_start_from_last_year_counts_across_the_year():
    # Planned for November 2023, not started by January 2024: 2 months late, yellow; February: red.
    f = facts({1: 100, 2: 200}, planned_start=date(2023, 11, 1))
    assert month_status(f, 1).colour == "yellow"
    assert month_status(f, 2).colour == "red"


def test_red_turns_yellow_on_catch_up_then_green():
    # Apr: 400 planned (33.33 %), 0 done: 33.33 behind, red. May: 500 planned (41.67 %), 480 done
    # (40.00 %): 1.67 behind, on plan, but last month was red: yellow. Jun: 600 planned, 590 done
    # (49.17 %): 0.83 behind and May was yellow: green. April stays red in the history.
    series = status_series(facts({4: 0, 5: 480, 6: 590}), 6)
    assert [s.colour for s in series[3:]] == ["red", "yellow", "green"]
    assert "上月为红灯，本月已追上计划" in series[4].reasons[0]


def test_red_partly_made_up_is_yellow_by_the_gap_alone():
    series = status_series(facts({4: 0, 5: 250}), 5)  # May: 20.83 % done, 20.84 behind
    assert [s.colour for s in series[3:]] == ["red", "yellow"]
    assert "上月为红灯" not in "".join(series[4].reasons)


def test_catch_up_rule_can_be_switched_off():
    rules = StatusRules(catch_up_yellow=False)
    assert [s.colour for s in status_series(facts({4: 0, 5: 480}), 5, rules)[3:]] == ["red", "green"]


def test_missing_month_uses_the_latest_reported_and_says_so():
    s = month_status(facts({5: 500}), 6)  # June not reported: 1-5月 500 = 41.67 %, 8.33 behind
    assert (s.colour, s.reported_month, s.completed_pct) == ("green", 5, D("41.67"))
    assert "6月未报送，按1-5月累计完成投资计" in s.reasons


def test_nothing_reported_is_never_zero():
    s = month_status(facts({}), 6)
    assert (s.colour, s.completed_pct, s.gap_pp) == ("yellow", None, None)
    assert s.reasons == ("截至6月未报送完成投资",)


def test_edited_thresholds():
    rules = StatusRules(yellow_gap_pp=D(5), red_gap_pp=D(15), late_start_red_months=2)
    assert month_status(facts({6: 540}), 6, rules).colour == "yellow"  # 5 behind
    assert month_status(facts({6: 400}), 6, rules).colour == "red"  # 16.67 behind
    assert month_status(facts({5: 500}, planned_start=date(2024, 3, 1)), 5, rules).colour == "red"


def test_bad_rules_refused():
    with pytest.raises(ValueError):
        StatusRules(yellow_gap_pp=D(30), red_gap_pp=D(10))
