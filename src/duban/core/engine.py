"""The monitoring engine, set-wise: every figure of one period as numpy arrays.

Inputs and results are columns: one row per indicator, one column per region (``(I, R)``
arrays, NaN for "not known"), and for peer-group figures one column per group membership
(``(I, M)``). Flow YTD and period values derive from the previous period's stored YTD,
ranks are competition ranks per (indicator, group) from one sort, warning rules become
boolean masks tried first-match-wins (``np.select``), and reason strings are formatted only
once per distinct set of printed values. The plain per-cell functions in ``pace``,
``ranking`` and ``warnings`` (assembled in ``monitor.compute_period``) are the reference
semantics this module must agree with; a differential test compares the two on generated
data. Pure and clock-free: ``as_of`` is given.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from duban.core.monitor import FLOW, RANK_BY_VALUE, RANK_BY_YOY, IndicatorSpec
from duban.core.pace import DEFAULT_REMAINING_MARGIN, NON_POSITIVE_TARGET_NOTE, Direction
from duban.core.periods import Period
from duban.core.warnings import DEFAULT_RULES, Condition, Level, WarningFacts, WarningRule

LEVELS: tuple[str, ...] = tuple(str(level) for level in Level)  # codes index this
LEVEL_CODE = {level: code for code, level in enumerate(LEVELS)}
NONE_CODE = LEVEL_CODE[str(Level.NONE)]
YOY_SOURCES = ("", "reported", "computed")  # yoy_source codes index this
STRENGTHS = ("strong", "middle", "weak")  # strength codes index this (-1: none)
REFERENCE_NONE, REFERENCE_ANNUAL = -2, -1  # else the index of the staged target in ``stages``
NAN = float("nan")


class Layout:
    """Regions (columns) and peer-group memberships.

    ``member_group`` / ``member_region``: for membership m, the index of its group in
    ``group_ids`` and of its region in ``regions``; memberships run group by group in the
    order of ``groups``, each group's members in their given order. ``slots[r]``: region r's
    memberships in group order, padded with -1.
    """

    def __init__(self, regions: Sequence[int], groups: Mapping[int, Sequence[int]]):
        self.regions = np.asarray(regions, dtype=np.int64)
        self.group_ids = np.asarray(list(groups), dtype=np.int64)
        position = {int(r): k for k, r in enumerate(self.regions)}
        member_group, member_region = [], []
        for g, members in enumerate(groups.values()):
            for region in members:
                member_group.append(g)
                member_region.append(position[region])
        self.member_group = np.asarray(member_group, dtype=np.int64)
        self.member_region = np.asarray(member_region, dtype=np.int64)
        n, m = len(self.regions), len(self.member_group)
        counts = np.bincount(self.member_region, minlength=n)
        width = int(counts.max()) if m else 0
        order = np.lexsort((self.member_group, self.member_region))
        starts = np.concatenate(([0], np.cumsum(counts)[:-1])) if n else np.zeros(0, np.int64)
        slot = np.arange(m) - starts[self.member_region[order]]
        self.slots = np.full((n, width), -1, dtype=np.int64)
        self.slots[self.member_region[order], slot] = order
        self._region_lookup = _lookup(self.regions)
        self._member_lookup = np.full((len(self.group_ids), n), -1, dtype=np.int64)
        self._member_lookup[self.member_group, self.member_region] = np.arange(m)
        self._group_lookup = _lookup(self.group_ids)

    def region_index(self, region_ids: np.ndarray) -> np.ndarray:
        """Column of each region id (-1 for a region not in the layout)."""
        return _find(self._region_lookup, region_ids)

    def member_index(self, group_ids: np.ndarray, region_ids: np.ndarray) -> np.ndarray:
        """Membership of each (group id, region id) pair (-1 where there is none)."""
        g, r = _find(self._group_lookup, group_ids), self.region_index(region_ids)
        ok = (g >= 0) & (r >= 0)
        found = np.full(len(g), -1, dtype=np.int64)
        found[ok] = self._member_lookup[g[ok], r[ok]]
        return found


def _lookup(ids: np.ndarray) -> np.ndarray:
    table = np.full(int(ids.max()) + 1 if len(ids) else 0, -1, dtype=np.int64)
    table[ids] = np.arange(len(ids))
    return table


def _find(table: np.ndarray, ids: np.ndarray) -> np.ndarray:
    ids = np.asarray(ids, dtype=np.int64)
    inside = (ids >= 0) & (ids < len(table))
    found = np.full(len(ids), -1, dtype=np.int64)
    found[inside] = table[ids[inside]]
    return found


@dataclass
class Inputs:
    """One period's inputs as columns; build with ``Inputs.empty`` and fill what is known.

    Reported figures: ``value``/``yoy_period`` (period basis), ``ytd``/``yoy_ytd`` (YTD basis).
    ``prev_*``: the engine's results for ``period.previous()`` (``prev_rank``/``prev_change``
    per membership); ``ly_*``: for ``period.same_period_last_year()``; ``ly_full``: last
    year's full-year YTD. Targets: ``has_target`` marks cells with any target row (annual,
    staged or rank); ``stage`` indexes ``stages`` (-1: none); ``rank_max`` per membership.
    """

    period: Period
    as_of: date
    indicators: Sequence[IndicatorSpec]
    layout: Layout
    value: np.ndarray
    ytd: np.ndarray
    yoy_period: np.ndarray
    yoy_ytd: np.ndarray
    prev_ytd: np.ndarray
    prev_started: np.ndarray
    prev_rank: np.ndarray
    prev_change: np.ndarray
    ly_value: np.ndarray
    ly_ytd: np.ndarray
    ly_full: np.ndarray
    has_target: np.ndarray
    target_value: np.ndarray
    target_growth: np.ndarray
    stage: np.ndarray
    stage_value: np.ndarray
    stage_growth: np.ndarray
    rank_max: np.ndarray
    stages: Sequence[Period] = ()
    rules: Sequence[WarningRule] = DEFAULT_RULES

    @classmethod
    def empty(cls, period: Period, as_of: date, indicators: Sequence[IndicatorSpec], layout: Layout, **given):
        cells = (len(indicators), len(layout.regions))
        members = (len(indicators), len(layout.member_group))
        arrays = {}
        for name in ("value", "ytd", "yoy_period", "yoy_ytd", "prev_ytd", "ly_value", "ly_ytd", "ly_full",
                     "target_value", "target_growth", "stage_value", "stage_growth"):
            arrays[name] = np.full(cells, NAN)
        for name in ("prev_rank", "prev_change", "rank_max"):
            arrays[name] = np.full(members, NAN)
        arrays["prev_started"] = np.zeros(cells, dtype=bool)
        arrays["has_target"] = np.zeros(cells, dtype=bool)
        arrays["stage"] = np.full(cells, -1, dtype=np.int64)
        return cls(period=period, as_of=as_of, indicators=indicators, layout=layout, **{**arrays, **given})


@dataclass
class Result:
    """Every figure of the period: ``(I, R)`` per cell, ``(I, M)`` per membership.

    ``yoy_source``, ``reference``, ``strength`` and ``level`` are codes (see the module
    constants); ``reasons`` indexes ``reason_lists``, the distinct JSON lists of reasons
    (code 0 is ``[]``); ``notes`` and ``projections`` are sparse, by (row, column).
    """

    inputs: Inputs
    value: np.ndarray
    ytd: np.ndarray
    ytd_started: np.ndarray
    yoy: np.ndarray
    yoy_source: np.ndarray
    figure: np.ndarray
    completion: np.ndarray
    time_progress: np.ndarray
    pace_gap: np.ndarray
    growth_gap: np.ndarray
    reference: np.ndarray
    rank: np.ndarray
    of: np.ndarray
    change: np.ndarray
    share: np.ndarray
    strength: np.ndarray
    level: np.ndarray
    reasons: np.ndarray
    reason_lists: list[str]
    gap_closed: np.ndarray
    notes: dict[tuple[int, int], str] = field(default_factory=dict)
    projections: dict[tuple[int, int], dict] = field(default_factory=dict)

    def __len__(self) -> int:
        return self.value.size


def _per_indicator(indicators: Sequence[IndicatorSpec], get) -> np.ndarray:
    return np.array([get(s) for s in indicators])[:, None]


def competition_ranks(keys: np.ndarray, partitions: np.ndarray, n_partitions: int) -> tuple[np.ndarray, np.ndarray]:
    """Competition ranks (1 + the number of strictly smaller keys) within each partition.

    ``keys``: smaller is better, NaN is missing (rank NaN, not counted). Returns the ranks
    (float, NaN for missing) and the number ranked in each partition.
    """
    present = ~np.isnan(keys)
    part, key = partitions[present], keys[present]
    # by key, then (stable) by partition: a radix sort when the partitions fit 16 bits
    by_key = np.argsort(key)
    narrow = part.astype(np.uint16) if n_partitions <= 1 << 16 else part
    order = by_key[np.argsort(narrow[by_key], kind="stable")]
    part_sorted, key_sorted = part[order], key[order]
    n = len(order)
    index = np.arange(n)
    new_part = np.ones(n, dtype=bool)
    new_part[1:] = part_sorted[1:] != part_sorted[:-1]
    new_run = new_part.copy()
    new_run[1:] |= key_sorted[1:] != key_sorted[:-1]
    part_start = np.maximum.accumulate(np.where(new_part, index, 0)) if n else index
    run_start = np.maximum.accumulate(np.where(new_run, index, 0)) if n else index
    ranked = np.empty(n)
    ranked[order] = run_start - part_start + 1
    ranks = np.full(keys.shape, NAN)
    ranks[present] = ranked
    return ranks, np.bincount(part, minlength=n_partitions)


def compute(inp: Inputs) -> Result:
    """Every figure of one period: values, YTD, YoY, ranks, target gaps, projection, warning."""
    specs, layout, period = inp.indicators, inp.layout, inp.period
    n_ind, n_reg = len(specs), len(layout.regions)
    flow = _per_indicator(specs, lambda s: s.kind == FLOW)
    lower = _per_indicator(specs, lambda s: Direction(s.direction) is Direction.LOWER_BETTER)
    sign = np.where(lower, -1.0, 1.0)

    with np.errstate(invalid="ignore", divide="ignore"):
        # -- value, YTD and YoY (see monitor._figures) --
        first_of_year = period.index == 1
        prev_ytd = np.full((n_ind, n_reg), NAN) if first_of_year else inp.prev_ytd
        started_before = np.zeros((n_ind, n_reg), bool) if first_of_year else inp.prev_started
        v0, y0 = inp.value, inp.ytd
        no_v, no_y = np.isnan(v0), np.isnan(y0)
        flow_ytd = np.where(no_y & ~no_v, np.where(started_before, prev_ytd + v0, v0), y0)
        flow_value = np.where(no_v & ~no_y, np.where(started_before, y0 - prev_ytd, y0), v0)
        value = np.where(flow, flow_value, np.where(no_v, y0, v0))
        ytd = np.where(flow, flow_ytd, NAN)
        ytd_started = flow & (started_before | ~np.isnan(flow_ytd))
        reported_yoy = np.where(flow, inp.yoy_ytd, inp.yoy_period)
        current, base = np.where(flow, ytd, value), np.where(flow, inp.ly_ytd, inp.ly_value)
        computed_yoy = np.where(base == 0, NAN, (current - base) / np.abs(base) * 100)
        has_reported = ~np.isnan(reported_yoy)
        yoy = np.where(has_reported, reported_yoy, computed_yoy)
        yoy_source = np.where(has_reported, 1, np.where(np.isnan(computed_yoy), 0, 2)).astype(np.int8)
        rank_by = _per_indicator(specs, lambda s: {RANK_BY_VALUE: 0, RANK_BY_YOY: 2}.get(s.rank_by, 1))
        figure = np.where(rank_by == 0, value, np.where(rank_by == 1, ytd, yoy))

        # -- ranks, change, share, strength per membership (see monitor._rank_groups) --
        members, n_groups = layout.member_region, len(layout.group_ids)
        figure_m = figure[:, members]
        partitions = np.arange(n_ind)[:, None] * n_groups + layout.member_group[None, :]
        rank, counted = competition_ranks(np.where(lower, figure_m, -figure_m), partitions, n_ind * n_groups)
        of = counted[partitions]
        change = inp.prev_rank - rank
        ytd_m = ytd[:, members]
        known = ~np.isnan(ytd_m)
        # bincount adds in array order, as the reference's running sum does
        totals = np.bincount(partitions[known], weights=ytd_m[known], minlength=n_ind * n_groups)[partitions]
        share = np.where(flow & known & (totals > 0), ytd_m / totals * 100, NAN)
        third = (of + 2) // 3
        strength = np.where(
            np.isnan(rank) | (of <= 0), -1, np.where(rank <= third, 0, np.where(rank > of - third, 2, 1))
        ).astype(np.int8)

        # -- targets: time progress, pace, growth gap (see monitor._apply_targets) --
        calendar = float(period.year_elapsed_share()) * 100
        seasonal = _per_indicator(specs, lambda s: s.seasonal)
        seasonal_share = inp.ly_ytd / inp.ly_full * 100
        annual_progress = np.where(seasonal & ~np.isnan(seasonal_share) & (inp.ly_full > 0), seasonal_share, calendar)
        staged = inp.stage >= 0
        stage_progress = np.array(
            [float(period.year_elapsed_share() / s.year_elapsed_share()) * 100 for s in inp.stages] or [NAN]
        )[np.maximum(inp.stage, 0)]
        has_target = inp.has_target
        time_progress = np.where(
            has_target, np.where(staged, stage_progress, annual_progress), np.where(flow, annual_progress, NAN)
        )
        reference = np.where(has_target, np.where(staged, inp.stage, REFERENCE_ANNUAL), REFERENCE_NONE)
        value_target = np.where(staged, inp.stage_value, inp.target_value)
        growth_target = np.where(has_target, np.where(staged, inp.stage_growth, inp.target_growth), NAN)
        paced = has_target & flow & ~np.isnan(value_target) & ~np.isnan(ytd)
        positive = paced & (value_target > 0)
        completion = np.where(positive, ytd / value_target * 100, NAN)
        pace_gap = np.where(positive, sign * (completion - time_progress), NAN)
        growth_gap = sign * (yoy - growth_target)

        notes = {}
        for i, r in zip(*np.nonzero(paced & ~positive)):
            shortfall = float(sign[i, 0] * (ytd[i, r] - value_target[i, r] * time_progress[i, r] / 100))
            notes[(int(i), int(r))] = (
                f"{NON_POSITIVE_TARGET_NOTE}，较序时目标{'多' if shortfall >= 0 else '少'}{abs(shortfall):.2f}"
            )
        projections = {}
        projection_share = np.where(inp.ly_full > 0, inp.ly_ytd / inp.ly_full * 100, NAN)
        projected = has_target & flow & (inp.target_value > 0) & ~np.isnan(ytd) & (projection_share > 0)
        point = ytd / projection_share * 100
        for i, r in zip(*np.nonzero(projected)):
            p, actual, target = float(point[i, r]), float(ytd[i, r]), float(inp.target_value[i, r])
            margin = abs(p - actual) * DEFAULT_REMAINING_MARGIN
            projections[(int(i), int(r))] = {
                "point": p, "low": p - margin, "high": p + margin, "target": target,
                "at_risk": bool(sign[i, 0] * (p - target) < 0),
                "method": f"按上年同期累计占全年比重（{float(projection_share[i, r]):.1f}%）推算全年，区间按剩余部分上下浮动10%。",
            }

        # -- the deciding group and the warning facts (see monitor._warning_facts) --
        slots = layout.slots
        occupied = slots >= 0
        take = np.where(occupied, slots, 0)
        rank_k, target_k, of_k = rank[:, take], inp.rank_max[:, take], of[:, take]
        with_target = occupied[None] & ~np.isnan(target_k)
        score = np.where(
            with_target.any(axis=2, keepdims=True),
            np.where(with_target, np.where(np.isnan(rank_k), -1e9, rank_k - target_k), -np.inf),
            np.where(occupied[None], -of_k, -np.inf),
        )
        if slots.shape[1]:
            chosen = np.take_along_axis(take[None].repeat(n_ind, 0), score.argmax(axis=2)[..., None], 2)[..., 0]
        else:
            chosen = np.zeros((n_ind, n_reg), dtype=np.int64)
        grouped = occupied.any(axis=1)[None, :]
        rows = np.arange(n_ind)[:, None]

        def deciding(per_member: np.ndarray) -> np.ndarray:
            return np.where(grouped, per_member[rows, chosen] if per_member.size else NAN, NAN)

        facts = {
            "reported": ~np.isnan(figure) | ~np.isnan(value) | ~np.isnan(ytd),
            "deadline_passed": _per_indicator(
                specs, lambda s: inp.as_of > period.end + timedelta(days=s.deadline_days)
            ),
            "pace_gap_pp": pace_gap,
            "growth_gap_pp": growth_gap,
            "yoy_pct": yoy,
            "growth_targeted": ~np.isnan(growth_target),
            "lower": lower,
            "rank": deciding(rank),
            "rank_target": deciding(inp.rank_max),
            "rank_change": deciding(change),
            "previous_rank_change": deciding(inp.prev_change),
        }
        facts["below"] = facts["rank"] - facts["rank_target"]
        rules = sorted(inp.rules, key=lambda rule: rule.order)
        masks = [np.broadcast_to(_matches(rule, facts), (n_ind, n_reg)) for rule in rules]
        level = np.full((n_ind, n_reg), NONE_CODE, dtype=np.int8)
        if rules:  # first match wins
            level[:] = np.select(masks, [LEVEL_CODE[str(rule.level)] for rule in rules], NONE_CODE)
        reasons, reason_lists = _reasons(rules, masks, level, facts, (n_ind, n_reg))
        gaps_known = ~np.isnan(pace_gap) | ~np.isnan(growth_gap)
        gap_closed = gaps_known & ~(pace_gap < 0) & ~(growth_gap < 0)

    return Result(
        inputs=inp, value=value, ytd=ytd, ytd_started=ytd_started, yoy=yoy, yoy_source=yoy_source, figure=figure,
        completion=completion, time_progress=time_progress, pace_gap=pace_gap, growth_gap=growth_gap,
        reference=reference, rank=rank, of=of, change=change, share=share, strength=strength, level=level,
        reasons=reasons, reason_lists=reason_lists, gap_closed=gap_closed, notes=notes, projections=projections,
    )


def _matches(rule: WarningRule, f: dict[str, np.ndarray]) -> np.ndarray:
    """The rule's condition over every cell (warnings._THRESHOLD_TESTS / _PLAIN_TESTS as masks)."""
    t = rule.threshold
    c = rule.condition
    if c is Condition.NOT_REPORTED_AFTER_DEADLINE:
        return ~f["reported"] & f["deadline_passed"]
    if c is Condition.NEGATIVE_GROWTH_WHEN_TARGETED:
        yoy = f["yoy_pct"]
        return f["growth_targeted"] & np.where(f["lower"], yoy > 0, yoy < 0)
    if c is Condition.BEHIND_PACE_MORE_THAN:
        return f["pace_gap_pp"] < -t
    if c is Condition.BEHIND_GROWTH_MORE_THAN:
        return f["growth_gap_pp"] < -t
    if c is Condition.RANK_BELOW_TARGET_BY_MORE_THAN:
        return f["below"] > t
    if c is Condition.BEHIND_PACE_UP_TO:
        return (-t <= f["pace_gap_pp"]) & (f["pace_gap_pp"] < 0)
    if c is Condition.BEHIND_GROWTH_UP_TO:
        return (-t <= f["growth_gap_pp"]) & (f["growth_gap_pp"] < 0)
    if c is Condition.RANK_BELOW_TARGET_BY:
        return (0 < f["below"]) & (f["below"] <= t)
    if c is Condition.RANK_FELL_TWO_PERIODS:
        return (f["rank_change"] < 0) & (f["previous_rank_change"] < 0)
    if c is Condition.ON_PACE_AND_RANK_MET:
        pace, growth, below = f["pace_gap_pp"], f["growth_gap_pp"], f["below"]
        judged = ~np.isnan(pace) | ~np.isnan(growth) | ~np.isnan(below)
        missed = (pace < 0) | (growth < 0) | (below > 0)
        return f["reported"] & judged & ~missed
    raise ValueError(f"unknown condition {c}")


# The facts each template field prints (a template printing none of them is one constant string).
_FIELD_FACTS = {
    "pace_gap_pp": ("pace_gap_pp",), "behind_pace_pp": ("pace_gap_pp",),
    "growth_gap_pp": ("growth_gap_pp",), "behind_growth_pp": ("growth_gap_pp",),
    "yoy_pct": ("yoy_pct",), "yoy_change_zh": ("yoy_pct",), "yoy_change_en": ("yoy_pct",),
    "rank": ("rank",), "rank_target": ("rank_target",), "rank_below_target": ("rank", "rank_target"),
    "rank_change": ("rank_change",), "rank_drop": ("rank_change",), "previous_rank_drop": ("previous_rank_change",),
    "threshold": (),
}
_INTEGER_FACTS = {"rank", "rank_target", "rank_change", "previous_rank_change"}


def _reason_texts(rule: WarningRule, f: dict[str, np.ndarray], where: tuple[np.ndarray, np.ndarray]):
    """The rule's Chinese reasons for the selected cells, formatted once per distinct printed
    facts: (the distinct JSON strings, each cell's index into them)."""
    printed = sorted(
        {fact for _, name, _, _ in string.Formatter().parse(rule.reason_template_zh) if name
         for fact in _FIELD_FACTS[name]}
    )
    count = len(where[0])
    if not printed:
        return [json.dumps(rule.reasons(WarningFacts(reported=True))[0], ensure_ascii=False)], np.zeros(count, np.int64)
    table = np.stack([np.broadcast_to(f[name], f["reported"].shape)[where] for name in printed], axis=1)
    # distinct by bit pattern (so -0.0 and 0.0, printed differently, stay apart)
    width = len(printed)
    rows = np.ascontiguousarray(table).view(np.int64 if width == 1 else np.dtype((np.void, 8 * width)))[:, 0]
    distinct, inverse = np.unique(rows, return_inverse=True)
    texts = []
    for raw in distinct:
        values = np.frombuffer(raw.tobytes(), dtype=np.float64)
        kwargs = {
            name: None if np.isnan(v) else (int(v) if name in _INTEGER_FACTS else float(v))
            for name, v in zip(printed, values)
        }
        texts.append(json.dumps(rule.reasons(WarningFacts(reported=True, **kwargs))[0], ensure_ascii=False))
    return texts, inverse.ravel()


def _reasons(rules, masks, level, f, shape) -> tuple[np.ndarray, list[str]]:
    """Each cell's reasons (every matching rule at the deciding level, in rule order) as a code
    into the distinct JSON lists (code 0: no reasons)."""
    n = level.size
    picks, texts = [], []  # per contributing rule: each cell's text index (-1: none), its texts
    for rule, mask in zip(rules, masks):
        where = np.nonzero(mask & (level == LEVEL_CODE[str(rule.level)]))
        if not len(where[0]):
            continue
        rule_texts, inverse = _reason_texts(rule, f, where)
        pick = np.full(shape, -1, dtype=np.int64)
        pick[where] = inverse
        picks.append(pick.ravel())
        texts.append(rule_texts)
    codes = np.zeros(n, dtype=np.int32)
    lists = ["[]"]
    if picks:
        # one integer per combination of picks (mixed radix), then its distinct values
        key, strides = np.zeros(n, dtype=np.int64), []
        for pick in picks:
            strides.append(int(np.prod([len(t) + 1 for t in texts[: len(strides)]], dtype=np.int64)))
            key += (pick + 1) * strides[-1]
        cells = np.nonzero(key)[0]
        combos, inverse = np.unique(key[cells], return_inverse=True)
        for combo in combos.tolist():
            chosen = [(combo // stride) % (len(t) + 1) - 1 for stride, t in zip(strides, texts)]
            lists.append("[" + ", ".join(t[k] for k, t in zip(chosen, texts) if k >= 0) + "]")
        codes[cells] = inverse.ravel() + 1
    return codes.reshape(shape), lists
