"""督办 in the database: which items are open on a day, which steps they are due, and
recording those steps (with numbered notices) exactly once.

The schedule itself is ``duban.core.escalation``; this module only feeds it rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max

from duban.core.escalation import (
    DEFAULT_POLICY,
    STEP_LABELS,
    escalation_step,
    notice_number,
    planned_progress,
    slip_colour,
    steps_due,
)
from duban.supervision.models import EscalationStep, Milestone, Notice, Step, Task
from duban.supervision.notify import send_step
from duban.supervision.services import record


@dataclass(frozen=True)
class Item:
    """One thing with a due date: a one-off task, or one occurrence of a recurring one."""

    task: Task
    due: date
    milestone: Milestone | None = None


def open_items(as_of: date) -> list[Item]:
    """Every open item whose remind day has come by ``as_of``."""
    horizon = as_of + timedelta(days=DEFAULT_POLICY.remind_days_before)
    one_offs = Task.objects.open().filter(recurrence="", due__isnull=False, due__lte=horizon)
    items = [Item(task, task.due) for task in one_offs.select_related("lead")]
    milestones = Milestone.objects.filter(
        done_at__isnull=True, due__lte=horizon, task__in=Task.objects.open()
    ).select_related("task", "task__lead")
    items += [Item(m.task, m.due, m) for m in milestones]
    return sorted(items, key=lambda item: (item.due, item.task.position, item.task.pk))


def escalate_tasks(as_of: date) -> list[EscalationStep]:
    """Record the steps due by ``as_of``; returns the ones to send (catch-ups are recorded only)."""
    taken: dict[tuple[int, date], set[str]] = {}
    for task_id, due, step in EscalationStep.objects.values_list("task", "due", "step"):
        taken.setdefault((task_id, due), set()).add(step)
    to_send = []
    for item in open_items(as_of):
        plan = steps_due(due=item.due, as_of=as_of, open=True, already_taken=taken.get((item.task.pk, item.due), set()))
        with transaction.atomic():
            for step in plan.missed:
                _take(item, step, as_of, sent=False)
            if plan.current:
                to_send.append(_take(item, plan.current, as_of, sent=True))
    return to_send


def _take(item: Item, step: str, as_of: date, *, sent: bool, by=None, reason: str = "") -> EscalationStep:
    row = EscalationStep.objects.create(
        task=item.task, milestone=item.milestone, due=item.due, step=step, as_of=as_of, sent=sent, by=by,
        reason=reason,
    )
    words = f"{STEP_LABELS[step]}（截止 {item.due:%Y-%m-%d}）" + ("" if sent else "，补记")
    if step == Step.NOTICE:
        # Even a catch-up notice gets its number: it is the document the rest of the cycle follows.
        notice = issue_notice(item, row, as_of.year)
        words += f"：{notice.number}"
    record(item.task, f"escalation_{step}", words + (f"。事由：{reason}" if reason else ""), by)
    return row


def issue_notice(item: Item, step: EscalationStep, year: int) -> Notice:
    seq = (Notice.objects.select_for_update().filter(year=year).aggregate(last=Max("seq"))["last"] or 0) + 1
    return Notice.objects.create(
        year=year, seq=seq, number=notice_number(year, seq), task=item.task, step=step, due=item.due
    )


def take_by_hand(tasks, step: str, as_of: date, user, reason: str) -> tuple[list[EscalationStep], list[str]]:
    """The supervision board's 催办, 督办单 or 通报 for each chosen late open item, with the office's reason.

    Each goes out at once. Returns the steps taken and, for each item left alone, why; an
    item already given that step for its current due date is not given it twice.
    """
    late = {item.task.pk: item for item in open_items(as_of) if item.due < as_of}
    taken, skipped = [], []
    for task in sorted(tasks, key=lambda t: (t.position, t.pk)):
        item = late.get(task.pk)
        if item is None:
            skipped.append(f"{task.number} {task.title}：未逾期或已办结")
        elif EscalationStep.objects.filter(task=task, due=item.due, step=step).exists():
            skipped.append(f"{task.number} {task.title}：本节点已{STEP_LABELS[step]}过")
        else:
            with transaction.atomic():
                taken.append(_take(item, step, as_of, sent=True, by=user, reason=reason))
    for row in taken:
        send_step(row)
    return taken, skipped


# -- what ``duban tasks`` and the pages show ------------------------------------------


def focus_due(task: Task, as_of: date) -> date | None:
    """The due date that matters on ``as_of``: the task's own, or its earliest open occurrence."""
    if not task.is_recurring:
        return task.due
    open_dues = [m.due for m in task.milestones.all() if m.done_at is None]
    return min(open_dues, default=None)


def current_step(task: Task, as_of: date) -> str | None:
    due = focus_due(task, as_of)
    if due is None:
        return None
    return escalation_step(due=due, as_of=as_of, open=task.is_open)


def slip(task: Task, as_of: date, has_reports: bool) -> str | None:
    due = focus_due(task, as_of)
    if due is None:
        return None
    planned = reported = None
    if not task.is_recurring and task.planned_start and task.planned_start <= due and has_reports:
        planned, reported = planned_progress(task.planned_start, due, as_of), float(task.percent)
    return slip_colour(
        due=due, as_of=as_of, open=task.is_open, planned_progress_pct=planned, reported_progress_pct=reported
    )


def overview(tasks, as_of: date) -> list[dict]:
    """One row per item as ``duban tasks --json`` prints it, in list order."""
    tasks = tasks.exclude(level="goal").select_related("lead").prefetch_related("milestones")
    reported = set(tasks.filter(reports__isnull=False).values_list("pk", flat=True))
    return [
        {
            "id": task.pk,
            "title": task.title,
            "lead": task.lead.name if task.lead else None,
            "due": due.isoformat() if (due := focus_due(task, as_of)) else None,
            "state": task.state_on(as_of),
            "slip": slip(task, as_of, task.pk in reported),
            "escalation": current_step(task, as_of),
        }
        for task in tasks
    ]
