"""The monitoring engine, set-wise: every figure of one period as numpy arrays.

Inputs and results are columns: one row per indicator, one column per region (``(I, R)``
arrays, NaN for "not known"), and for peer-group figures one column per group membership
(``(I, M)``). Flow YTD and period values derive from the previous period's stored YTD
(``pace.flow_figures``),
ranks are competition ranks per (indicator, group) from one sort, warning rules become
boolean masks tried first-match-wins (``np.select``), and reason strings are formatted only
once per distinct set of printed values (``core.reasons``). The plain per-cell functions in
``pace``, ``ranking`` and ``warnings`` are the reference semantics: a per-cell oracle built from
them (``tests/core/engine_oracle.py``) is compared with this module on generated data. Pure and
clock-free: ``as_of`` is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from duban.core.pace import DEFAULT_REMAINING_MARGIN, NON_POSITIVE_TARGET_NOTE, Direction, flow_figures
from duban.core.periods import Period
from duban.core.ranking import published_array
from duban.core.reasons import reasons as _reasons
from duban.core.warnings import CAUSE_OF, DEFAULT_RULES, GAP_DECIMALS, LEVEL_CODE, WarningLevel, WarningRule, causes_met

FLOW, STOCK, RATE = "flow", "stock", "rate"
RANK_BY_VALUE, RANK_BY_YTD, RANK_BY_YOY = "value", "ytd", "yoy_pct"
DEFAULT_RANK_QUORUM = 0.5  # a group's ranks are shown once more than this share of it has published


@dataclass(frozen=True)
class IndicatorSpec:
    """What the engine needs of an indicator. ``decimals``: the published precision of its ranked
    figure; ``additive``: whether its figures add up across regions (share and group total)."""

    id: int
    kind: str
    direction: str = Direction.HIGHER_BETTER
    rank_by: str = RANK_BY_YOY
    seasonal: bool = False  # time progress from last year's profile instead of the calendar
    deadline_days: int = 15
    decimals: int = 1
    additive: bool = True

LEVELS: tuple[str, ...] = tuple(LEVEL_CODE)  # codes index this
NONE_CODE = LEVEL_CODE[str(WarningLevel.NONE)]
YOY_SOURCES = ("", "reported", "computed")  # yoy_source codes index this
STRENGTHS = ("strong", "middle", "weak")  # strength codes index this (-1: none)
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
    due: np.ndarray | None = None
    stages: Sequence[Period] = ()
    rules: Sequence[WarningRule] = DEFAULT_RULES
    group_names: Sequence[str] = ()
    rank_quorum: float = DEFAULT_RANK_QUORUM

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
        arrays["due"] = np.ones(len(indicators), dtype=bool)
        return cls(period=period, as_of=as_of, indicators=indicators, layout=layout, **{**arrays, **given})


@dataclass
class Result:
    """Every figure of the period: ``(I, R)`` per cell, ``(I, M)`` per membership.

    ``yoy_source``, ``strength`` and ``level`` are codes (see the module constants); ``stage``
    indexes ``inputs.stages`` (-1: no staged target covers the cell); ``reasons`` indexes
    ``reason_lists``, the distinct JSON lists of reasons (code 0 is ``[]``); ``causes`` and
    ``met`` are ``warnings.Cause`` bits (what a red is about, what the cell has made up);
    ``notes`` and ``projections`` are sparse, by (row, column).
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
    stage: np.ndarray
    stage_completion: np.ndarray
    stage_gap: np.ndarray
    rank: np.ndarray
    of: np.ndarray
    change: np.ndarray
    share: np.ndarray
    strength: np.ndarray
    level: np.ndarray
    reasons: np.ndarray
    reason_lists: list[str]
    causes: np.ndarray
    met: np.ndarray
    notes: dict[tuple[int, int], str] = field(default_factory=dict)
    projections: dict[tuple[int, int], dict] = field(default_factory=dict)

    def __len__(self) -> int:
        return self.value.size


def _per_indicator(indicators: Sequence[IndicatorSpec], get, dtype=bool) -> np.ndarray:
    return np.array([get(s) for s in indicators], dtype=dtype).reshape(-1, 1)


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
        # -- value, YTD (derived by pace.flow_figures) and YoY --
        v0, y0 = inp.value, inp.ytd
        flow_ytd, flow_value, flow_started = flow_figures(
            v0, y0, inp.prev_ytd, inp.prev_started, first_of_year=period.index == 1
        )
        # a stock or rate published year-to-date (1-9月) is still its level at the period end
        value = np.where(flow, flow_value, np.where(np.isnan(v0), y0, v0))
        ytd = np.where(flow, flow_ytd, NAN)
        ytd_started = flow & flow_started
        level_yoy = np.where(np.isnan(inp.yoy_period), inp.yoy_ytd, inp.yoy_period)
        reported_yoy = np.where(flow, inp.yoy_ytd, level_yoy)
        current, base = np.where(flow, ytd, value), np.where(flow, inp.ly_ytd, inp.ly_value)
        computed_yoy = np.where(base == 0, NAN, (current - base) / np.abs(base) * 100)
        has_reported = ~np.isnan(reported_yoy)
        yoy = np.where(has_reported, reported_yoy, computed_yoy)
        yoy_source = np.where(has_reported, 1, np.where(np.isnan(computed_yoy), 0, 2)).astype(np.int8)
        rank_by = _per_indicator(specs, lambda s: {RANK_BY_VALUE: 0, RANK_BY_YOY: 2}.get(s.rank_by, 1), np.int8)
        raw_figure = np.where(rank_by == 0, value, np.where(rank_by == 1, np.where(flow, ytd, value), yoy))
        # ranked as published: rounded half up at the indicator's precision
        figure = published_array(raw_figure, _per_indicator(specs, lambda s: s.decimals, np.int64))

        # -- ranks, change, share, strength per membership --
        members, n_groups = layout.member_region, len(layout.group_ids)
        figure_m = figure[:, members]
        partitions = np.arange(n_ind)[:, None] * n_groups + layout.member_group[None, :]
        rank, counted = competition_ranks(np.where(lower, figure_m, -figure_m), partitions, n_ind * n_groups)
        of = counted[partitions]
        size = np.bincount(layout.member_group, minlength=n_groups)[layout.member_group][None, :]
        rank = np.where(of > inp.rank_quorum * size, rank, NAN)  # too few published: no rank yet
        change = inp.prev_rank - rank
        ytd_m = ytd[:, members]
        known = ~np.isnan(ytd_m)
        # bincount adds in array order, as a running sum over the members does
        totals = np.bincount(partitions[known], weights=ytd_m[known], minlength=n_ind * n_groups)[partitions]
        additive = flow & _per_indicator(specs, lambda s: s.additive)
        share = np.where(additive & known & (totals > 0), ytd_m / totals * 100, NAN)
        third = (of + 2) // 3
        strength = np.where(
            np.isnan(rank) | (of <= 0), -1, np.where(rank <= third, 0, np.where(rank > of - third, 2, 1))
        ).astype(np.int8)

        # -- targets: completion and pace against the annual target, a staged target's beside it --
        calendar = float(period.year_elapsed_share()) * 100
        seasonal = _per_indicator(specs, lambda s: s.seasonal)
        seasonal_share = inp.ly_ytd / inp.ly_full * 100
        annual_progress = np.where(seasonal & ~np.isnan(seasonal_share) & (inp.ly_full > 0), seasonal_share, calendar)
        has_target = inp.has_target
        time_progress = np.where(has_target | flow, annual_progress, NAN)
        paced = has_target & flow & ~np.isnan(inp.target_value) & ~np.isnan(ytd)
        positive = paced & (inp.target_value > 0)
        negative = paced & (inp.target_value < 0)
        completion = np.where(positive, ytd / inp.target_value * 100, NAN)
        # at or below zero there is no completion rate: the gap to the prorated target, in points
        # of the target's size (none at zero)
        prorated = inp.target_value * time_progress / 100
        shortfall = sign * (ytd - prorated)
        pace_gap = np.where(
            positive, sign * (completion - time_progress),
            np.where(negative, shortfall / np.abs(inp.target_value) * 100, NAN),
        )
        growth_gap = sign * (yoy - inp.target_growth)
        staged = has_target & (inp.stage >= 0) & flow & ~np.isnan(ytd) & (inp.stage_value > 0)
        stage = np.where(staged, inp.stage, -1)
        stage_progress = np.array(
            [float(period.year_elapsed_share() / s.year_elapsed_share()) * 100 for s in inp.stages] or [NAN]
        )[np.maximum(inp.stage, 0)]
        stage_completion = np.where(staged, ytd / inp.stage_value * 100, NAN)
        stage_gap = np.where(staged, sign * (stage_completion - stage_progress), NAN)

        notes = {}
        for i, r in zip(*np.nonzero(paced & ~positive)):
            gap = float(shortfall[i, r])
            notes[(int(i), int(r))] = f"{NON_POSITIVE_TARGET_NOTE}，较序时目标{'多' if gap >= 0 else '少'}{abs(gap):.2f}"
        projections = _projections(inp, period, ytd, sign, has_target & flow & (inp.target_value > 0) & ~np.isnan(ytd))

        # -- the deciding group and the warning facts --
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
            "deadline_passed": _per_indicator(specs, lambda s: inp.as_of > period.end + timedelta(days=s.deadline_days))
            & np.asarray(inp.due, dtype=bool).reshape(-1, 1),
            "pace_gap_pp": published_array(pace_gap, GAP_DECIMALS),
            "growth_gap_pp": published_array(growth_gap, GAP_DECIMALS),
            "yoy_pct": yoy,
            "growth_targeted": ~np.isnan(np.where(has_target, inp.target_growth, NAN)),
            "lower": lower,
            "group": deciding(np.broadcast_to(layout.member_group.astype(float), rank.shape)),
            "rank": deciding(rank),
            "rank_target": deciding(inp.rank_max),
            "rank_change": deciding(change),
            "previous_rank_change": deciding(inp.prev_change),
        }
        facts["below"] = facts["rank"] - facts["rank_target"]
        rules = sorted(inp.rules, key=lambda rule: rule.order)
        masks = [np.broadcast_to(rule.test(facts), (n_ind, n_reg)) for rule in rules]
        level = np.full((n_ind, n_reg), NONE_CODE, dtype=np.int8)
        causes = np.zeros((n_ind, n_reg), dtype=np.int16)
        if rules:  # first match wins
            level[:] = np.select(masks, [LEVEL_CODE[str(rule.level)] for rule in rules], NONE_CODE)
            for rule, mask in zip(rules, masks):
                causes |= np.where(mask & (level == LEVEL_CODE[str(rule.level)]), int(CAUSE_OF[rule.condition]), 0)
        causes = np.where(level == LEVEL_CODE[str(WarningLevel.RED)], causes, 0).astype(np.int16)
        reasons, reason_lists = _reasons(rules, masks, level, facts, list(inp.group_names))
        met = causes_met(facts)

    return Result(
        inputs=inp, value=value, ytd=ytd, ytd_started=ytd_started, yoy=yoy, yoy_source=yoy_source, figure=figure,
        completion=completion, time_progress=time_progress, pace_gap=pace_gap, growth_gap=growth_gap,
        stage=stage, stage_completion=stage_completion, stage_gap=stage_gap, rank=rank, of=of, change=change,
        share=share, strength=strength, level=level, reasons=reasons, reason_lists=reason_lists, causes=causes,
        met=met, notes=notes, projections=projections,
    )


def is_year_end(period: Period) -> bool:
    """The year's last period: its YTD figure is the year's result, not a basis for a projection."""
    return period.next().year != period.year


def _projections(inp: Inputs, period: Period, ytd: np.ndarray, sign: np.ndarray, wanted: np.ndarray) -> dict:
    """Year-end projections where an annual value target exists; at year end the result and whether
    the target was met."""
    projections = {}
    if is_year_end(period):
        for i, r in zip(*np.nonzero(wanted)):
            actual, target = float(ytd[i, r]), float(inp.target_value[i, r])
            met = bool(sign[i, 0] * (actual - target) >= 0)
            projections[(int(i), int(r))] = {
                "point": actual, "low": actual, "high": actual, "target": target, "at_risk": not met,
                "final": True, "met": met, "method": "全年实绩（不是预测）。",
            }
        return projections
    share = np.where(inp.ly_full > 0, inp.ly_ytd / inp.ly_full * 100, NAN)
    point = ytd / share * 100
    for i, r in zip(*np.nonzero(wanted & (share > 0))):
        p, actual, target = float(point[i, r]), float(ytd[i, r]), float(inp.target_value[i, r])
        margin = abs(p - actual) * DEFAULT_REMAINING_MARGIN
        projections[(int(i), int(r))] = {
            "point": p, "low": p - margin, "high": p + margin, "target": target,
            "at_risk": bool(sign[i, 0] * (p - target) < 0), "final": False, "met": None,
            "method": f"按上年同期累计占全年比重（{float(share[i, r]):.1f}%）推算全年，区间按剩余部分上下浮动10%。",
        }
    return projections
