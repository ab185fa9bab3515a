"""A scripted month of daily ``duban tick --as-of``: exactly the expected steps, once each."""

from datetime import date

import pytest
from django.core.management import call_command

from duban.imports.base import import_file
from duban.supervision.models import EscalationStep, Notice, Task

from .conftest import days

SHEET = """
序号,重点任务,具体举措,牵头单位,配合单位,责任领导,完成时限,关联指标
1,甲任务,,经信局,,王明,2024年3月5日,
2,乙任务,,商务局,,王明,2024年3月20日,
3,丙任务,,发改局,,李华,2024年3月31日,
4,丁任务,,发改局,,李华,2024年6月30日,
"""


@pytest.fixture
def month_tasks(departments, write_csv):
    assert import_file(write_csv("month.csv", SHEET), "tasks", plan_year=2024).ok
    return {t.title: t for t in Task.objects.all()}


def taken():
    return [
        (s.task.title, s.step, s.as_of.isoformat(), s.sent)
        for s in EscalationStep.objects.select_related("task").order_by("as_of", "task__position", "pk")
    ]


def test_a_month_of_daily_ticks(month_tasks):
    for day in days(date(2024, 3, 1), date(2024, 3, 31)):
        call_command("tick", as_of=day.isoformat())
    assert taken() == [
        ("甲任务", "remind", "2024-03-02", True),
        ("甲任务", "urge", "2024-03-06", True),
        ("甲任务", "notice", "2024-03-13", True),
        ("乙任务", "remind", "2024-03-17", True),
        ("甲任务", "listed", "2024-03-21", True),
        ("乙任务", "urge", "2024-03-21", True),
        ("乙任务", "notice", "2024-03-28", True),
        ("丙任务", "remind", "2024-03-28", True),
    ]
    assert [(n.number, n.task.title) for n in Notice.objects.all()] == [
        ("督办〔2024〕第1号", "甲任务"), ("督办〔2024〕第2号", "乙任务"),
    ]


def test_the_day_a_task_is_done_it_escalates_no_further(month_tasks, users):
    from duban.supervision.services import report_progress

    call_command("tick", as_of="2024-03-06")
    report_progress(users["jingxin"], month_tasks["甲任务"], text="已完成", percent=100)
    for day in days(date(2024, 3, 7), date(2024, 3, 31)):
        call_command("tick", as_of=day.isoformat())
    assert [s.step for s in EscalationStep.objects.filter(task=month_tasks["甲任务"])] == ["remind", "urge"]


def test_skipped_days_catch_up_in_order_and_send_only_the_current_step(month_tasks):
    call_command("tick", as_of="2024-03-01")
    call_command("tick", as_of="2024-03-22")  # three weeks without a tick
    assert taken() == [
        ("甲任务", "remind", "2024-03-22", False),
        ("甲任务", "urge", "2024-03-22", False),
        ("甲任务", "notice", "2024-03-22", False),
        ("甲任务", "listed", "2024-03-22", True),
        ("乙任务", "remind", "2024-03-22", False),
        ("乙任务", "urge", "2024-03-22", True),
    ]
    # The missed notice still gets its number: the sign-for cycle follows it.
    assert list(Notice.objects.values_list("number", flat=True)) == ["督办〔2024〕第1号"]


def test_ticking_the_same_day_twice_records_nothing_twice(month_tasks):
    call_command("tick", as_of="2024-03-13")
    first = taken()
    call_command("tick", as_of="2024-03-13")
    assert taken() == first and Notice.objects.count() == 1


def test_tasks_command_json(month_tasks, capsys):
    import json

    call_command("tasks", as_of="2024-03-18", json=True)
    document = json.loads(capsys.readouterr().out)
    assert document["as_of"] == "2024-03-18"
    rows = {row["title"]: row for row in document["tasks"]}
    assert set(rows["甲任务"]) == {"id", "title", "lead", "due", "state", "slip", "escalation"}
    assert rows["甲任务"] | {"id": 0} == {
        "id": 0, "title": "甲任务", "lead": "经信局", "due": "2024-03-05", "state": "overdue", "slip": "red",
        "escalation": "notice",
    }
    assert (rows["乙任务"]["slip"], rows["乙任务"]["escalation"], rows["乙任务"]["state"]) == ("blue", "remind", "not_started")
    assert (rows["丁任务"]["slip"], rows["丁任务"]["escalation"]) == (None, None)


def test_tasks_command_table_is_chinese(month_tasks, capsys):
    call_command("tasks", as_of="2024-03-18")
    out = capsys.readouterr().out
    assert "已逾期" in out and "督办" in out and "甲任务" in out
