"""What a department scheme can score (部门赛马): figures of each department for a period.

Each measure is defined once here, with its direction and precision; a scheme item names it by
key. A department for which a measure has nothing to count (no indicators, no task due) has no
figure (None): it scores 0 for the item and is shown as missing, never given an average.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from duban.core.periods import Period

Figures = dict[int, float | None]  # department id → figure


@dataclass(frozen=True)
class Measure:
    label: str
    unit: str
    direction: str
    decimals: int
    compute: Callable[[list[int], Period, date], Figures]
    reads_engine: bool = False  # from the monitoring engine's stored statuses: the reader asks freshness first


def _home_statuses(department_ids: list[int], period: Period, as_of: date):
    """The engine's stored statuses of each department's indicators for the home region (the
    caller has asked ``freshness.require``: reads only read)."""
    from duban.monitoring.models import IndicatorStatus
    from duban.monitoring.services import home_region

    home = home_region()
    found = defaultdict(list)
    if home is None:
        return found
    for department_id, level in IndicatorStatus.objects.filter(
        period=period.code, region=home, indicator__department_id__in=department_ids
    ).values_list("indicator__department_id", "level"):
        found[department_id].append(level)
    return found


def red_lights(department_ids: list[int], period: Period, as_of: date) -> Figures:
    """红灯指标数: how many of the department's indicators are red for the county this period."""
    levels = _home_statuses(department_ids, period, as_of)
    return {d: (levels[d].count("red") if levels[d] else None) for d in department_ids}


def green_pct(department_ids: list[int], period: Period, as_of: date) -> Figures:
    """绿灯率: the share (%) of the department's indicators that are green."""
    levels = _home_statuses(department_ids, period, as_of)
    return {d: (100 * levels[d].count("green") / len(levels[d]) if levels[d] else None) for d in department_ids}


def on_time_closure_pct(department_ids: list[int], period: Period, as_of: date) -> Figures:
    """任务按时完成率: of the tasks the department leads that fell due this year up to the period's
    end, the share (%) marked done or closed by their due date (the first such change in the
    task's history)."""
    from duban.supervision.models import FINISHED, Task

    due = Task.objects.filter(
        lead_id__in=department_ids, plan_year=period.year, due__isnull=False, due__lte=period.end,
        recurrence="",
    )
    finished_on: dict[int, date] = {}
    for task_id, when in (
        Task.history.filter(id__in=due.values("pk"), status__in=FINISHED)
        .order_by("history_date").values_list("id", "history_date")
    ):
        finished_on.setdefault(task_id, when.date())
    counted, on_time = defaultdict(int), defaultdict(int)
    for task_id, lead_id, task_due in due.values_list("pk", "lead_id", "due"):
        counted[lead_id] += 1
        on_time[lead_id] += task_id in finished_on and finished_on[task_id] <= task_due
    return {d: (100 * on_time[d] / counted[d] if counted[d] else None) for d in department_ids}


def notices_received(department_ids: list[int], period: Period, as_of: date) -> Figures:
    """收到督办单数: supervision notices on the department's tasks issued this year up to the period's end."""
    from duban.supervision.models import Notice

    counts = defaultdict(int)
    for lead_id in Notice.objects.filter(
        task__lead_id__in=department_ids, year=period.year, issued_at__date__lte=period.end
    ).values_list("task__lead_id", flat=True):
        counts[lead_id] += 1
    return {d: float(counts[d]) for d in department_ids}


def report_timeliness_pct(department_ids: list[int], period: Period, as_of: date) -> Figures:
    """填报及时率: of the department's county figures for the period whose report deadline had passed
    by ``as_of``, the share (%) first entered by the deadline (the figures ledger says when)."""
    from django.conf import settings
    from django.db.models import Min

    from duban.catalogue.models import Indicator
    from duban.observations.models import ObservationRevision

    indicators = list(
        Indicator.objects.filter(department_id__in=department_ids, frequency=str(period.kind))
        .values_list("pk", "department_id", "report_deadline_days")
    )
    first = dict(
        ObservationRevision.objects.filter(
            observation__indicator_id__in=[i for i, _, _ in indicators],
            observation__region__code=settings.HOME_REGION, observation__period=period.code,
        ).values("observation__indicator_id").annotate(at=Min("changed_at")).values_list("observation__indicator_id", "at")
    )
    counted, in_time = defaultdict(int), defaultdict(int)
    for indicator_id, department_id, days in indicators:
        deadline = period.end + timedelta(days=days)
        if deadline >= as_of:
            continue  # not yet due: neither late nor on time
        counted[department_id] += 1
        in_time[department_id] += indicator_id in first and first[indicator_id].date() <= deadline
    return {d: (100 * in_time[d] / counted[d] if counted[d] else None) for d in department_ids}


def overdue_milestones(department_ids: list[int], period: Period, as_of: date) -> Figures:
    """项目节点逾期数: milestones of the department's major projects planned by the period's end and
    not reached by their planned date (no actual date, or a later one). No projects: no figure."""
    from duban.projects.models import Milestone, Project

    owners = set(Project.objects.filter(department_id__in=department_ids).values_list("department_id", flat=True))
    counts = defaultdict(int)
    for department_id, planned, actual in Milestone.objects.filter(
        project__department_id__in=department_ids, planned_date__lte=period.end
    ).values_list("project__department_id", "planned_date", "actual_date"):
        counts[department_id] += actual is None or actual > planned
    return {d: (float(counts[d]) if d in owners else None) for d in department_ids}


MEASURES: dict[str, Measure] = {
    "red_lights": Measure(_("红灯指标数"), "个", "lower_better", 0, red_lights, reads_engine=True),
    "green_pct": Measure(_("指标绿灯率"), "%", "higher_better", 1, green_pct, reads_engine=True),
    "on_time_closure_pct": Measure(_("任务按时完成率"), "%", "higher_better", 1, on_time_closure_pct),
    "notices_received": Measure(_("收到督办单数"), "件", "lower_better", 0, notices_received),
    "report_timeliness_pct": Measure(_("填报及时率"), "%", "higher_better", 1, report_timeliness_pct),
    "overdue_milestones": Measure(_("项目节点逾期数"), "个", "lower_better", 0, overdue_milestones),
}
