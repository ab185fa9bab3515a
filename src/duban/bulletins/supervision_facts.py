"""What a bulletin says about the responsibility list: overdue items, notices, public listings.

Read from the supervision app's models and its ``overview`` (the rows of ``duban tasks``), for a
business date and a window of business dates; nothing here reads the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from duban.supervision.escalation import focus_due, overview
from duban.supervision.models import EscalationStep, Milestone, Notice, Step, Task


@dataclass
class TaskLine:
    id: int
    number: str
    title: str
    lead: str
    leader: str
    deadline: str
    due: date | None
    days_late: int
    step: str


@dataclass
class NoticeLine:
    id: int
    number: str
    title: str
    lead: str
    issued: date
    due: date
    state: str


def _line(task: Task, due: date | None, as_of: date, step: str = "") -> TaskLine:
    late = (as_of - due).days if due else 0
    return TaskLine(task.pk, task.number, task.title, task.lead.name if task.lead else "",
                    task.leader.name if task.leader else "", task.deadline_text, due, max(late, 0), step)


def overdue_tasks(as_of: date) -> list[TaskLine]:
    """Open items past their due date on ``as_of``, the longest overdue first."""
    tasks = Task.objects.select_related("lead", "leader").prefetch_related("milestones")
    rows = [r for r in overview(tasks, as_of) if r["state"] == "overdue"]
    by_id = {t.pk: t for t in tasks.filter(pk__in=[r["id"] for r in rows])}
    labels = dict(Step.choices)
    lines = [_line(by_id[r["id"]], focus_due(by_id[r["id"]], as_of), as_of, str(labels.get(r["escalation"], "")))
             for r in rows]
    return sorted(lines, key=lambda line: (-line.days_late, line.number))


def due_soon(as_of: date, days: int) -> list[TaskLine]:
    """Open items and occurrences due from ``as_of`` to ``as_of + days``."""
    until = as_of + timedelta(days=days)
    lines = [_line(t, t.due, as_of) for t in Task.objects.open().filter(recurrence="", due__gte=as_of, due__lte=until)
             .select_related("lead", "leader")]
    for m in Milestone.objects.filter(done_at__isnull=True, due__gte=as_of, due__lte=until,
                                      task__in=Task.objects.open()).select_related("task__lead", "task__leader"):
        lines.append(_line(m.task, m.due, as_of))
    return sorted(lines, key=lambda line: (line.due, line.number))


def notices_issued(start: date, end: date) -> list[NoticeLine]:
    """Supervision notices whose step was taken on a business date in [start, end]."""
    notices = Notice.objects.filter(step__as_of__gte=start, step__as_of__lte=end).select_related(
        "task__lead", "step")
    return [NoticeLine(n.pk, n.number, n.task.title, n.task.lead.name if n.task.lead else "", n.step.as_of, n.due,
                       n.get_state_display()) for n in notices]


def steps_taken(start: date, end: date, step: str | None = None) -> list[TaskLine]:
    """Escalation steps sent on a business date in [start, end] (``step``: only that kind)."""
    steps = EscalationStep.objects.filter(as_of__gte=start, as_of__lte=end, sent=True).select_related(
        "task__lead", "task__leader")
    if step:
        steps = steps.filter(step=step)
    return [_line(s.task, s.due, s.as_of, s.get_step_display()) for s in steps.order_by("as_of", "pk")]


def listed_tasks(start: date, end: date) -> list[TaskLine]:
    """Items escalated to public listing (通报) in the window: the bulletin lists them by name."""
    return steps_taken(start, end, Step.LISTED)


def overdue_by_department(lines: list[TaskLine]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.lead or "（未指定）"] = counts.get(line.lead or "（未指定）", 0) + 1
    return counts
