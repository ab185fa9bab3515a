from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.pace import (
    NON_POSITIVE_TARGET_NOTE,
    Direction,
    PaceResult,
    Projection,
    YoySource,
    at_risk,
    choose_yoy,
    derive_period_values,
    derive_ytd,
    flow_figures,
    growth_gap,
    pace,
    project_year_end,
    seasonal_time_progress,
    yoy_pct,
)

HIGHER = Direction.HIGHER_BETTER
LOWER = Direction.LOWER_BETTER


class TestPace:
    def test_ahead_of_pace(self):
        # 60 of 100 done by end of June (50 %): completion 60 %, 10 points ahead.
        result = pace(ytd_actual=60, annual_target=100, time_progress_pct=50, direction=HIGHER)
        assert result == PaceResult(60.0, 50, 10.0)

    def test_behind_pace(self):
        # 19 of 100 by end of March (25 %): 6 points behind.
        result = pace(ytd_actual=19, annual_target=100, time_progress_pct=25, direction=HIGHER)
        assert result.completion_pct == pytest.approx(19.0)
        assert result.pace_gap_pp == pytest.approx(-6.0)
        assert result.note is None and result.shortfall is None

    def test_lower_better_flips_the_gap(self):
        # Energy use cap 200, used 80 by mid-year: completion 40 %, 10 points under pace = good.
        result = pace(ytd_actual=80, annual_target=200, time_progress_pct=50, direction=LOWER)
        assert result.completion_pct == pytest.approx(40.0)
        assert result.pace_gap_pp == pytest.approx(10.0)

    def test_direction_accepts_strings(self):
        result = pace(ytd_actual=80, annual_target=200, time_progress_pct=50, direction="lower_better")
        assert result.pace_gap_pp == pytest.approx(10.0)

    def test_decimal_inputs(self):
        result = pace(
            ytd_actual=Decimal("12.34"),
            annual_target=Decimal("50"),
            time_progress_pct=Decimal("25"),
            direction=HIGHER,
        )
        assert result.completion_pct == pytest.approx(24.68)
        assert result.pace_gap_pp == pytest.approx(-0.32)
        assert result.time_progress_pct == Decimal("25")

    @pytest.mark.parametrize("target", [0, -100])
    def test_target_at_or_below_zero_has_no_completion(self, target):
        result = pace(ytd_actual=-30, annual_target=target, time_progress_pct=50, direction=HIGHER)
        assert result.completion_pct is None
        # below zero the gap is in points of the target's size: −30 against a prorated −50 is 20 better
        assert result.pace_gap_pp == (None if target == 0 else pytest.approx(20.0))
        assert result.note == NON_POSITIVE_TARGET_NOTE

    def test_negative_target_shortfall_in_the_indicator_unit(self):
        # Target −100 (e.g. a loss capped at 100); half the year gone → prorated −50;
        # actual −30 is 20 better than pace; actual −70 is 20 worse.
        result = pace(ytd_actual=-30, annual_target=-100, time_progress_pct=50, direction=HIGHER)
        assert result.shortfall == pytest.approx(20.0)
        result = pace(ytd_actual=-70, annual_target=-100, time_progress_pct=50, direction=HIGHER)
        assert result.shortfall == pytest.approx(-20.0)

    def test_negative_target_shortfall_lower_better(self):
        # Lower is better: −30 against a prorated −50 is 20 worse than pace.
        result = pace(ytd_actual=-30, annual_target=-100, time_progress_pct=50, direction=LOWER)
        assert result.shortfall == pytest.approx(-20.0)
        result = pace(ytd_actual=-60, annual_target=-100, time_progress_pct=50, direction=LOWER)
        assert result.shortfall == pytest.approx(10.0)

    def test_missing_actual(self):
        assert pace(ytd_actual=None, annual_target=100, time_progress_pct=25, direction=HIGHER) == PaceResult(
            None, 25, None
        )


class TestGrowthGap:
    def test_behind_growth_target(self):
        assert growth_gap(ytd_growth_pct=6.5, target_growth_pct=8, direction=HIGHER) == pytest.approx(-1.5)

    def test_lower_better(self):
        # Energy intensity to fall 3 %; it fell 4 %: 1 point better than target.
        assert growth_gap(ytd_growth_pct=-4, target_growth_pct=-3, direction=LOWER) == pytest.approx(1.0)

    @pytest.mark.parametrize("y, g", [(None, 8), (6.5, None)])
    def test_missing(self, y, g):
        assert growth_gap(ytd_growth_pct=y, target_growth_pct=g, direction=HIGHER) is None


class TestYoy:
    def test_growth(self):
        assert yoy_pct(108.8, 100) == pytest.approx(8.8)

    def test_decline(self):
        assert yoy_pct(90, 120) == pytest.approx(-25.0)

    def test_negative_base_uses_its_magnitude(self):
        assert yoy_pct(-25, -50) == pytest.approx(50.0)
        assert yoy_pct(10, -20) == pytest.approx(150.0)

    @pytest.mark.parametrize("current, last", [(5, 0), (None, 10), (10, None)])
    def test_undefined(self, current, last):
        assert yoy_pct(current, last) is None

    def test_reported_wins(self):
        assert choose_yoy(Decimal("8.1"), 7.95) == (Decimal("8.1"), YoySource.REPORTED)
        assert choose_yoy(Decimal("8.1"), 7.95)[1] == "reported"

    def test_computed_when_nothing_reported(self):
        assert choose_yoy(None, 7.95) == (7.95, "computed")

    def test_neither(self):
        assert choose_yoy(None, None) == (None, None)


class TestDerive:
    def test_ytd_from_period_values(self):
        assert derive_ytd([10, 20, 5]) == [10, 30, 35]

    def test_ytd_unknown_from_first_missing_period(self):
        assert derive_ytd([10, None, 5, 7]) == [10, None, None, None]

    def test_ytd_keeps_decimals(self):
        assert derive_ytd([Decimal("1.1"), Decimal("2.2")]) == [Decimal("1.1"), Decimal("3.3")]

    def test_period_values_from_ytd(self):
        assert derive_period_values([10, 30, 35]) == [10, 20, 5]

    def test_period_values_with_first_ytd_spanning_two_months(self):
        # 1-2月 = 50, 1-3月 = 80, 1-4月 = 110: the 1-2月 value is the first period value.
        assert derive_period_values([50, 80, 110]) == [50, 30, 30]

    def test_period_values_missing_neighbour(self):
        assert derive_period_values([10, None, 35, 40]) == [10, None, None, 5]
        assert derive_period_values([None, 30]) == [None, None]

    def test_round_trip(self):
        values = [Decimal("3.5"), Decimal("-1.25"), Decimal("4")]
        assert derive_period_values(derive_ytd(values)) == values

    def test_empty(self):
        assert derive_ytd([]) == [] and derive_period_values([]) == []


def _chained(values: list, ytds: list) -> tuple[list, list]:
    """flow_figures period by period over a year, as the engine chains it."""
    prev, started, out_ytd, out_value = np.array(np.nan), np.array(False), [], []
    for k, (v, y) in enumerate(zip(values, ytds)):
        as_array = lambda x: np.array(np.nan if x is None else float(x))  # noqa: E731
        prev, value, started = flow_figures(as_array(v), as_array(y), prev, started, first_of_year=k == 0)
        out_ytd.append(None if np.isnan(prev) else float(prev))
        out_value.append(None if np.isnan(value) else float(value))
    return out_ytd, out_value


maybe = st.one_of(st.none(), st.integers(-50, 50))


class TestFlowFigures:
    """The engine's step form agrees with the series forms it is defined beside."""

    # the series forms start at the year's first published figure (it may span months, 1-2月)
    @given(st.lists(maybe, max_size=12))
    def test_ytd_from_period_values(self, values):
        start = next((i for i, v in enumerate(values) if v is not None), len(values))
        expected = [None] * start + derive_ytd(values[start:])
        assert _chained(values, [None] * len(values))[0] == expected

    @given(st.lists(maybe, max_size=12))
    def test_period_values_from_ytd(self, ytds):
        start = next((i for i, y in enumerate(ytds) if y is not None), len(ytds))
        expected = [None] * start + derive_period_values(ytds[start:])
        assert _chained([None] * len(ytds), ytds)[1] == expected

    def test_reported_figures_win(self):
        assert _chained([5, 7], [10, 30]) == ([10, 30], [5, 7])


class TestSeasonal:
    def test_share_of_last_year(self):
        assert seasonal_time_progress(30, 120) == pytest.approx(25.0)

    @pytest.mark.parametrize("ytd, full", [(None, 100), (10, None), (10, 0), (10, -5)])
    def test_undefined(self, ytd, full):
        assert seasonal_time_progress(ytd, full) is None


class TestProjection:
    def test_point_and_default_interval(self):
        # Last year 40 of 100 by this period (40 %); this year 50 → 125; remaining 75 → ±7.5.
        projection = project_year_end(ytd=50, last_year_ytd_same_period=40, last_year_full=100)
        assert projection.point == pytest.approx(125.0)
        assert projection.low == pytest.approx(117.5)
        assert projection.high == pytest.approx(132.5)
        assert projection.method_zh == "按上年同期累计占全年比重（40.0%）推算全年，区间按剩余部分上下浮动10%。"

    def test_interval_from_earlier_years(self):
        # Shares 40 % (last year), 50 %, 25 %: projections 125, 100, 200.
        projection = project_year_end(
            ytd=50, last_year_ytd_same_period=40, last_year_full=100, last_years_shares=[50, 25]
        )
        assert (projection.point, projection.low, projection.high) == pytest.approx((125.0, 100.0, 200.0))
        assert "近3年同期比重" in projection.method_zh

    def test_nothing_to_project_from(self):
        assert project_year_end(ytd=None, last_year_ytd_same_period=40, last_year_full=100) is None
        assert project_year_end(ytd=50, last_year_ytd_same_period=0, last_year_full=100) is None
        assert project_year_end(ytd=50, last_year_ytd_same_period=40, last_year_full=0) is None

    def test_non_positive_earlier_share_is_an_error(self):
        with pytest.raises(ValueError):
            project_year_end(ytd=50, last_year_ytd_same_period=40, last_year_full=100, last_years_shares=[0])

    def test_at_risk(self):
        projection = Projection(point=125.0, low=117.5, high=132.5, method_zh="")
        assert at_risk(projection, 130, HIGHER)
        assert not at_risk(projection, 125, HIGHER)
        assert not at_risk(projection, 130, LOWER)
        assert at_risk(projection, 120, LOWER)
