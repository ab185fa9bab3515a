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

import numpy as np
from django.conf import settings

from duban.core import checks
from duban.core.checks import CheckResult
from duban.core.periods import Period
from duban.core.period_text import format_period
from duban.observations.models import Basis, Observation
from duban.observations.figures import ObservationInput, quantize

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
    series, unchanged = _series(items, _stored(items))
    return _check_items(items, range(len(items)), series, unchanged)


def _check_items(items, indices, series, unchanged) -> list[Finding]:
    """The findings on ``items[i]`` for each ``i`` of ``indices`` (in that order), against ``series``."""
    ordered = {key: sorted(points.values(), key=attrgetter("end")) for key, points in series.items()}
    positions = {key: {p.period: i for i, p in enumerate(points)} for key, points in ordered.items()}
    threshold = outlier_threshold()
    last_year_code: dict[str, str] = {}
    findings: list[Finding] = []
    for index in indices:
        if index in unchanged:
            continue
        item = items[index]
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


def _stored(items) -> list[tuple]:
    """Stored figures of every series the items touch, over the history the checks look at:
    (indicator_id, region_id, basis, period_kind, period, period_end, value, yoy_pct)."""
    return _stored_rows({i.indicator.pk for i in items}, {i.region.pk for i in items}, {i.period.end for i in items})


def _stored_rows(indicator_ids: set[int], region_ids: set[int], ends: set[date]) -> list[tuple]:
    first = min(ends) - timedelta(days=366 * HISTORY_YEARS)
    stored = Observation.objects.filter(
        indicator_id__in=indicator_ids, region_id__in=region_ids, period_end__gte=first, period_end__lte=max(ends)
    ).values_list("indicator_id", "region_id", "basis", "period_kind", "period", "period_end", "value", "yoy_pct")
    # The database pads to 4 places; normalising recovers the printed precision the rounding slack needs.
    return [(i, r, b, k, p, e, _printed(v), _printed(y)) for i, r, b, k, p, e, v, y in stored.iterator(chunk_size=5000)]


def _series(items, stored: list[tuple]) -> tuple[dict[tuple, dict[str, _Point]], set[int]]:
    """Stored points of every series involved, with the incoming figures laid over them,
    and the positions of incoming figures equal to the stored ones."""
    series: dict[tuple, dict[str, _Point]] = defaultdict(dict)
    for indicator_id, region_id, basis, kind, period, end, value, yoy in stored:
        series[(indicator_id, region_id, basis, kind)][period] = _Point(period, end, value, yoy)
    unchanged = set()
    for index, item in enumerate(items):
        key = (item.indicator.id, item.region.id, item.basis, item.period.kind)
        stored_point = series[key].get(item.period.code)
        value, yoy = item.value, item.yoy_pct
        if stored_point is not None:  # a blank keeps the stored number (services._kept)
            value = stored_point.value if value is None else value
            yoy = stored_point.yoy if yoy is None else yoy
            if (stored_point.value, stored_point.yoy) == (quantize(value), quantize(yoy)):
                unchanged.add(index)
        series[key][item.period.code] = _Point(item.period.code, item.period.end, value, yoy)
    return series, unchanged


# -- the same checks for a large batch, screened with numpy ------------------------------------

# Below this many figures the plain loop is as fast.
VECTOR_MIN = 5_000
# Float screens let through anything within this of a limit; the exact checks then decide.
_MARGIN = 1e-9
_WINDOW_CHUNK = 200_000


def check_batch(batch, stored: list[tuple] | None = None) -> list[Finding]:
    """``check_inputs`` for an ``ObservationBatch``, with the same findings in the same order.

    numpy screens every figure at once (min/max as array comparisons, the previous and last
    year's point found by sorting each series, modified z-scores over sliding windows); a
    screen lets through every figure that could fail its check (floats, with a margin), and
    only those go through the exact checks of ``check_inputs``. Figures equal to the stored
    ones are left out, as there.

    ``stored``: the batch's stored rows as ``read_stored`` gave them, read beforehand; then no
    query is made (the writer may be using the connection meanwhile).
    """
    count = len(batch)
    if stored is None:
        if count < VECTOR_MIN:
            return check_inputs(batch.items())
        stored = read_stored(batch)
    if count < VECTOR_MIN:
        return _check_all(batch.items(), stored)
    screened = _screen(batch, stored)
    if screened is None:  # keys too large to pack, or repeated figures: the plain loop
        return _check_all(batch.items(), stored)
    candidates, candidate_rows = screened
    if not candidates:
        return []
    items = batch.items() if len(candidates) > count // 4 else _LazyItems(batch)
    wanted = {(batch.indicators[i].id, batch.regions[i].id, batch.bases[i], batch.periods[i].kind)
              for i in candidates}
    subset = candidate_rows
    series, unchanged = _series(_Subset(items, subset), [p for p in stored if p[:4] in wanted])
    # _series numbered the subset 0..; the checks want positions in the batch
    unchanged = {subset[i] for i in unchanged}
    return _check_items(items, candidates, series, unchanged)


class _LazyItems:
    """``batch.items()[i]`` without making every item."""

    def __init__(self, batch):
        self.batch = batch

    def __getitem__(self, i):
        b = self.batch
        return ObservationInput(b.indicators[i], b.regions[i], b.periods[i], b.bases[i], b.values[i],
                                b.yoy_pcts[i], b.ranks[i])


class _Subset:
    def __init__(self, items, indices):
        self.items, self.indices = items, indices

    def __iter__(self):
        return (self.items[i] for i in self.indices)


def _check_all(items, stored: list[tuple]) -> list[Finding]:
    """``check_inputs`` against stored rows read beforehand (the same rows ``_stored`` reads)."""
    series, unchanged = _series(items, stored)
    return _check_items(items, range(len(items)), series, unchanged)


def read_stored(batch) -> list[tuple]:
    """The stored rows ``check_batch`` checks a batch against (one query)."""
    return _stored_for_batch(batch)


def _stored_for_batch(batch) -> list[tuple]:
    def distinct(objects):  # by identity: a column repeats a few objects many times
        return dict(zip(map(id, objects), objects)).values()

    return _stored_rows({i.id for i in distinct(batch.indicators)}, {r.id for r in distinct(batch.regions)},
                        {p.end for p in distinct(batch.periods)})


def _as_index(objects: list, describe) -> tuple[np.ndarray, list]:
    """Each object's position among the distinct objects (by identity), and what ``describe`` says of each."""
    keys = list(map(id, objects))
    distinct = dict(zip(keys, objects))
    number = {key: n for n, key in enumerate(distinct)}
    return np.fromiter(map(number.__getitem__, keys), dtype=np.int64, count=len(keys)), [describe(o) for o in distinct.values()]


def _floats(values: list) -> np.ndarray:
    keys = list(map(id, values))
    distinct = dict(zip(keys, values))
    converted = {key: (np.nan if value is None else float(value)) for key, value in distinct.items()}
    return np.fromiter(map(converted.__getitem__, keys), dtype=np.float64, count=len(keys))


def _screen(batch, stored: list[tuple]):
    """(sorted batch positions that may have a finding, batch positions of every changed figure
    in their series) or None when the batch cannot be screened."""
    n = len(batch)
    kinds: dict[str, int] = {}
    ind_index, ind_info = _as_index(batch.indicators, lambda i: (
        i.id, i.min_value, i.max_value, _never_negative(i), i.kind != "flow"))
    reg_index, reg_ids = _as_index(batch.regions, lambda r: r.id)
    per_index, per_info = _as_index(batch.periods, lambda p: (
        kinds.setdefault(str(p.kind), len(kinds)), p.end.toordinal(), p.end.year,
        p.same_period_last_year().end.toordinal()))
    ind_id = np.array([info[0] for info in ind_info], dtype=np.int64)[ind_index]
    reg_id = np.array(reg_ids, dtype=np.int64)[reg_index]
    ytd = np.fromiter((b == Basis.YTD for b in batch.bases), dtype=bool, count=n)
    per = np.array(per_info, dtype=np.int64).reshape(-1, 4)
    kind, end, year, last_year_end = (per[:, c][per_index] for c in range(4))
    value, yoy = _floats(batch.values), _floats(batch.yoy_pcts)

    # stored points, in the same terms
    s_ind = np.array([p[0] for p in stored], dtype=np.int64)
    s_reg = np.array([p[1] for p in stored], dtype=np.int64)
    s_ytd = np.array([p[2] == Basis.YTD for p in stored], dtype=bool)
    s_kind = np.array([kinds.setdefault(str(p[3]), len(kinds)) for p in stored], dtype=np.int64)
    s_end = np.array([p[5].toordinal() for p in stored], dtype=np.int64)
    s_year = np.array([p[5].year for p in stored], dtype=np.int64)
    s_value = np.array([np.nan if p[6] is None else float(p[6]) for p in stored], dtype=np.float64)
    s_yoy = np.array([np.nan if p[7] is None else float(p[7]) for p in stored], dtype=np.float64)

    all_ind, all_reg = np.concatenate([ind_id, s_ind]), np.concatenate([reg_id, s_reg])
    regions_span = int(all_reg.max()) + 1
    if int(all_ind.max()) + 1 > (1 << 62) // (regions_span * 2 * 16) or len(kinds) > 16:
        return None
    packed = ((all_ind * regions_span + all_reg) * 2 + np.concatenate([ytd, s_ytd])) * 16 + np.concatenate([kind, s_kind])
    _, sid = np.unique(packed, return_inverse=True)
    base = min(int(end.min()), int(last_year_end.min()), int(s_end.min()) if len(stored) else int(end.min())) - 1
    ck = sid.astype(np.int64) * (1 << 32) + (np.concatenate([end, s_end]) - base)
    ck_in, ck_st = ck[:n], ck[n:]
    order_in = np.argsort(ck_in)
    if n > 1 and np.any(ck_in[order_in][1:] == ck_in[order_in][:-1]):
        return None  # the same figure twice: the plain loop lays the later over the earlier

    # stored points the batch replaces; of those, the figures equal to the stored ones are unchanged
    unchanged = np.zeros(n, dtype=bool)
    keep_stored = np.ones(len(stored), dtype=bool)
    if len(stored):
        at = np.searchsorted(ck_in[order_in], ck_st)
        hit = at < n
        hit[hit] = ck_in[order_in][at[hit]] == ck_st[hit]
        keep_stored = ~hit
        for stored_row in np.flatnonzero(hit):
            i = int(order_in[at[stored_row]])
            point = stored[stored_row]
            kept_value = point[6] if batch.values[i] is None else batch.values[i]  # a blank keeps the stored number
            kept_yoy = point[7] if batch.yoy_pcts[i] is None else batch.yoy_pcts[i]
            if np.isnan(value[i]) and point[6] is not None:
                value[i] = float(point[6])
            if np.isnan(yoy[i]) and point[7] is not None:
                yoy[i] = float(point[7])
            if (point[6], point[7]) == (quantize(kept_value), quantize(kept_yoy)):
                unchanged[i] = True

    # one sorted table of every point: series, then period end
    kept = np.flatnonzero(keep_stored)
    t_ck = np.concatenate([ck_in, ck_st[kept]])
    t_src = np.concatenate([np.arange(n), np.full(len(kept), -1)])
    t_value = np.concatenate([value, s_value[kept]])
    t_yoy = np.concatenate([yoy, s_yoy[kept]])
    t_year = np.concatenate([year, s_year[kept]])
    order = np.argsort(t_ck, kind="stable")
    t_ck, t_src, t_value, t_yoy, t_year = t_ck[order], t_src[order], t_value[order], t_yoy[order], t_year[order]
    t_sid = t_ck >> 32
    total = len(t_ck)
    starts = np.ones(total, dtype=bool)
    starts[1:] = t_sid[1:] != t_sid[:-1]
    first = np.maximum.accumulate(np.where(starts, np.arange(total), 0))
    depth = np.arange(total) - first  # points before this one in its series
    where_in = np.empty(n, dtype=np.int64)
    where_in[t_src[t_src >= 0]] = np.flatnonzero(t_src >= 0)

    j = where_in  # each incoming figure's place in the table
    changed = ~unchanged
    has_value, has_yoy = ~np.isnan(value), ~np.isnan(yoy)
    suspect = np.zeros(n, dtype=bool)

    # min / max: an error outside the declared range
    info = ind_info
    low = np.array([np.nan if i[1] is None else float(i[1]) for i in info])[ind_index]
    high = np.array([np.nan if i[2] is None else float(i[2]) for i in info])[ind_index]
    with np.errstate(invalid="ignore"):
        suspect |= has_value & ((~np.isnan(low) & (value <= low)) | (~np.isnan(high) & (value >= high)))

    # YTD falling: the previous point of the series, in the same year
    never_negative = np.array([i[3] for i in info], dtype=bool)[ind_index]
    has_previous = depth[j] >= 1
    previous = np.where(has_previous, j - 1, 0)
    with np.errstate(invalid="ignore"):
        suspect |= (has_previous & ytd & never_negative & has_value & (t_year[previous] == year)
                    & (value <= t_value[previous]))

    # growth against last year's value of the same series
    ly_ck = (ck_in >> 32 << 32) + (last_year_end - base)
    at = np.clip(np.searchsorted(t_ck, ly_ck), 0, total - 1)
    found = (t_ck[at] == ly_ck) & (last_year_end > base)
    last = np.where(found, t_value[at], np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        computed = (value - last) / np.abs(last) * 100
        gap = np.abs(yoy - computed)
        suspect |= (has_yoy & has_value & found & ~np.isnan(last) & (last != 0)
                    & ~(gap <= checks.DEFAULT_GROWTH_TOLERANCE_PP - _MARGIN))

    # outliers need MIN_HISTORY earlier points
    earlier = np.minimum(depth[j], HISTORY_POINTS)
    enough = earlier >= checks.MIN_HISTORY
    level_kind = np.array([i[4] for i in info], dtype=bool)[ind_index]
    suspect |= enough & has_value & level_kind  # level changes: the exact check decides
    threshold = outlier_threshold()
    rows = np.flatnonzero(enough & has_yoy & changed)
    for start in range(0, len(rows), _WINDOW_CHUNK):
        chunk = rows[start:start + _WINDOW_CHUNK]
        suspect[chunk[_growth_outliers(t_yoy, j[chunk], earlier[chunk], yoy[chunk], threshold)]] = True

    suspect &= changed
    candidates = np.flatnonzero(suspect)
    if not len(candidates):
        return [], []
    # every incoming figure of the series the candidates are in (they are their history)
    series_of = t_sid[j]
    in_series = np.isin(series_of, np.unique(series_of[candidates]))
    return candidates.tolist(), np.flatnonzero(in_series).tolist()


def _growth_outliers(t_yoy, at, earlier, yoy, threshold) -> np.ndarray:
    """Which of these figures' growth rates may be outliers against up to HISTORY_POINTS earlier
    points of their series (modified z-score, MAD floored as in ``_outliers``)."""
    offsets = np.arange(-HISTORY_POINTS, 0)
    window = t_yoy[np.clip(at[:, None] + offsets, 0, None)]
    window[offsets[None, :] < -earlier[:, None]] = np.nan
    window.sort(axis=1)  # NaN last
    known = HISTORY_POINTS - np.isnan(window).sum(axis=1)
    usable = known >= checks.MIN_HISTORY
    lo, hi = np.maximum(known - 1, 0) // 2, known // 2
    rows = np.arange(len(at))
    centre = (window[rows, lo] + window[rows, hi]) / 2
    deviation = np.abs(window - centre[:, None])
    deviation.sort(axis=1)
    mad = np.maximum((deviation[rows, lo] + deviation[rows, hi]) / 2, GROWTH_MAD_FLOOR_PP)
    score = checks.MAD_SCALE * np.abs(yoy - centre) / mad
    return usable & (score > threshold * (1 - _MARGIN) - _MARGIN)
