"""One period's inputs, set-wise: queries into numpy columns (``columnar``), then ``core.engine``.

A handful of queries per period, whatever its size; the figures come from the set-wise
engine ``core.engine`` (numpy columns).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import numpy as np

from duban.catalogue.models import Indicator, PeerGroup, TimeProgress
from django.conf import settings

from duban.core import engine
from duban.core.periods import Period, PeriodKind
from duban.monitoring.columnar import Column, fetch
from duban.monitoring.models import GroupRank, IndicatorStatus, WarningRule
from duban.observations.models import Observation, Status
from duban.targets.models import RankTarget, Target

_STAGE_KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF)


def indicator_specs(period: Period) -> list[engine.IndicatorSpec]:
    return [
        engine.IndicatorSpec(
            id=i, kind=kind, direction=direction, rank_by=rank_by,
            seasonal=progress == TimeProgress.SEASONAL, deadline_days=deadline, decimals=decimals, additive=additive,
        )
        for i, kind, direction, rank_by, progress, deadline, decimals, additive in Indicator.objects.filter(
            frequency=str(period.kind)
        )
        .order_by("id")
        .values_list("id", "kind", "direction", "rank_by", "time_progress", "report_deadline_days", "decimals", "additive")
    ]


def not_due(period: Period, indicator_ids: list[int]) -> set[int]:
    """Indicators whose publication calendar skips ``period``: a January where the indicator's
    first figure of the year is 1-2月 (published together), as this year's figures show or, before
    they are out, last year's (February year-to-date figures and no January one)."""
    if period.kind != PeriodKind.MONTH or period.index != 1 or not indicator_ids:
        return set()
    years = {period.year, period.year - 1}
    jan = {(i, y) for i, y in Observation.objects.filter(
        indicator_id__in=indicator_ids, period__in=[f"{y}-01" for y in years]
    ).values_list("indicator_id", "period_end__year").distinct()}
    feb = {(i, y) for i, y in Observation.objects.filter(
        indicator_id__in=indicator_ids, period__in=[f"{y}-02" for y in years], basis="ytd"
    ).values_list("indicator_id", "period_end__year").distinct()}
    combined = {key for key in feb if key not in jan}
    this_year = {i for i, y in combined if y == period.year}
    last_year = {i for i, y in combined if y == period.year - 1 and (i, period.year) not in jan}
    return this_year | last_year


def _groups() -> dict[int, list[int]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for group_id, region_id in PeerGroup.members.through.objects.order_by("peergroup_id", "id").values_list(
        "peergroup_id", "region_id"
    ):
        groups[group_id].append(region_id)
    return dict(groups)


def _observations(period: Period) -> list[np.ndarray]:
    """The period's published figures: indicator, region, is-YTD, value, reported YoY.

    Only the period code filters (one index range); rows of indicators of another frequency
    fall out when they are placed (``_cells``), as they do in the two readers below.
    """
    return fetch(
        Observation,
        [Column("indicator_id"), Column("region_id"), Column("basis", equals="ytd"), Column("value", "f"),
         Column("yoy_pct", "f")],
        {"period": period.code, "status": str(Status.PUBLISHED)},
    )


def _statuses(period: Period, columns: list[Column], indicator_ids=None) -> list[np.ndarray]:
    among = None if indicator_ids is None else ("indicator_id", list(indicator_ids))
    return fetch(IndicatorStatus, [Column("indicator_id"), Column("region_id"), *columns], {"period": period.code}, among)


def stored_ranks(period: Period) -> list[np.ndarray]:
    """(indicator, region, group, rank, change) of every stored rank of a period."""
    return fetch(
        GroupRank,
        [Column("indicator_id"), Column("region_id"), Column("group_id"), Column("rank", "f"), Column("change", "f")],
        {"period": period.code},
    )


def _stages(period: Period) -> list[Period]:
    """The staged-target periods (month, quarter, half) that hold ``period``, narrowest first."""
    stages = []
    for kind in _STAGE_KINDS:
        try:
            stages.append(period.enclosing(kind))
        except ValueError:  # a coarser period (or a week, which has no dekad) does not nest
            continue
    return stages


def _cells(inputs: engine.Inputs, row_of: np.ndarray, indicator_ids, region_ids) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ids = np.asarray(indicator_ids, dtype=np.int64)
    inside = (ids >= 0) & (ids < len(row_of))
    rows = np.full(len(ids), -1, dtype=np.int64)
    rows[inside] = row_of[ids[inside]]
    cols = inputs.layout.region_index(np.asarray(region_ids, dtype=np.int64))
    ok = (rows >= 0) & (cols >= 0)
    return rows[ok], cols[ok], ok


def _fill_targets(inputs: engine.Inputs, row_of: np.ndarray, targets: list, ranks: list) -> None:
    """Annual and staged value/growth targets (the narrowest stage wins) and rank targets."""
    if targets:
        ind, reg, codes, values, growths = zip(*targets)
        rows, cols, ok = _cells(inputs, row_of, ind, reg)
        inputs.has_target[rows, cols] = True
        values, growths = np.array(values, dtype=float)[ok], np.array(growths, dtype=float)[ok]
        year = str(inputs.period.year)
        stage_of = {s.code: k for k, s in enumerate(inputs.stages)}
        which = np.array([-1 if code == year else stage_of[code] for code in codes], dtype=np.int64)[ok]
        annual = which == -1
        inputs.target_value[rows[annual], cols[annual]] = values[annual]
        inputs.target_growth[rows[annual], cols[annual]] = growths[annual]
        for k in range(len(inputs.stages) - 1, -1, -1):  # widest first: a narrower stage overwrites it
            at = which == k
            inputs.stage[rows[at], cols[at]] = k
            inputs.stage_value[rows[at], cols[at]] = values[at]
            inputs.stage_growth[rows[at], cols[at]] = growths[at]
    if ranks:
        ind, reg, group, rank_max = (np.array(column, dtype=np.int64) for column in zip(*ranks))
        rows, cols, ok = _cells(inputs, row_of, ind, reg)
        inputs.has_target[rows, cols] = True
        members = inputs.layout.member_index(group[ok], reg[ok])
        known = members >= 0
        inputs.rank_max[rows[known], members[known]] = rank_max[ok][known]


def rules() -> list:
    return [rule.as_core() for rule in WarningRule.objects.filter(enabled=True)]


def compute(period: Period, *, as_of: date, specs: list[engine.IndicatorSpec] | None = None) -> engine.Result:
    """Every cell of one period from the stored data and the stored previous results.

    A handful of queries returning plain columns (no model instances), then ``core.engine``.
    """
    specs = indicator_specs(period) if specs is None else specs
    ids = np.array([s.id for s in specs], dtype=np.int64)
    groups = _groups()
    row_of = np.full(int(ids.max()) + 1 if len(ids) else 0, -1, dtype=np.int64)
    row_of[ids] = np.arange(len(ids))
    observed = _observations(period)
    ours = np.isin(observed[0], ids)  # the period's indicators only
    obs_ind, obs_reg, obs_ytd, obs_value, obs_yoy = (column[ours] for column in observed)
    stages = _stages(period)
    year = str(period.year)
    targets = list(
        Target.objects.filter(indicator_id__in=ids.tolist(), period__in=[year, *(s.code for s in stages)])
        .values_list("indicator_id", "region_id", "period", "value", "growth_pct")
    )
    rank_targets = list(
        RankTarget.objects.filter(indicator_id__in=ids.tolist(), period=year)
        .values_list("indicator_id", "region_id", "group_id", "rank_max")
    )
    regions = np.unique(np.concatenate([
        np.array([r for members in groups.values() for r in members], dtype=np.int64),
        obs_reg, np.array([t[1] for t in targets + rank_targets], dtype=np.int64),
    ]))
    layout = engine.Layout(regions.tolist(), groups)
    names = dict(PeerGroup.objects.values_list("id", "name"))
    inputs = engine.Inputs.empty(
        period, as_of, specs, layout, stages=stages, rules=rules(),
        group_names=[names[int(g)] for g in layout.group_ids], rank_quorum=settings.RANK_QUORUM,
    )
    if not specs:
        return engine.compute(inputs)
    skipped = not_due(period, ids.tolist())
    inputs.due[:] = [s.id not in skipped for s in specs]

    rows, cols, ok = _cells(inputs, row_of, obs_ind, obs_reg)
    is_ytd = obs_ytd[ok] == 1
    for mask, value, yoy in ((is_ytd, inputs.ytd, inputs.yoy_ytd), (~is_ytd, inputs.value, inputs.yoy_period)):
        value[rows[mask], cols[mask]] = obs_value[ok][mask]
        yoy[rows[mask], cols[mask]] = obs_yoy[ok][mask]

    previous = period.previous()
    ind, reg, ytd, started = _statuses(previous, [Column("ytd", "f"), Column("ytd_started", flag=True)])
    rows, cols, ok = _cells(inputs, row_of, ind, reg)
    inputs.prev_ytd[rows, cols], inputs.prev_started[rows, cols] = ytd[ok], started[ok] == 1
    ind, reg, group, rank, change = stored_ranks(previous)
    rows, _, ok = _cells(inputs, row_of, ind, reg)
    members = layout.member_index(group[ok], reg[ok])
    known = members >= 0
    inputs.prev_rank[rows[known], members[known]] = rank[ok][known]
    inputs.prev_change[rows[known], members[known]] = change[ok][known]

    ind, reg, value, ytd = _statuses(period.same_period_last_year(), [Column("value", "f"), Column("ytd", "f")])
    rows, cols, ok = _cells(inputs, row_of, ind, reg)
    inputs.ly_value[rows, cols], inputs.ly_ytd[rows, cols] = value[ok], ytd[ok]

    _fill_targets(inputs, row_of, targets, rank_targets)
    # Last year's full-year YTD serves seasonal time progress and the projection (targets only).
    wanted = {s.id for s in specs if s.seasonal} | {t[0] for t in targets}
    if wanted:
        year_end = Period.from_date(date(period.year - 1, 12, 31), period.kind)
        ind, reg, ytd = _statuses(year_end, [Column("ytd", "f")], sorted(wanted))
        rows, cols, ok = _cells(inputs, row_of, ind, reg)
        inputs.ly_full[rows, cols] = ytd[ok]
    return engine.compute(inputs)
