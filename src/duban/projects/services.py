"""Reading projects for a month: each one's colour (by core.project_status), the board's totals,
and the projects' share of the fixed-asset investment indicator. Changes go through
``workflow``; imports through ``importers``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from duban.core import project_status as core
from duban.core.periods import Period, PeriodKind
from duban.observations.models import Status
from duban.projects.models import Milestone, Project, ProjectMonth, ProjectStatusRules, ProjectYear

# The fixed-asset investment indicator the projects count towards (demo catalogue code).
FIXED_ASSET_INDICATOR = "gdzctz"
WAN_PER_YI = Decimal(10000)


class PeriodNotMonth(ValueError):
    pass


def month_period(text: str) -> Period:
    """A month as people write it (2024-06, 2024年6月, 2024年1-6月); anything else refused."""
    from duban.core.period_text import parse_period

    period = parse_period(text).period
    if period.kind is not PeriodKind.MONTH:
        raise PeriodNotMonth(f"“{text}”不是月份：项目按月报送，请写作 2024-06 或 2024年1-6月")
    return period


@dataclass
class ProjectLine:
    """One project's standing for a month, with what the board shows beside it."""

    project: Project
    plan: ProjectYear
    status: core.MonthStatus
    history: list[core.MonthStatus]
    planned_ytd: Decimal
    completed_ytd: Decimal | None
    pending: ProjectMonth | None  # the month's report when not yet approved
    project_ytd: dict[int, Decimal]  # approved year-to-date by month

    def as_dict(self) -> dict:
        s = self.status
        return {
            "code": self.project.code, "name": self.project.name, "colour": s.colour,
            "planned_pct": as_float(s.planned_pct), "completed_pct": as_float(s.completed_pct), "gap_pp": as_float(s.gap_pp),
            "reasons": list(s.reasons),
        }


def as_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def facts_for(project: Project, plan: ProjectYear, months: list[ProjectMonth], milestones: list[Milestone]) -> core.ProjectFacts:
    """What the rules read: only approved months count (a draft is the department's business)."""
    ytd = {}
    for row in months:
        p = Period.parse(row.period)
        if p.year == plan.year and row.status == Status.APPROVED:
            ytd[p.end.month] = row.completed_ytd
    start = next((m for m in milestones if m.kind == core.START), None)
    return core.ProjectFacts(plan.year, plan.annual_plan, plan.monthly_plan, ytd,
                             start.planned_date if start else None, start.actual_date if start else None)


def project_queryset(year: int):
    """Projects with a plan for ``year``, everything the board needs fetched at once."""
    return (Project.objects.filter(years__year=year)
            .select_related("town", "department", "leader", "task_force")
            .prefetch_related(Prefetch("years", ProjectYear.objects.filter(year=year), to_attr="plans"),
                              Prefetch("months", ProjectMonth.objects.filter(period__startswith=f"{year}-"),
                                       to_attr="year_months"),
                              Prefetch("milestones", to_attr="milestone_list"))
            .order_by("code"))


def project_lines(period: Period, projects=None, rules: core.StatusRules | None = None) -> list[ProjectLine]:
    """Every project planned in ``period``'s year, with its colour for ``period`` (a month)."""
    rules = rules or ProjectStatusRules.current()
    queryset = project_queryset(period.year) if projects is None else projects
    lines = []
    for project in queryset:
        plan = project.plans[0]
        facts = facts_for(project, plan, project.year_months, project.milestone_list)
        history = core.status_series(facts, period.end.month, rules)
        status = history[-1]
        own = next((m for m in project.year_months if m.period == period.code), None)
        lines.append(ProjectLine(
            project, plan, status, history, sum(plan.monthly_plan[:period.end.month], Decimal(0)),
            facts.completed_ytd.get(status.reported_month) if status.reported_month else None,
            own if own is not None and own.status != Status.APPROVED else None, facts.completed_ytd,
        ))
    return lines


def summary(period: Period, lines: list[ProjectLine] | None = None) -> dict:
    """Counts by colour and totals (万元), for the board, the cockpit and the bulletins."""
    lines = project_lines(period) if lines is None else lines
    counts = {c: sum(1 for line in lines if line.status.colour == c) for c in ("red", "yellow", "green")}
    planned = sum((line.planned_ytd for line in lines), Decimal(0))
    completed = sum((line.completed_ytd or Decimal(0) for line in lines), Decimal(0))
    annual = sum((line.plan.annual_plan for line in lines), Decimal(0))
    return {"period": period.code, "count": len(lines), "counts": counts, "annual_plan": annual,
            "planned_ytd": planned, "completed_ytd": completed,
            "reported": sum(1 for line in lines if line.completed_ytd is not None)}


def status_report(period: Period) -> dict:
    """``duban projects --period P --json``: the contract of issue 14."""
    return {"period": period.code, "projects": [line.as_dict() for line in project_lines(period)]}


@dataclass
class FixedAssetShare:
    """The projects' completed investment beside the fixed-asset investment indicator (亿元)."""

    indicator: str
    projects_yi: Decimal
    indicator_yi: Decimal | None  # the indicator's year-to-date value, when published as a value
    yoy_pct: Decimal | None
    target_yi: Decimal | None  # the annual target, when set
    published: bool  # whether the indicator has a published figure for the month

    @property
    def share_pct(self) -> Decimal | None:
        return _share(self.projects_yi, self.indicator_yi)

    @property
    def target_share_pct(self) -> Decimal | None:
        return _share(self.projects_yi, self.target_yi)


def _share(part: Decimal, whole: Decimal | None) -> Decimal | None:
    if not whole:
        return None
    return (part / whole * 100).quantize(Decimal("0.1"))


def fixed_asset_share(period: Period, completed_wan: Decimal, region_code: str) -> FixedAssetShare | None:
    """Beside 固定资产投资: its figures for ``period`` (the home region's) and the projects' part.

    Bureaus often publish that indicator as a growth rate only; then the share is taken of the
    annual target instead, and said so."""
    from duban.catalogue.models import Indicator
    from duban.observations.models import Observation
    from duban.targets.models import Target

    indicator = Indicator.objects.filter(code=FIXED_ASSET_INDICATOR).first()
    if indicator is None:
        return None
    row = Observation.objects.filter(indicator=indicator, region__code=region_code, period=period.code,
                                     basis="ytd", status=Status.PUBLISHED).first()
    target = Target.objects.filter(indicator=indicator, region__code=region_code, period=str(period.year)).first()
    scale = _to_yi(indicator.unit)
    return FixedAssetShare(
        indicator.name, completed_wan / WAN_PER_YI,
        row.value * scale if row and row.value is not None and scale else None,
        row.yoy_pct if row else None,
        target.value * scale if target and target.value is not None and scale else None,
        row is not None,
    )


def _to_yi(unit: str) -> Decimal | None:
    return {"亿元": Decimal(1), "万元": Decimal("0.0001"), "元": Decimal("0.00000001")}.get(unit)


def latest_period() -> Period | None:
    """The latest month any project has reported: the board's default (never the clock's month)."""
    latest = ProjectMonth.objects.order_by("-period").values_list("period", flat=True).first()
    return Period.parse(latest) if latest else None


def timeline(project: Project) -> list[Milestone]:
    """The five milestones in order, those not yet planned included (unsaved, without dates)."""
    have = {m.kind: m for m in project.milestones.all()}
    return [have.get(kind) or Milestone(project=project, kind=kind) for kind in core.MILESTONES]


def chart_data(line: ProjectLine) -> dict:
    """Plan against actual, month by month, for the project page's chart (万元, year to date)."""
    plan, cumulative = [], Decimal(0)
    for value in line.plan.monthly_plan:
        cumulative += value
        plan.append(float(cumulative))
    actual = {m.month: m for m in line.history}
    # Actual bars up to the month judged: later months belong to later pages.
    done = [float(line.project_ytd[m]) if m in line.project_ytd and m in actual else None for m in range(1, 13)]
    return {
        "months": [f"{m}月" for m in range(1, 13)], "plan": plan, "actual": done,
        "colours": [actual[m].colour if m in actual else None for m in range(1, 13)],
        "annual_plan": float(line.plan.annual_plan),
    }
