"""A major project's monthly colour (三色): investment against its plan, and its start.

Plain Python: the month judged is always passed in, never taken from the clock.

Defaults (an administrator edits the thresholds, ``StatusRules``):

- green: completed investment on the planned cumulative share, or under 10 points behind;
- yellow: 10 to 30 points behind, or due to start by this month and not started (up to two
  months late);
- red: more than 30 points behind, or three or more months late to start;
- a red month turns yellow, not green, in the first later month that makes the gap up; the
  month after that may be green again. Each month is judged on data up to that month only,
  so the colours of earlier months stay as they were (the history).

Figures are in 万元. ``planned_pct`` is the planned cumulative investment to the month's end
over the annual plan, ``completed_pct`` the completed year-to-date over the annual plan, both
in percent; ``gap_pp`` is ``completed_pct - planned_pct`` (negative: behind), as the engine's
快慢序时 is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

__all__ = [
    "DEFAULT_RULES",
    "MILESTONES",
    "Colour",
    "MonthStatus",
    "ProjectFacts",
    "StatusRules",
    "even_plan",
    "month_status",
    "status_series",
]

Colour = Literal["green", "yellow", "red"]
# The milestones of a project's life, in order (签约 signed, 供地 land supplied, 开工 started,
# 竣工 completed, 投产 in production).
MILESTONES: tuple[str, ...] = ("签约", "供地", "开工", "竣工", "投产")
START = "开工"
HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class StatusRules:
    yellow_gap_pp: Decimal = Decimal(10)  # this many points behind or more: yellow
    red_gap_pp: Decimal = Decimal(30)  # more than this many points behind: red
    late_start_red_months: int = 3  # this many months late to start: red
    catch_up_yellow: bool = True  # a red month turns yellow (not green) once the gap is made up

    def __post_init__(self) -> None:
        if not 0 < self.yellow_gap_pp <= self.red_gap_pp:
            raise ValueError("需要 0 < 黄灯差距 ≤ 红灯差距 (need 0 < yellow_gap_pp <= red_gap_pp)")
        if self.late_start_red_months < 1:
            raise ValueError("推迟开工转红的月数至少为 1 (late_start_red_months must be at least 1)")


DEFAULT_RULES = StatusRules()


@dataclass(frozen=True)
class ProjectFacts:
    """What the rules need of one project for one year.

    ``monthly_plan`` holds the twelve months' planned investment (万元); ``completed_ytd`` the
    approved year-to-date completed investment by month number (a month absent: not reported).
    ``planned_start`` and ``actual_start`` are the 开工 milestone's dates.
    """

    year: int
    annual_plan: Decimal
    monthly_plan: tuple[Decimal, ...]
    completed_ytd: dict[int, Decimal] = field(default_factory=dict)
    planned_start: date | None = None
    actual_start: date | None = None

    def __post_init__(self) -> None:
        if len(self.monthly_plan) != 12:
            raise ValueError("monthly_plan needs twelve months")
        if self.annual_plan <= 0:
            raise ValueError("annual_plan must be positive")


@dataclass(frozen=True)
class MonthStatus:
    month: int
    colour: Colour
    planned_pct: Decimal
    completed_pct: Decimal | None  # None: nothing reported this year up to this month
    gap_pp: Decimal | None
    reasons: tuple[str, ...]
    reported_month: int | None  # the month whose year-to-date figure was used

    @property
    def behind_pp(self) -> Decimal | None:
        return None if self.gap_pp is None else -self.gap_pp


def even_plan(annual: Decimal) -> tuple[Decimal, ...]:
    """The annual plan spread evenly over twelve months; December takes the rounding remainder
    so the months add up to the plan exactly."""
    month = (annual / 12).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    return (month,) * 11 + (annual - month * 11,)


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * HUNDRED).quantize(TWO_PLACES, ROUND_HALF_UP)


def _months_between(earlier: tuple[int, int], later: tuple[int, int]) -> int:
    return (later[0] - earlier[0]) * 12 + later[1] - earlier[1]


def _start_reason(facts: ProjectFacts, month: int, rules: StatusRules) -> tuple[Colour, str] | None:
    """Yellow or red for a start due by ``month`` that has not happened by its end."""
    if facts.planned_start is None:
        return None
    judged = (facts.year, month)
    planned = (facts.planned_start.year, facts.planned_start.month)
    if _months_between(planned, judged) < 0:
        return None
    if facts.actual_start is not None and (facts.actual_start.year, facts.actual_start.month) <= judged:
        return None
    late = _months_between(planned, judged)
    if late == 0:
        return "yellow", f"计划{facts.planned_start.month}月开工，本月尚未开工"
    colour: Colour = "red" if late >= rules.late_start_red_months else "yellow"
    return colour, f"计划{facts.planned_start.year}年{facts.planned_start.month}月开工，已推迟{late}个月未开工"


def month_status(facts: ProjectFacts, month: int, rules: StatusRules = DEFAULT_RULES,
                 previous: Colour | None = None) -> MonthStatus:
    """The colour of ``month`` (1–12) of ``facts.year``; ``previous`` is the month before's colour
    (None in January: a new year's plan starts afresh)."""
    if not 1 <= month <= 12:
        raise ValueError("month must be 1..12")
    planned_pct = _pct(sum(facts.monthly_plan[:month], Decimal(0)), facts.annual_plan)
    reported = max((m for m in facts.completed_ytd if m <= month), default=None)
    reasons: list[str] = []
    colour: Colour = "green"
    completed_pct = gap = None
    if reported is None:
        if planned_pct > 0:
            colour = "yellow"
            reasons.append(f"截至{month}月未报送完成投资")
    else:
        completed_pct = _pct(facts.completed_ytd[reported], facts.annual_plan)
        gap = completed_pct - planned_pct
        if reported != month:
            reasons.append(f"{month}月未报送，按1-{reported}月累计完成投资计")
        behind = -gap
        if behind > rules.red_gap_pp:
            colour = "red"
            reasons.append(f"完成投资落后计划{behind}个百分点（超过{rules.red_gap_pp}个百分点为红灯）")
        elif behind >= rules.yellow_gap_pp:
            colour = "yellow"
            reasons.append(f"完成投资落后计划{behind}个百分点（{rules.yellow_gap_pp}至{rules.red_gap_pp}个百分点为黄灯）")
    start = _start_reason(facts, month, rules)
    if start is not None:
        reasons.append(start[1])
        colour = _worse(colour, start[0])
    if colour == "green" and previous == "red" and rules.catch_up_yellow:
        colour = "yellow"
        reasons.append("上月为红灯，本月已追上计划，转为黄灯（下月保持则转绿）")
    return MonthStatus(month, colour, planned_pct, completed_pct, gap, tuple(reasons), reported)


_RANK = {"green": 0, "yellow": 1, "red": 2}


def _worse(a: Colour, b: Colour) -> Colour:
    return a if _RANK[a] >= _RANK[b] else b


def status_series(facts: ProjectFacts, through: int, rules: StatusRules = DEFAULT_RULES) -> list[MonthStatus]:
    """Every month's status from January to ``through``, each judged on its own month's data and
    the colour of the month before (the history a catch-up is judged against)."""
    series: list[MonthStatus] = []
    for month in range(1, through + 1):
        series.append(month_status(facts, month, rules, series[-1].colour if series else None))
    return series
