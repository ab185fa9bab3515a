"""A late project milestone escalates like a task: reminded, urged, given a notice (督办) and
listed in the bulletin (通报), on the same schedule (``core.escalation``), each step recorded once.
A milestone is open until its actual date is entered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from duban.core.escalation import DEFAULT_POLICY, STEP_LABELS, escalation_step, steps_due
from duban.notifications.services import enabled_channels, messages_to, queue
from duban.projects.models import Milestone, MilestoneEscalation
from duban.supervision.notify import department_people


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


def messages_for(escalation: MilestoneEscalation, channels: list[str]):
    """The lead department's reporters hear of the step, as a task's department does."""
    milestone, project = escalation.milestone, escalation.milestone.project
    late = (escalation.as_of - escalation.due).days
    when = f"已逾期 {late} 天" if late > 0 else f"将于 {escalation.due:%Y年%m月%d日} 到期"
    subject = f"【{STEP_LABELS[escalation.step]}】{project.name} {milestone.kind}节点"
    body = (f"{project.department}牵头的重大项目“{project.name}”{milestone.kind}节点"
            f"（计划 {escalation.due:%Y年%m月%d日}）{when}，请及时推进，完成后在系统中填报实际日期。")
    people = get_user_model().objects.filter(department_people(project.department_id), is_active=True).order_by("pk")
    link = reverse("projects:project", args=[project.code])
    return messages_to(people, f"milestone-{escalation.pk}", subject, body, link, channels)


def milestones_step(as_of: date) -> str:
    """``duban tick``'s step for projects: record the steps, queue their messages for the worker."""
    sent = escalate_milestones(as_of)
    channels = enabled_channels()
    queued = queue([message for escalation in sent for message in messages_for(escalation, channels)])
    return f"项目节点督办：新发 {len(sent)} 项，消息 {queued} 条"
