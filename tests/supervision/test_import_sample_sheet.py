"""The sample 任务分解表 imports into the task tree, and importing it again changes nothing."""

from datetime import date

from django.core.management import call_command

from duban.imports.base import import_file
from duban.supervision.models import Milestone, Task, TaskEvent, TaskLevel

from .conftest import DEPARTMENTS_CSV, SHEET


def test_tree_levels_and_parents(sample_tasks):
    tasks = {t.number: t for t in Task.objects.select_related("parent")}
    assert sample_tasks.created == 9
    assert [t.number for t in Task.objects.filter(level=TaskLevel.GOAL)] == ["一", "二", "三"]
    assert tasks["1"].parent == tasks["一"] and tasks["1"].level == TaskLevel.TASK
    assert tasks["1.1"].parent == tasks["1"] and tasks["1.1"].level == TaskLevel.MEASURE
    assert tasks["3"].parent == tasks["二"] and tasks["5"].parent == tasks["三"]


def test_sub_measure_takes_its_text_from_the_measure_column(sample_tasks):
    measure = Task.objects.get(number="1.1")
    assert measure.title == "一季度开工技改项目15个"
    assert measure.leader.name == "王明"  # inherited from task 1
    task = Task.objects.get(number="1")
    assert task.title == "加快传统五金产业高端化智能化绿色化改造"
    assert task.measures == "实施技改项目60个，完成技改投资40亿元"


def test_deadlines_as_people_write_them(sample_tasks):
    due = {t.number: t.due for t in Task.objects.exclude(level=TaskLevel.GOAL)}
    assert due == {
        "1": date(2024, 12, 31), "1.1": date(2024, 3, 31), "2": date(2024, 12, 31),
        "3": None, "4": date(2024, 6, 30), "5": None,
    }


def test_monthly_and_ongoing_items_become_recurring_milestones(sample_tasks):
    monthly, ongoing = Task.objects.get(number="3"), Task.objects.get(number="5")
    assert (monthly.recurrence, monthly.ongoing) == ("monthly", False)
    assert (ongoing.recurrence, ongoing.ongoing) == ("monthly", True)
    assert [m.due for m in monthly.milestones.all()][:2] == [date(2024, 1, 28), date(2024, 2, 28)]
    assert Milestone.objects.filter(task=ongoing).count() == 12


def test_cooperating_departments_and_collectives(sample_tasks):
    task1, measure, task3 = (Task.objects.get(number=n) for n in ("1", "1.1", "3"))
    assert sorted(d.name for d in task1.cooperating.all()) == ["发改局", "财政局"]
    assert measure.collective_units == ["各镇（街道、区）"] and not measure.cooperating.exists()
    assert [d.name for d in task3.cooperating.all()] == ["统计局"]
    assert task3.collective_units == ["各相关部门"]


def test_related_indicators_are_linked(sample_tasks):
    assert [i.code for i in Task.objects.get(number="4").indicators.all()] == ["gdzctz"]


def test_reimport_changes_nothing(sample_tasks):
    events = TaskEvent.objects.count()
    again = import_file(SHEET, "tasks", plan_year=2024)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 9)
    assert Task.objects.count() == 9 and TaskEvent.objects.count() == events


def test_command_imports_with_departments_csv_only(db, capsys):
    # Without an indicator catalogue, 关联指标 is kept as written.
    call_command("import", str(DEPARTMENTS_CSV), kind="departments")
    call_command("import", str(SHEET), kind="tasks", plan_year=2024)
    assert Task.objects.get(number="4").indicator_text == "固定资产投资"
    assert "新增 9" in capsys.readouterr().out


def test_plan_year_comes_from_the_title(departments, write_csv):
    path = write_csv("plan.csv", """
2023年重点任务分解表,,,,,,,
序号,重点任务,具体举措,牵头单位,配合单位,责任领导,完成时限,关联指标
1,稳工业,,经信局,,王明,一季度,
""")
    assert import_file(path, "tasks").ok
    assert Task.objects.get().due == date(2023, 3, 31)
