"""A late project milestone escalates like a task: reminded, urged, given a notice (督办) and
listed in the bulletin (通报), on the same schedule (``core.escalation``), each step recorded once.
A milestone is open until its actual date is entered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from duban.core.escalation import DEFAULT_POLICY, STEP_LABELS, escalation_step, steps_due
from duban.projects.models import Milestone, MilestoneEscalation


@dataclass(frozen=True)
class LateMilestone:
    milestone: Milestone
    step: str  # remind | urge | notice | listed
    days_late: int

    @property
    def step_label(self) -> str:
        return STEP_LABELS[self.step]


def open_milestones(as_of: date):
    """Milestones without an actual date whose remind day has come by ``as_of``."""
    horizon = as_of + timedelta(days=DEFAULT_POLICY.remind_days_before)
    return (Milestone.objects.filter(actual_date__isnull=True, planned_date__isnull=False, planned_date__lte=horizon)
            .select_related("project", "project__department").order_by("planned_date", "project__code"))


def late_milestones(as_of: date, projects=None) -> list[LateMilestone]:
    """Each open milestone's step on ``as_of`` (what the pages and the bulletin show)."""
    rows = open_milestones(as_of)
    if projects is not None:
        rows = rows.filter(project__in=projects)
    found = []
    for m in rows:
        step = escalation_step(due=m.planned_date, as_of=as_of, open=True)
        if step:
            found.append(LateMilestone(m, step, max((as_of - m.planned_date).days, 0)))
    return found


def escalate_milestones(as_of: date) -> list[MilestoneEscalation]:
    """Record the steps due by ``as_of``; returns the ones taken now (missed ones are recorded as
    catch-ups, not sent). Safe to run twice for a day."""
    taken: dict[tuple[int, date], set[str]] = {}
    for milestone, due, step in MilestoneEscalation.objects.values_list("milestone", "due", "step"):
        taken.setdefault((milestone, due), set()).add(step)
    sent = []
    for m in open_milestones(as_of):
        plan = steps_due(due=m.planned_date, as_of=as_of, open=True, already_taken=taken.get((m.pk, m.planned_date), set()))
        with transaction.atomic():
            for step in plan.missed:
                MilestoneEscalation.objects.create(milestone=m, due=m.planned_date, step=step, as_of=as_of, sent=False)
            if plan.current:
                sent.append(MilestoneEscalation.objects.create(milestone=m, due=m.planned_date, step=plan.current,
                                                               as_of=as_of))
    return sent


def milestones_step(as_of: date) -> str:
    """``duban tick``'s step for projects."""
    return f"项目节点督办：新发 {len(escalate_milestones(as_of))} 项"
