"""The test oracle of the monitoring engine: every figure of one period, one cell at a time.

The application runs the set-wise engine ``duban.core.engine`` (numpy columns); the
differential test checks that the two agree on generated data.

Plain Python over plain inputs: the caller loads the published figures of the period,
the engine's own results for the previous period and for the same period last year,
and the targets; ``compute_period`` returns one ``Cell`` per (indicator, region).
Chaining on the previous period's results is what keeps it set-wise: a YTD value is
derived from the previous period's YTD, a rank change from its rank, without reading
the year's history again. Each figure comes from the reference functions in
``pace``, ``ranking`` and ``warnings``; nothing here reads a clock (``as_of`` is given).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from duban.core import pace as pace_mod
from duban.core.engine import DEFAULT_RANK_QUORUM, FLOW, RANK_BY_VALUE, RANK_BY_YOY, RANK_BY_YTD, IndicatorSpec, is_year_end
from duban.core.pace import Number
from duban.core.periods import Period
from duban.core.ranking import published, rank_change, rank_published, share_pct, strength
from duban.core.warnings import DEFAULT_RULES, Cause, WarningFacts, WarningLevel, WarningRule, evaluate

Key = tuple[int, int]  # (indicator id, region id)
__all__ = ["IndicatorSpec"]


@dataclass(frozen=True)
class Reported:
    """The published figures of one cell: period-basis and YTD-basis value and YoY %."""

    value: Number | None = None
    ytd: Number | None = None
    yoy_period: Number | None = None
    yoy_ytd: Number | None = None


@dataclass(frozen=True)
class Prior:
    """The engine's own result for the same cell in an earlier period."""

    value: float | None = None
    ytd: float | None = None
    ytd_started: bool = False
    ranks: Mapping[int, tuple[int | None, int | None]] = field(default_factory=dict)  # group → (rank, change)


@dataclass(frozen=True)
class Targets:
    """Annual value/growth targets, the staged target covering this period, rank targets."""

    value: Number | None = None
    growth_pct: Number | None = None
    stage: Period | None = None
    stage_value: Number | None = None
    stage_growth_pct: Number | None = None
    rank_max: Mapping[int, int] = field(default_factory=dict)  # group → worst rank that meets it


@dataclass(frozen=True)
class GroupRank:
    group: int
    rank: int | None
    of: int
    change: int | None
    share_pct: float | None
    strength: str | None


@dataclass
class Cell:
    value: float | None = None
    ytd: float | None = None
    yoy_pct: float | None = None
    yoy_source: str | None = None
    ytd_started: bool = False
    figure: float | None = None
    completion_pct: float | None = None
    time_progress_pct: float | None = None
    pace_gap_pp: float | None = None
    growth_gap_pp: float | None = None
    stage: str | None = None  # the staged target's period code
    stage_completion_pct: float | None = None
    stage_gap_pp: float | None = None
    note: str = ""
    ranks: list[GroupRank] = field(default_factory=list)
    level: str = WarningLevel.NONE
    reasons: list[str] = field(default_factory=list)
    causes: int = 0
    met: int = 0
    projection: dict | None = None


@dataclass
class PeriodInputs:
    period: Period
    as_of: date
    indicators: Sequence[IndicatorSpec]
    regions: Iterable[int]
    groups: Mapping[int, Sequence[int]]  # group → member regions
    reported: Mapping[Key, Reported]
    previous: Mapping[Key, Prior]  # results of period.previous()
    last_year: Mapping[Key, Prior]  # results of period.same_period_last_year()
    last_year_full: Mapping[Key, float | None] = field(default_factory=dict)  # last year's full-year YTD
    targets: Mapping[Key, Targets] = field(default_factory=dict)
    rules: Sequence[WarningRule] = DEFAULT_RULES
    not_due: frozenset[int] = frozenset()  # indicators whose publication calendar skips the period
    group_names: Mapping[int, str] = field(default_factory=dict)
    rank_quorum: float = DEFAULT_RANK_QUORUM


def _f(x: Number | None) -> float | None:
    return None if x is None else float(x)


def _figures(spec: IndicatorSpec, period: Period, got: Reported | None, prev: Prior | None, ly: Prior | None) -> Cell:
    """Value, YTD and YoY of one cell; flow YTD and period values derive from the previous period."""
    got = got or Reported()
    cell = Cell()
    first_of_year = period.index == 1
    prev_ytd = None if first_of_year or prev is None else prev.ytd
    started_before = not first_of_year and prev is not None and prev.ytd_started
    value, ytd = _f(got.value), _f(got.ytd)
    if spec.kind == FLOW:
        if ytd is None and value is not None:
            ytd = value if not started_before else (None if prev_ytd is None else prev_ytd + value)
        elif value is None and ytd is not None:
            value = ytd if not started_before else (None if prev_ytd is None else ytd - prev_ytd)
        cell.ytd_started = started_before or ytd is not None
        reported_yoy, computed = got.yoy_ytd, pace_mod.yoy_pct(ytd, None if ly is None else ly.ytd)
    else:
        if value is None:
            value = ytd
        ytd = None
        reported_yoy = got.yoy_period if got.yoy_period is not None else got.yoy_ytd
        computed = pace_mod.yoy_pct(value, None if ly is None else ly.value)
    yoy, source = pace_mod.choose_yoy(reported_yoy, computed)
    cell.value, cell.ytd, cell.yoy_pct = value, ytd, _f(yoy)
    cell.yoy_source = None if source is None else str(source)
    raw = {RANK_BY_VALUE: value, RANK_BY_YTD: ytd if spec.kind == FLOW else value, RANK_BY_YOY: cell.yoy_pct}[spec.rank_by]
    figure = published(raw, spec.decimals)
    cell.figure = None if figure is None else float(figure)
    return cell


def _rank_groups(inputs: PeriodInputs, spec: IndicatorSpec, cells: dict[Key, Cell]) -> None:
    i = spec.id
    for group, members in inputs.groups.items():
        figures = {r: cells[(i, r)].figure for r in members if (i, r) in cells}
        if not figures:
            continue
        rows = rank_published(figures, spec.direction, spec.decimals)
        quorum = sum(1 for row in rows.values() if row.rank is not None) > inputs.rank_quorum * len(members)
        shares = [cells[(i, r)].ytd for r in figures] if spec.kind == FLOW and spec.additive else None
        for region, row in rows.items():
            cell = cells[(i, region)]
            prev = inputs.previous.get((i, region))
            prev_rank = prev.ranks.get(group, (None, None))[0] if prev else None
            rank = row.rank if quorum else None
            cell.ranks.append(
                GroupRank(
                    group, rank, row.of, rank_change(prev_rank, rank),
                    share_pct(cell.ytd, shares) if shares is not None else None,
                    None if rank is None else str(strength(rank, row.of)),
                )
            )


def time_progress_pct(spec: IndicatorSpec, period: Period, ly: Prior | None, ly_full: float | None) -> float:
    """Seasonal (last year's share of its full year) where asked for and known, else the calendar."""
    if spec.seasonal and ly is not None:
        seasonal = pace_mod.seasonal_time_progress(ly.ytd, ly_full)
        if seasonal is not None:
            return seasonal
    return float(period.year_elapsed_share()) * 100


def _apply_targets(inputs: PeriodInputs, spec: IndicatorSpec, key: Key, cell: Cell) -> None:
    target = inputs.targets.get(key)
    period, direction = inputs.period, spec.direction
    ly = inputs.last_year.get(key)
    if target is None:
        if spec.kind == FLOW:
            cell.time_progress_pct = time_progress_pct(spec, period, ly, inputs.last_year_full.get(key))
        return
    progress = time_progress_pct(spec, period, ly, inputs.last_year_full.get(key))
    cell.time_progress_pct = progress
    if spec.kind == FLOW and target.value is not None:
        result = pace_mod.pace(ytd_actual=cell.ytd, annual_target=target.value, time_progress_pct=progress, direction=direction)
        cell.completion_pct, cell.pace_gap_pp = result.completion_pct, result.pace_gap_pp
        if result.note:
            cell.note = f"{result.note}，较序时目标{'多' if result.shortfall >= 0 else '少'}{abs(result.shortfall):.2f}"
    if spec.kind == FLOW and target.stage is not None and target.stage_value is not None and target.stage_value > 0:
        # A staged target (开门红 Q1, a half) is reported beside the annual figures, named.
        stage_progress = float(period.year_elapsed_share() / target.stage.year_elapsed_share()) * 100
        staged = pace_mod.pace(ytd_actual=cell.ytd, annual_target=target.stage_value,
                               time_progress_pct=stage_progress, direction=direction)
        if staged.completion_pct is not None:
            cell.stage = target.stage.code
            cell.stage_completion_pct, cell.stage_gap_pp = staged.completion_pct, staged.pace_gap_pp
    cell.growth_gap_pp = pace_mod.growth_gap(ytd_growth_pct=cell.yoy_pct, target_growth_pct=target.growth_pct, direction=direction)
    if spec.kind == FLOW and target.value is not None and float(target.value) > 0 and cell.ytd is not None:
        if is_year_end(period):
            met = pace_mod.at_risk(pace_mod.Projection(cell.ytd, cell.ytd, cell.ytd, ""), target.value, direction) is False
            cell.projection = {"point": cell.ytd, "low": cell.ytd, "high": cell.ytd, "target": float(target.value),
                               "at_risk": not met, "final": True, "met": met, "method": "全年实绩（不是预测）。"}
            return
        projection = pace_mod.project_year_end(
            ytd=cell.ytd, last_year_ytd_same_period=None if ly is None else ly.ytd,
            last_year_full=inputs.last_year_full.get(key),
        )
        if projection is not None:
            cell.projection = {
                "point": projection.point, "low": projection.low, "high": projection.high,
                "target": float(target.value), "at_risk": pace_mod.at_risk(projection, target.value, direction),
                "final": False, "met": None, "method": projection.method_zh,
            }


def _warning_facts(inputs: PeriodInputs, spec: IndicatorSpec, key: Key, cell: Cell) -> WarningFacts:
    target = inputs.targets.get(key) or Targets()
    rank_max = target.rank_max
    # The group that decides: the rank target missed by most places, else the narrowest group.
    candidates = [r for r in cell.ranks if r.group in rank_max] or sorted(cell.ranks, key=lambda r: r.of)[:1]
    deciding = max(
        candidates,
        key=lambda r: (r.rank - rank_max[r.group]) if r.rank is not None and r.group in rank_max else -10**9,
        default=None,
    )
    prev = inputs.previous.get(key)
    previous_change = prev.ranks.get(deciding.group, (None, None))[1] if prev and deciding else None
    return WarningFacts(
        reported=cell.figure is not None or cell.value is not None or cell.ytd is not None,
        deadline_passed=spec.id not in inputs.not_due
        and inputs.as_of > inputs.period.end + timedelta(days=spec.deadline_days),
        pace_gap_pp=cell.pace_gap_pp,
        growth_gap_pp=cell.growth_gap_pp,
        yoy_pct=cell.yoy_pct,
        growth_targeted=target.growth_pct is not None,
        direction=spec.direction,
        group=inputs.group_names.get(deciding.group) if deciding else None,
        rank=deciding.rank if deciding else None,
        rank_target=rank_max.get(deciding.group) if deciding else None,
        rank_change=deciding.change if deciding else None,
        previous_rank_change=previous_change,
    )


def _met(facts: WarningFacts) -> int:
    """The causes this cell has made up, one test at a time."""
    below = facts.places_below_rank_target
    adverse = facts.growth_targeted and facts.yoy_pct is not None and (
        facts.yoy_pct > 0 if facts.direction == "lower_better" else facts.yoy_pct < 0)
    met = {
        Cause.PACE: facts.pace_gap_pp is not None and facts.pace_gap_pp >= 0,
        Cause.GROWTH: facts.growth_gap_pp is not None and facts.growth_gap_pp >= 0 and not adverse,
        Cause.RANK: below is not None and below <= 0,
        Cause.RANK_TREND: facts.rank_change is not None and facts.rank_change >= 0,
        Cause.REPORT: facts.reported,
    }
    return sum(int(cause) for cause, ok in met.items() if ok)


def compute_period(inputs: PeriodInputs) -> dict[Key, Cell]:
    """Every cell of the period: figures, ranks in every group, target gaps, projection, warning."""
    period = inputs.period
    regions = list(inputs.regions)
    rules = sorted(inputs.rules, key=lambda r: r.order)
    cells: dict[Key, Cell] = {}
    for spec in inputs.indicators:
        i = spec.id
        for region in regions:
            key = (i, region)
            cells[key] = _figures(
                spec, period, inputs.reported.get(key), inputs.previous.get(key), inputs.last_year.get(key)
            )
        _rank_groups(inputs, spec, cells)
        for region in regions:
            key = (i, region)
            cell = cells[key]
            _apply_targets(inputs, spec, key, cell)
            facts = _warning_facts(inputs, spec, key, cell)
            result = evaluate(facts, rules)
            cell.level, cell.reasons = str(result.level), list(result.reasons)
            cell.causes = result.causes if result.level is WarningLevel.RED else 0
            cell.met = _met(facts)
    return cells
