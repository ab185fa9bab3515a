"""Running the core checks (``duban.core.checks``) on incoming figures, set-wise.

One query loads the stored history of every (indicator, region) involved; the incoming
figures are laid over it, so a file is checked against itself as well as the database.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from operator import attrgetter
from typing import NamedTuple

from django.conf import settings

from duban.core import checks
from duban.core.checks import CheckResult
from duban.core.periods import Period, format_period
from duban.observations.models import Basis, Observation
from duban.observations.services import ObservationInput, quantize

HISTORY_POINTS = 12  # the region's own recent periods an outlier is judged against
HISTORY_YEARS = 3
# Growth rates move by a couple of points without anything being wrong; levels (PM2.5, counts) by a few per cent a period.
GROWTH_MAD_FLOOR_PP = 2.0
LEVEL_MAD_FLOOR_SHARE = 0.05


@dataclass(frozen=True)
class Finding:
    index: int  # position of the figure in the checked list
    field: str  # value | yoy_pct: the figure the finding is about
    result: CheckResult


class _Point(NamedTuple):  # a tuple: a million of them are made on a large import
    period: str
    end: date
    value: Decimal | None
    yoy: Decimal | None


def outlier_threshold() -> float:
    return float(getattr(settings, "DUBAN_OUTLIER_Z", checks.DEFAULT_OUTLIER_Z))


def check_inputs(items: list[ObservationInput]) -> list[Finding]:
    """Every error and warning on these figures, in the order of the list.

    A figure equal to the stored one is not checked again: it was accepted when it came in.
    """
    if not items:
        return []
    series, unchanged = _series(items)
    ordered = {key: sorted(points.values(), key=attrgetter("end")) for key, points in series.items()}
    positions = {key: {p.period: i for i, p in enumerate(points)} for key, points in ordered.items()}
    threshold = outlier_threshold()
    last_year_code: dict[str, str] = {}
    findings: list[Finding] = []
    for index, item in enumerate(items):
        if index in unchanged:
            continue
        indicator = item.indicator
        key = (indicator.id, item.region.id, item.basis, item.period.kind)
        points, here = ordered[key], positions[key][item.period.code]
        found = []
        if indicator.min_value is not None or indicator.max_value is not None:
            found.append(("value", checks.check_range(item.value, indicator.min_value, indicator.max_value, indicator.unit)))
        earlier = points[max(0, here - HISTORY_POINTS):here]
        previous = earlier[-1] if earlier and earlier[-1].end.year == item.period.end.year else None
        if (previous is not None and item.basis == Basis.YTD and _never_negative(indicator)
                and item.value is not None and previous.value is not None and item.value < previous.value):
            found.append(("value", checks.check_ytd_not_falling(
                item.value, previous.value, _label(previous.period), indicator.unit)))
        if item.yoy_pct is not None and item.value is not None:
            code = last_year_code.get(item.period.code)
            if code is None:
                code = last_year_code[item.period.code] = item.period.same_period_last_year().code
            last_year = series[key].get(code)
            if last_year is not None:
                found.append(("yoy_pct", checks.check_growth_consistency(item.value, last_year.value, item.yoy_pct)))
        if len(earlier) >= checks.MIN_HISTORY:
            found += _outliers(item, earlier, threshold)
        if found:
            findings += [Finding(index, field, result) for field, result in found if result is not None]
    return findings


def _never_negative(indicator) -> bool:
    """A flow whose declared lower bound is not negative (an undeclared bound counts as 0)."""
    return indicator.kind == "flow" and (indicator.min_value is None or indicator.min_value >= 0)


def _outliers(item: ObservationInput, earlier: list[_Point], threshold: float) -> list[tuple[str, CheckResult | None]]:
    """The growth rate against past growth rates; for stocks and rates, the change from the
    previous period against past changes (levels trend, so a level against the median of its
    past would flag every steady climb). Flow values are left to the growth rate: they rise
    through the year or follow the seasons."""
    results = []
    if item.yoy_pct is not None:
        history = [p.yoy for p in earlier if p.yoy is not None]
        results.append(("yoy_pct", checks.check_outlier(
            item.yoy_pct, history, threshold=threshold, min_mad=GROWTH_MAD_FLOOR_PP, what="增速")))
    levels = [p.value for p in earlier if p.value is not None]
    if item.value is not None and item.indicator.kind != "flow" and levels:
        changes = [b - a for a, b in zip(levels, levels[1:])]
        floor = LEVEL_MAD_FLOOR_SHARE * float(abs(levels[-1]))
        results.append(("value", checks.check_outlier(
            item.value - levels[-1], changes, threshold=threshold, min_mad=floor, what="较上期变动")))
    return results


def _printed(number):
    return None if number is None else number.normalize()


def _label(period_code: str) -> str:
    return format_period(Period.parse(period_code), "ytd")


def _series(items: list[ObservationInput]) -> tuple[dict[tuple, dict[str, _Point]], set[int]]:
    """Stored points of every series involved, with the incoming figures laid over them,
    and the positions of incoming figures equal to the stored ones."""
    series: dict[tuple, dict[str, _Point]] = defaultdict(dict)
    indicator_ids = {i.indicator.pk for i in items}
    region_ids = {i.region.pk for i in items}
    first = min(i.period.end for i in items) - timedelta(days=366 * HISTORY_YEARS)
    last = max(i.period.end for i in items)
    stored = Observation.objects.filter(
        indicator_id__in=indicator_ids, region_id__in=region_ids, period_end__gte=first, period_end__lte=last
    ).values_list("indicator_id", "region_id", "basis", "period_kind", "period", "period_end", "value", "yoy_pct")
    for indicator_id, region_id, basis, kind, period, end, value, yoy in stored.iterator(chunk_size=5000):
        # The database pads to 4 places; normalising recovers the printed precision the rounding slack needs.
        series[(indicator_id, region_id, basis, kind)][period] = _Point(period, end, _printed(value), _printed(yoy))
    unchanged = set()
    for index, item in enumerate(items):
        key = (item.indicator.id, item.region.id, item.basis, item.period.kind)
        stored_point = series[key].get(item.period.code)
        if stored_point is not None and (stored_point.value, stored_point.yoy) == (quantize(item.value), quantize(item.yoy_pct)):
            unchanged.add(index)
        series[key][item.period.code] = _Point(item.period.code, item.period.end, item.value, item.yoy_pct)
    return series, unchanged
