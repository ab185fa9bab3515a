"""Pace (序时进度), growth, YTD and period-value derivation and year-end projection.

Units: every percentage is in percent (8.8 means 8.8 %), every gap between two
percentages is in percentage points. Inputs (``float``, ``int`` or ``Decimal``) are
taken as given; computed percentages are ``float`` and are rounded only at display.
Values that add up (YTD sums, period differences) keep the type they came in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

import numpy as np

Number = float | int | Decimal

NON_POSITIVE_TARGET_NOTE = "目标值小于等于零，完成率无意义"

# Without a spread of earlier years, the projection interval is the point
# projection ± this share of the part of the year still to come.
DEFAULT_REMAINING_MARGIN = 0.10


class Direction(StrEnum):
    HIGHER_BETTER = "higher_better"
    LOWER_BETTER = "lower_better"


def _favourable_sign(direction: Direction | str) -> int:
    """+1 when more is better, -1 when less is better: every gap is multiplied by it."""
    return 1 if Direction(direction) is Direction.HIGHER_BETTER else -1


@dataclass(frozen=True)
class PaceResult:
    """Completion against an annual target at one period.

    ``completion_pct``: YTD actual ÷ annual target, in percent.
    ``time_progress_pct``: as given by the caller (calendar or seasonal), in percent.
    ``pace_gap_pp``: completion − time progress in points; positive is favourable
    (ahead of pace), so for lower_better it is time progress − completion.
    ``shortfall``: only for a target at or below zero, where no completion rate
    exists: actual − pace-prorated target (target × time progress), in the
    indicator's own unit, signed like ``pace_gap_pp`` (positive is favourable); below zero
    ``pace_gap_pp`` is that shortfall in points of the target's size.
    ``note``: why a figure is missing, in Chinese, for display.
    """

    completion_pct: float | None
    time_progress_pct: Number
    pace_gap_pp: float | None
    shortfall: float | None = None
    note: str | None = None


def pace(
    *,
    ytd_actual: Number | None,
    annual_target: Number | None,
    time_progress_pct: Number,
    direction: Direction | str,
) -> PaceResult:
    """Completion rate and pace gap for a flow indicator with an annual value target.

    A target at or below zero makes a completion rate meaningless (a ratio with a
    zero or negative denominator), so completion is None and the result carries
    ``shortfall`` in the indicator's unit plus a note saying so; the gap in points is the
    shortfall per hundred of the target's size (None for a target of zero).
    A missing actual or target gives an empty result.
    """
    if ytd_actual is None or annual_target is None:
        return PaceResult(None, time_progress_pct, None)
    sign = _favourable_sign(direction)
    actual, target, progress = float(ytd_actual), float(annual_target), float(time_progress_pct)
    if target <= 0:
        shortfall = sign * (actual - target * progress / 100)
        return PaceResult(
            None,
            time_progress_pct,
            shortfall / abs(target) * 100 if target < 0 else None,
            shortfall=shortfall,
            note=NON_POSITIVE_TARGET_NOTE,
        )
    completion = actual / target * 100
    return PaceResult(completion, time_progress_pct, sign * (completion - progress))


def growth_gap(
    *,
    ytd_growth_pct: Number | None,
    target_growth_pct: Number | None,
    direction: Direction | str,
) -> float | None:
    """YTD growth − target growth in points (flipped for lower_better); None if either is missing."""
    if ytd_growth_pct is None or target_growth_pct is None:
        return None
    return _favourable_sign(direction) * (float(ytd_growth_pct) - float(target_growth_pct))


def yoy_pct(current: Number | None, last_year: Number | None) -> float | None:
    """Year-on-year change in percent.

    None when either value is missing or last year is zero. A negative base is
    measured against its magnitude, so moving from -50 to -25 is +50 %.
    """
    if current is None or last_year is None or last_year == 0:
        return None
    return (float(current) - float(last_year)) / abs(float(last_year)) * 100


class YoySource(StrEnum):
    REPORTED = "reported"
    COMPUTED = "computed"


def choose_yoy(
    reported: Number | None, computed: Number | None
) -> tuple[Number | None, YoySource | None]:
    """The YoY rate to show and where it came from.

    Statistics bureaus publish growth on a comparable basis, so a reported rate wins
    over one computed from last year's value.
    """
    if reported is not None:
        return reported, YoySource.REPORTED
    if computed is not None:
        return computed, YoySource.COMPUTED
    return None, None


def flow_figures(
    value: np.ndarray, ytd: np.ndarray, prev_ytd: np.ndarray, started_before: np.ndarray, *, first_of_year: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A flow's YTD and period value at one period, each derived from the other: the one place
    production derives them (the engine chains it period by period on its stored results).

    Elementwise over arrays, NaN for missing. ``value``/``ytd``: as reported (period and YTD
    basis); ``prev_ytd``: the previous period's YTD; ``started_before``: some YTD of this year was
    known before this period. A reported figure wins; otherwise YTD = previous YTD + value and
    value = YTD − previous YTD, except at the year's first figure, where each is the other (it
    may span months: 1-2月 published together is the year's first period value). A gap in the
    year leaves what depends on it unknown. Returns (ytd, value, started) where ``started``
    carries ``started_before`` to the next period. ``derive_ytd`` and ``derive_period_values``
    below are the same rule over a whole year's series, kept as the reference the tests check
    this against.
    """
    if first_of_year:
        prev_ytd, started_before = np.full(np.shape(ytd), np.nan), np.zeros(np.shape(ytd), dtype=bool)
    no_value, no_ytd = np.isnan(value), np.isnan(ytd)
    derived_ytd = np.where(no_ytd & ~no_value, np.where(started_before, prev_ytd + value, value), ytd)
    derived_value = np.where(no_value & ~no_ytd, np.where(started_before, ytd - prev_ytd, ytd), value)
    return derived_ytd, derived_value, started_before | ~np.isnan(derived_ytd)


def derive_ytd(period_values: Sequence[Number | None]) -> list[Number | None]:
    """Cumulative sums of consecutive period values, from the year's first published one
    (which may span months, e.g. 1-2月 published together).

    A missing period makes every later YTD value unknown.
    """
    ytd: list[Number | None] = []
    running: Number | None = 0
    for value in period_values:
        running = None if running is None or value is None else running + value
        ytd.append(running)
    return ytd


def derive_period_values(ytd_values: Sequence[Number | None]) -> list[Number | None]:
    """Period values from consecutive YTD values.

    The list starts at the first published YTD value of the year, whose period value
    equals its YTD value (that first period may span months, e.g. 1-2月). Each later
    value is the difference of its YTD and the previous one; None where either is missing.
    """
    values: list[Number | None] = []
    previous: Number | None = 0
    for ytd in ytd_values:
        values.append(None if ytd is None or previous is None else ytd - previous)
        previous = ytd
    return values


def seasonal_time_progress(
    last_year_ytd_at_period: Number | None, last_year_full_year: Number | None
) -> float | None:
    """Share of last year's full-year value reached by this period, in percent.

    Used as a seasonal time progress instead of the calendar share. None when either
    value is missing or the full year is not positive.
    """
    if last_year_ytd_at_period is None or last_year_full_year is None or last_year_full_year <= 0:
        return None
    return float(last_year_ytd_at_period) / float(last_year_full_year) * 100


@dataclass(frozen=True)
class Projection:
    """Projected full-year value, in the indicator's unit, with an interval."""

    point: float
    low: float
    high: float
    method_zh: str


def project_year_end(
    *,
    ytd: Number | None,
    last_year_ytd_same_period: Number | None,
    last_year_full: Number | None,
    last_years_shares: Iterable[Number] = (),
) -> Projection | None:
    """Project the full year by assuming this year follows last year's seasonal profile.

    point = YTD ÷ (last year's share of its full year reached by this period).
    ``last_years_shares``: the same-period shares (in percent) of earlier years; when
    given, the interval runs from the projections with the largest and smallest share
    among them and last year's. Otherwise the interval is the point ± 10 % of the part
    of the year still to come. None when there is nothing to project from.
    """
    share = seasonal_time_progress(last_year_ytd_same_period, last_year_full)
    if ytd is None or share is None or share <= 0:
        return None
    actual = float(ytd)
    point = actual / share * 100
    earlier_shares = [float(s) for s in last_years_shares]
    if earlier_shares:
        shares = [share, *earlier_shares]
        if min(shares) <= 0:
            raise ValueError(f"same-period shares must be positive: {earlier_shares}")
        bounds = (actual / max(shares) * 100, actual / min(shares) * 100)
        interval_zh = f"区间按近{len(shares)}年同期比重的最高值与最低值推算"
    else:
        margin = abs(point - actual) * DEFAULT_REMAINING_MARGIN
        bounds = (point - margin, point + margin)
        interval_zh = "区间按剩余部分上下浮动10%"
    low, high = sorted(bounds)
    method_zh = f"按上年同期累计占全年比重（{share:.1f}%）推算全年，{interval_zh}。"
    return Projection(point, low, high, method_zh)


def at_risk(projection: Projection, annual_target: Number, direction: Direction | str) -> bool:
    """True when the point projection misses the annual target."""
    return _favourable_sign(direction) * (projection.point - float(annual_target)) < 0
