"""A late milestone escalates on the tasks' schedule: remind 3 days before, urge from day 1,
notice from day 8, listed from day 16; each step recorded once; an actual date stops it."""

from datetime import date

from django.core.management import call_command

from duban.core.periods import Period
from duban.imports.base import import_file
from duban.projects.bulletin import section
from duban.projects.escalation import escalate_milestones, late_milestones
from duban.projects.models import Milestone, MilestoneEscalation

from .test_import import EXAMPLES


def _completion(world):
    assert import_file(EXAMPLES / "projects-2024.csv", "projects").ok
    assert import_file(EXAMPLES / "project-progress-2024-06.csv", "project_progress").ok
    m = Milestone.objects.get(project__code="YK2024-S02", kind="开工")
    return Milestone.objects.create(project=m.project, kind="竣工", planned_date=date(2024, 6, 10))


def test_schedule_and_once_only(world):
    done = _completion(world)

    def steps(day):
        return [(lm.step, lm.days_late) for lm in late_milestones(day) if lm.milestone == done]

    assert steps(date(2024, 6, 6)) == []
    assert steps(date(2024, 6, 7)) == [("remind", 0)]
    assert steps(date(2024, 6, 11)) == [("urge", 1)]
    assert steps(date(2024, 6, 18)) == [("notice", 8)]
    # S03's 开工 was planned for 2024-06-01 and has not happened: it escalates too.
    # (25 days late on 2024-06-26: listed, as 竣工 is at 16 days.)
    both = {(lm.milestone.project.code, lm.milestone.kind): lm.step for lm in late_milestones(date(2024, 6, 26))}
    assert both == {("YK2024-S02", "竣工"): "listed", ("YK2024-S03", "开工"): "listed"}
    sent = escalate_milestones(date(2024, 6, 11))
    assert {(e.milestone.kind, e.step) for e in sent} == {("竣工", "urge"), ("开工", "notice")}
    assert escalate_milestones(date(2024, 6, 11)) == []  # twice the same day: nothing new
    recorded = list(MilestoneEscalation.objects.filter(milestone=done).values_list("step", "sent"))
    assert recorded == [("remind", False), ("urge", True)]
    done.actual_date = date(2024, 6, 20)
    done.save()
    assert [lm.milestone.kind for lm in late_milestones(date(2024, 6, 30))] == ["开工"]


def test_tick_runs_the_step_and_the_bulletin_lists(world):
    _completion(world)
    call_command("tick", as_of="2024-06-30")
    assert MilestoneEscalation.objects.filter(step="listed").count() == 2
    text = section(Period.parse("2024-06"))["blocks"][-1]["text"]
    assert "予以通报" in text and "“五金城物流配送中心项目”竣工（计划2024-06-10，逾期20天）" in text


def test_the_lead_department_hears_of_each_step_once(world):
    from duban.notifications.models import Channel, Notification

    _completion(world)
    call_command("tick", as_of="2024-06-30")
    heard = 0
    for escalation in MilestoneEscalation.objects.filter(sent=True).select_related("milestone__project"):
        project = escalation.milestone.project
        if not project.department.profile_set.exists():
            continue  # a department with no reporter in this world has no one to tell
        heard += 1
        inbox = Notification.objects.filter(channel=Channel.INBOX, message_id__startswith=f"milestone-{escalation.pk}-")
        assert inbox.exists(), (project.code, escalation.step)
        for message in inbox:
            assert message.user.profile.department_id == project.department_id
            assert project.name in message.subject and message.link == f"/projects/{project.code}/"
    assert heard
    count = Notification.objects.count()
    call_command("tick", as_of="2024-06-30")
    assert Notification.objects.count() == count  # ticking the same day again sends nothing twice
