from decimal import Decimal

import pytest

from duban.core.pace import Direction
from duban.core.warnings import (
    DEFAULT_RULES,
    Condition,
    Cause,
    RollUp,
    WarningFacts,
    WarningLevel,
    WarningResult,
    WarningRule,
    catch_up_level,
    closing_period,
    evaluate,
    format_one_decimal,
    roll_up,
)


def judge(**facts) -> WarningResult:
    return evaluate(WarningFacts(**{"reported": True, **facts}))


class TestDefaultRules:
    def test_order_follows_the_design(self):
        assert [(r.level, r.condition, r.threshold) for r in DEFAULT_RULES] == [
            ("pending", "not_reported_after_deadline", None),
            ("red", "negative_growth_when_targeted", None),
            ("red", "behind_pace_more_than", 5),
            ("red", "behind_growth_more_than", 5),
            ("red", "rank_below_target_by_more_than", 1),
            ("yellow", "behind_pace_up_to", 5),
            ("yellow", "behind_growth_up_to", 5),
            ("yellow", "rank_below_target_by", 1),
            ("yellow", "rank_fell_two_periods", None),
            ("green", "on_pace_and_rank_met", None),
        ]

    def test_pending_when_not_reported_after_deadline(self):
        result = evaluate(WarningFacts(reported=False, deadline_passed=True, rank_target=3))
        assert result == WarningResult(WarningLevel.PENDING, ["截至报送时限未报送"], ["not reported by the deadline"], 10)

    def test_not_reported_before_deadline_is_none_not_green(self):
        result = evaluate(WarningFacts(reported=False, deadline_passed=False, pace_gap_pp=2.0))
        assert result.level == "none"

    def test_nothing_to_judge_is_none(self):
        assert judge() == WarningResult(WarningLevel.NONE, [], [], None)
        assert judge(yoy_pct=3.0, rank=4).level == "none"

    def test_negative_growth_where_growth_is_targeted_is_red(self):
        result = judge(yoy_pct=-3.25, growth_targeted=True, growth_gap_pp=-0.5)
        assert result.level == "red"
        assert result.reasons == ["同比下降 3.3%，与增速目标方向相反"]
        assert result.reasons_en == ["year on year down 3.3%, against the growth target"]
        assert result.rule_order == 20

    def test_negative_growth_without_growth_target_is_not_red(self):
        assert judge(yoy_pct=-3.0, pace_gap_pp=1.0).level == "green"

    def test_growth_against_a_lower_better_target_is_red(self):
        result = judge(yoy_pct=2.0, growth_targeted=True, direction="lower_better")
        assert result.level == "red"
        assert result.reasons == ["同比增长 2.0%，与增速目标方向相反"]
        assert judge(yoy_pct=-2.0, growth_targeted=True, direction=Direction.LOWER_BETTER).level == "none"

    def test_behind_pace_by_more_than_five_is_red(self):
        result = judge(pace_gap_pp=-6.2)
        assert (result.level, result.reasons, result.rule_order) == ("red", ["慢于序时进度 6.2 个百分点"], 30)
        assert result.reasons_en == ["behind pace by 6.2 points"]

    def test_behind_growth_by_more_than_five_is_red(self):
        result = judge(growth_gap_pp=-5.05)  # shown as 5.1: judged as shown
        assert (result.level, result.reasons) == ("red", ["低于目标增速 5.1 个百分点"])
        assert judge(growth_gap_pp=-5.01).level == "yellow"  # shown as 5.0

    def test_more_than_one_place_below_rank_target_is_red(self):
        result = judge(group="金华9县市区", rank=6, rank_target=3)
        assert (result.level, result.reasons) == ("red", ["金华9县市区第6位，目标前3"])
        assert result.reasons_en == ["ranked 6 in 金华9县市区, target top 3"]

    def test_every_red_reason_is_given(self):
        result = judge(pace_gap_pp=-6.2, group="全省", rank=6, rank_target=3, rank_change=-1, previous_rank_change=-1)
        assert result.level == "red"
        assert result.reasons == ["慢于序时进度 6.2 个百分点", "全省第6位，目标前3"]
        assert result.rule_order == 30

    def test_behind_pace_by_exactly_five_is_yellow(self):
        result = judge(pace_gap_pp=-5.0)
        assert (result.level, result.reasons, result.rule_order) == ("yellow", ["慢于序时进度 5.0 个百分点"], 60)

    def test_behind_pace_a_little_is_yellow(self):
        assert judge(pace_gap_pp=-0.05).reasons == ["慢于序时进度 0.1 个百分点"]
        assert judge(pace_gap_pp=-0.05).level == "yellow"

    def test_behind_growth_up_to_five_is_yellow(self):
        result = judge(growth_gap_pp=Decimal("-1.5"))
        assert (result.level, result.reasons) == ("yellow", ["低于目标增速 1.5 个百分点"])

    def test_one_place_below_rank_target_is_yellow(self):
        result = judge(group="金华9县市区", rank=4, rank_target=3, pace_gap_pp=2.0)
        assert (result.level, result.reasons, result.rule_order) == ("yellow", ["金华9县市区第4位，目标前3"], 80)

    def test_rank_fell_two_periods_is_yellow(self):
        result = judge(rank=2, rank_target=3, rank_change=-2, previous_rank_change=-1)
        assert (result.level, result.reasons) == ("yellow", ["位次较上期下降 2 位，连续两期下降"])
        assert result.reasons_en == ["rank down 2 place(s), the second fall in a row"]

    def test_rank_fell_once_is_not_yellow(self):
        assert judge(rank=2, rank_target=3, rank_change=-2, previous_rank_change=0).level == "green"
        assert judge(rank=2, rank_target=3, rank_change=-2).level == "green"

    def test_on_pace_and_rank_met_is_green(self):
        result = judge(pace_gap_pp=0.0, rank=3, rank_target=3)
        assert result == WarningResult(WarningLevel.GREEN, ["达到序时进度和位次目标"], ["on pace and rank target met"], 100)

    def test_green_on_pace_alone_or_rank_alone(self):
        assert judge(pace_gap_pp=1.0).level == "green"
        assert judge(growth_gap_pp=0.3).level == "green"
        assert judge(rank=1, rank_target=3).level == "green"

    def test_rank_without_rank_target_is_not_judged(self):
        assert judge(pace_gap_pp=1.0, rank=9).level == "green"


class TestCustomRules:
    def test_first_matching_rule_by_order_decides(self):
        rules = [
            WarningRule(2, "yellow", "behind_pace_up_to", 10, "慢 {behind_pace_pp:.1f}", "behind"),
            WarningRule(1, "red", "behind_pace_more_than", 3, "严重滞后 {behind_pace_pp:.1f}", "far behind"),
        ]
        result = evaluate(WarningFacts(reported=True, pace_gap_pp=-4.0), rules)
        assert (result.level, result.reasons, result.rule_order) == ("red", ["严重滞后 4.0"], 1)

    def test_missing_values_render_as_a_dash(self):
        rule = WarningRule(1, "yellow", "behind_pace_up_to", 5, "慢 {behind_pace_pp:.1f}，位次 {rank}", "x")
        assert evaluate(WarningFacts(reported=True, pace_gap_pp=-1.25), [rule]).reasons == ["慢 1.3，位次 —"]

    def test_threshold_in_reason(self):
        rule = WarningRule(1, "red", "rank_below_target_by_more_than", 2, "低于目标超过 {threshold} 位", "x")
        assert evaluate(WarningFacts(reported=True, rank=9, rank_target=3), [rule]).reasons == ["低于目标超过 2 位"]

    def test_no_rule_matches_is_none(self):
        assert evaluate(WarningFacts(reported=True, pace_gap_pp=-1.0), []).level == "none"

    def test_strings_from_storage_become_enums(self):
        rule = WarningRule(1, "red", "behind_pace_more_than", 5.0, "", "")
        assert rule.level is WarningLevel.RED and rule.condition is Condition.BEHIND_PACE_MORE_THAN

    @pytest.mark.parametrize(
        "level, condition, threshold, template",
        [
            ("purple", "behind_pace_up_to", 5, ""),
            ("none", "behind_pace_up_to", 5, ""),
            ("red", "behind_schedule", 5, ""),
            ("red", "behind_pace_up_to", None, ""),
            ("red", "behind_pace_up_to", -1, ""),
            ("red", "rank_fell_two_periods", 2, ""),
            ("green", "not_reported_after_deadline", None, ""),
            ("red", "behind_pace_up_to", 5, "慢 {gap}"),
        ],
    )
    def test_invalid_rules_are_refused(self, level, condition, threshold, template):
        with pytest.raises(ValueError):
            WarningRule(1, level, condition, threshold, template, "")


class TestCatchUp:
    def test_red_closed_later_shows_yellow(self):
        assert catch_up_level("red", closed_by="2024-05") == (WarningLevel.YELLOW, "前期红灯，2024-05已追平差距")

    def test_red_not_closed_stays_red(self):
        assert catch_up_level(WarningLevel.RED, closed_by=None) == (WarningLevel.RED, None)

    @pytest.mark.parametrize("level", ["yellow", "green", "pending", "none"])
    def test_other_levels_unchanged(self, level):
        assert catch_up_level(level, closed_by="2024-05") == (level, None)

    def test_a_red_turns_yellow_only_once_its_own_causes_are_made_up(self):
        later = [("2024-04", Cause.PACE), ("2024-05", Cause.PACE | Cause.GROWTH), ("2024-06", Cause.PACE | Cause.RANK)]
        assert closing_period(int(Cause.RANK), later) == "2024-06"  # April's closed pace does not make up a rank
        assert closing_period(int(Cause.PACE), later) == "2024-04"
        assert closing_period(int(Cause.PACE | Cause.RANK), later) == "2024-06"
        assert closing_period(int(Cause.RANK_TREND), later) is None
        assert closing_period(0, later) is None  # a red with no known cause never catches up

    def test_causes_of_a_red(self):
        assert judge(pace_gap_pp=-8.0).causes == Cause.PACE
        both = judge(pace_gap_pp=-8.0, group="五县", rank=5, rank_target=2)
        assert both.causes == Cause.PACE | Cause.RANK
        assert both.reasons == ["慢于序时进度 8.0 个百分点", "五县第5位，目标前2"]

    def test_a_gap_that_shows_as_zero_is_on_pace(self):
        assert judge(pace_gap_pp=-0.04).level == "green"
        assert judge(pace_gap_pp=-0.05).level == "yellow"  # shown as -0.1 (half up)
        assert judge(growth_gap_pp=-0.049).level == "green"


class TestRollUp:
    def test_worst_and_counts(self):
        result = roll_up(["green", "yellow", "green", WarningLevel.PENDING, "none"])
        assert result == RollUp(WarningLevel.PENDING, {"red": 0, "pending": 1, "yellow": 1, "green": 2, "none": 1})
        assert list(result.counts) == ["red", "pending", "yellow", "green", "none"]

    def test_red_is_worst(self):
        assert roll_up(["pending", "red", "yellow"]).worst == "red"

    def test_green_over_none(self):
        assert roll_up(["none", "green"]).worst == "green"

    def test_empty(self):
        assert roll_up([]).worst == "none"


def test_one_decimal_rounds_half_up():
    assert format_one_decimal(8.05) == "8.1"
    assert format_one_decimal(Decimal("-2.35")) == "-2.4"
    assert format_one_decimal(3) == "3.0"
