"""Accept, edit, merge, split, reject: each kept with who and when; only acceptance makes a task."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from duban.meetings import services
from duban.meetings.models import Action, Candidate, Status
from duban.supervision.models import Task, TaskLevel

from .conftest import SEED_ONE

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(users, task_list):
    return services.create_report(users["ducha"], text=SEED_ONE.read_text(encoding="utf-8"),
                                  given_date=date(2024, 2, 22))


def pending(report):
    return list(report.candidates.filter(status=Status.PENDING))


def by_start(report, start):
    return report.candidates.get(text__startswith=start, status=Status.PENDING)


def test_reading_a_report_enters_nothing_into_the_list(report):
    assert report.meeting_date == date(2024, 2, 21)
    assert len(pending(report)) >= 10
    assert Task.objects.filter(events__kind="created").count() == 0
    assert report.decisions.get().action == Action.EXTRACTED


def test_accepting_makes_a_task_that_points_back_at_its_source(report, users, catalogue):
    candidate = by_start(report, "调度要再强化")
    # Suggested under task 3 (深化“日跟踪、周监测、月调度、季晒拼”机制) by the words they share.
    assert candidate.parent.number == "3" and "以日保周" not in candidate.parent_hint["words"]
    assert candidate.parent_hint["words"]
    task = services.accept(users["ducha"], candidate, version=candidate.version, title="强化指标调度",
                           lead=catalogue["统计局"], parent=None)
    assert (task.title, task.lead.name, task.leader.name) == ("强化指标调度", "统计局", "李华")
    assert (task.deadline_text, task.due) == ("首季", date(2024, 3, 31))
    assert task.plan_year == 2024 and task.level == TaskLevel.TASK and task.number == "6"
    assert task.measures == candidate.text
    candidate.refresh_from_db()
    assert candidate.status == Status.ACCEPTED and candidate.task == task
    [(paragraph, start, end)] = candidate.spans
    assert report.paragraphs[paragraph][start:end] == candidate.source_text == candidate.text
    event = task.events.get(kind="created")
    assert report.title in event.text and f"/meetings/{report.pk}/#c-{candidate.pk}" in event.text
    decision = candidate.decisions.get(action=Action.ACCEPTED)
    assert decision.actor == users["ducha"] and "任务名称" in decision.detail


def test_a_deadline_typed_in_words_counts_from_the_meeting_not_the_clock(report, users, catalogue):
    candidate = by_start(report, "服务要再优化")
    task = services.accept(users["ducha"], candidate, version=candidate.version, lead=catalogue["经信局"],
                           deadline_text="6月底前")
    assert task.due == date(2024, 6, 30)


def test_a_measure_under_a_chosen_task(report, users, catalogue):
    parent = Task.objects.get(plan_year=2024, number="4")  # 强化项目支撑
    candidate = by_start(report, "重点要再聚焦")
    task = services.accept(users["ducha"], candidate, version=candidate.version, lead=catalogue["发改局"],
                           parent=parent, deadline_text="年底前")
    assert (task.level, task.number, task.parent) == (TaskLevel.MEASURE, "4.1", parent)
    positions = list(Task.objects.filter(plan_year=2024).values_list("number", flat=True))
    assert positions.index("4.1") == positions.index("4") + 1


def test_accepting_needs_a_lead_and_a_deadline(report, users):
    candidate = by_start(report, "思想要再重视")
    with pytest.raises(ValidationError) as error:
        services.accept(users["ducha"], candidate, version=candidate.version)
    assert set(error.value.message_dict) == {"lead", "deadline_text"}
    assert Candidate.objects.get(pk=candidate.pk).status == Status.PENDING


def test_rejecting_needs_a_reason_and_keeps_it(report, users):
    candidate = by_start(report, "我们要倍加珍惜")
    with pytest.raises(ValidationError):
        services.reject(users["ducha"], candidate, version=candidate.version, reason="  ")
    services.reject(users["ducha"], candidate, version=candidate.version, reason="表态性要求，不单列任务")
    candidate.refresh_from_db()
    assert candidate.status == Status.REJECTED and candidate.reason == "表态性要求，不单列任务"
    assert "表态性要求" in candidate.decisions.get(action=Action.REJECTED).detail


def test_merging_two_keeps_both_sources(report, users):
    a, b = by_start(report, "思想要再重视"), by_start(report, "重点要再聚焦")
    merged = services.merge(users["ducha"], a, a.version, b, b.version)
    assert merged.text == a.text + b.text
    assert merged.spans == a.spans + b.spans
    assert set(Candidate.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True)) == {Status.MERGED}
    assert merged.decisions.get().action == Action.MERGED


def test_splitting_one_reads_each_part_again(report, users):
    candidate = by_start(report, "调度要再强化")
    first, second = "调度要再强化，坚持“以日保周、以周保旬、以旬保月、以月保季”，", "奋力夺取首季“开门红”，推动实现全年“满堂彩”。"
    pieces = services.split(users["ducha"], candidate, version=candidate.version, parts=[first, "", second])
    assert [p.text for p in pieces] == [first, second]
    assert pieces[0].deadline_text == "首季"  # the part has none of its own: it keeps the original's
    assert (pieces[1].deadline_text, pieces[1].due) == ("首季", date(2024, 3, 31))
    [(paragraph, start, end)] = pieces[1].spans
    assert report.paragraphs[paragraph][start:end] == second
    assert Candidate.objects.get(pk=candidate.pk).status == Status.SPLIT


def test_a_stale_version_is_refused(report, users, catalogue):
    candidate = by_start(report, "服务要再优化")
    services.edit(users["ducha"], candidate, version=candidate.version, title="优化惠企服务")
    with pytest.raises(services.Conflict, match="已被他人修改"):
        services.edit(users["admin"], candidate, version=candidate.version, title="别的名称")
    assert Candidate.objects.get(pk=candidate.pk).title == "优化惠企服务"


def test_a_decided_candidate_cannot_be_decided_again(report, users):
    candidate = by_start(report, "我们要倍加珍惜")
    rejected = services.reject(users["ducha"], candidate, version=candidate.version, reason="表态")
    with pytest.raises(services.Conflict, match="已拒绝"):
        services.accept(users["ducha"], candidate, version=rejected.version)


def test_the_approved_plan_is_one_candidate(report):
    plan = report.candidates.get(kind="plan")
    assert plan.text == "贯彻落实《永康市开展“五战双强”行动实施方案》"
    assert plan.source_text == "《永康市开展“五战双强”行动实施方案》"


def test_correcting_the_meeting_date_rereads_pending_deadlines(report, users):
    candidate = by_start(report, "调度要再强化")
    services.redate(users["ducha"], report, date(2025, 2, 21))
    candidate.refresh_from_db()
    assert candidate.due == date(2025, 3, 31)
    assert report.decisions.filter(action=Action.REDATED).exists()
