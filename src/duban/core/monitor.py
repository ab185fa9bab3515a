"""The reference monitoring engine: every figure of one period, one cell at a time.

This per-cell version is the test reference only: the application runs the set-wise
engine in ``duban.core.engine`` (numpy columns), and a differential test checks that the
two agree on generated data. It also defines the shared vocabulary (``IndicatorSpec``, …).

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
from duban.core.pace import Direction, Number
from duban.core.periods import Period
from duban.core.ranking import rank_change, rank_competition, share_pct, strength
from duban.core.warnings import DEFAULT_RULES, Level, WarningFacts, WarningRule, evaluate

Key = tuple[int, int]  # (indicator id, region id)

FLOW, STOCK, RATE = "flow", "stock", "rate"
RANK_BY_VALUE, RANK_BY_YTD, RANK_BY_YOY = "value", "ytd", "yoy_pct"


@dataclass(frozen=True)
class IndicatorSpec:
    id: int
    kind: str
    direction: str = Direction.HIGHER_BETTER
    rank_by: str = RANK_BY_YOY
    seasonal: bool = False  # time progress from last year's profile instead of the calendar
    deadline_days: int = 15


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
    reference: str | None = None  # "annual" or the staged target's period code
    note: str = ""
    ranks: list[GroupRank] = field(default_factory=list)
    level: str = Level.NONE
    reasons: list[str] = field(default_factory=list)
    gap_closed: bool = False
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
            # derive_ytd: a running sum, broken by any missing period since the year began
            ytd = value if not started_before else (None if prev_ytd is None else prev_ytd + value)
        elif value is None and ytd is not None:
            # derive_period_values: the first YTD of the year (1-2月) is its own period value
            value = ytd if not started_before else (None if prev_ytd is None else ytd - prev_ytd)
        cell.ytd_started = started_before or ytd is not None
        reported_yoy, computed = got.yoy_ytd, pace_mod.yoy_pct(ytd, None if ly is None else ly.ytd)
    else:
        if value is None:
            value = ytd  # a stock or rate published "累计" is still its level at the period end
        ytd = None
        reported_yoy, computed = got.yoy_period, pace_mod.yoy_pct(value, None if ly is None else ly.value)
    yoy, source = pace_mod.choose_yoy(reported_yoy, computed)
    cell.value, cell.ytd, cell.yoy_pct = value, ytd, _f(yoy)
    cell.yoy_source = None if source is None else str(source)
    cell.figure = {RANK_BY_VALUE: value, RANK_BY_YTD: ytd, RANK_BY_YOY: cell.yoy_pct}[spec.rank_by]
    return cell


def _rank_groups(inputs: PeriodInputs, spec: IndicatorSpec, cells: dict[Key, Cell]) -> None:
    i = spec.id
    for group, members in inputs.groups.items():
        figures = {r: cells[(i, r)].figure for r in members if (i, r) in cells}
        if not figures:
            continue
        rows = rank_competition(figures, spec.direction)
        shares = [cells[(i, r)].ytd for r in figures] if spec.kind == FLOW else None
        for region, row in rows.items():
            cell = cells[(i, region)]
            prev = inputs.previous.get((i, region))
            prev_rank = prev.ranks.get(group, (None, None))[0] if prev else None
            cell.ranks.append(
                GroupRank(
                    group,
                    row.rank,
                    row.of,
                    rank_change(prev_rank, row.rank),
                    share_pct(cell.ytd, shares) if shares is not None else None,
                    None if row.rank is None else str(strength(row.rank, row.of)),
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
    if target.stage is not None:
        # A staged target (开门红 Q1, a half) is cumulative to its end: pace within the stage.
        cell.reference = target.stage.code
        value_target, growth_target = target.stage_value, target.stage_growth_pct
        progress = float(period.year_elapsed_share() / target.stage.year_elapsed_share()) * 100
    else:
        cell.reference = "annual"
        value_target, growth_target = target.value, target.growth_pct
        progress = time_progress_pct(spec, period, ly, inputs.last_year_full.get(key))
    cell.time_progress_pct = progress
    if spec.kind == FLOW and value_target is not None:
        result = pace_mod.pace(
            ytd_actual=cell.ytd, annual_target=value_target, time_progress_pct=progress, direction=direction
        )
        cell.completion_pct, cell.pace_gap_pp = result.completion_pct, result.pace_gap_pp
        if result.note:
            cell.note = f"{result.note}，较序时目标{'多' if result.shortfall >= 0 else '少'}{abs(result.shortfall):.2f}"
    cell.growth_gap_pp = pace_mod.growth_gap(
        ytd_growth_pct=cell.yoy_pct, target_growth_pct=growth_target, direction=direction
    )
    if spec.kind == FLOW and target.value is not None and float(target.value) > 0:
        projection = pace_mod.project_year_end(
            ytd=cell.ytd,
            last_year_ytd_same_period=None if ly is None else ly.ytd,
            last_year_full=inputs.last_year_full.get(key),
        )
        if projection is not None:
            cell.projection = {
                "point": projection.point,
                "low": projection.low,
                "high": projection.high,
                "target": float(target.value),
                "at_risk": pace_mod.at_risk(projection, target.value, direction),
                "method": projection.method_zh,
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
    growth_target = target.stage_growth_pct if target.stage is not None else target.growth_pct
    return WarningFacts(
        reported=cell.figure is not None or cell.value is not None or cell.ytd is not None,
        deadline_passed=inputs.as_of > inputs.period.end + timedelta(days=spec.deadline_days),
        pace_gap_pp=cell.pace_gap_pp,
        growth_gap_pp=cell.growth_gap_pp,
        yoy_pct=cell.yoy_pct,
        growth_targeted=growth_target is not None,
        direction=spec.direction,
        rank=deciding.rank if deciding else None,
        rank_target=rank_max.get(deciding.group) if deciding else None,
        rank_change=deciding.change if deciding else None,
        previous_rank_change=previous_change,
    )


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
            result = evaluate(_warning_facts(inputs, spec, key, cell), rules)
            cell.level, cell.reasons = str(result.level), list(result.reasons)
            gaps = [g for g in (cell.pace_gap_pp, cell.growth_gap_pp) if g is not None]
            cell.gap_closed = bool(gaps) and all(g >= 0 for g in gaps)
    return cells
