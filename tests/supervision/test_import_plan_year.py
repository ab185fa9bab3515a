"""The plan year of a breakdown sheet comes from the sheet or the person, never the clock (issue 9, point 8)."""

from datetime import date

from duban.imports.base import import_file
from duban.supervision.models import Task

HEADER = "序号,重点任务,具体举措,牵头单位,配合单位,责任领导,完成时限,关联指标"


def test_the_year_of_the_other_deadlines_dates_the_undated_ones(departments, write_csv):
    path = write_csv("plan.csv", f"""
重点任务分解表,,,,,,,
{HEADER}
1,稳工业,,经信局,,王明,2024年12月底前,
2,扩投资,,发改局,,李华,6月底前,
3,促消费,,商务局,,王明,一季度,
""")
    assert import_file(path, "tasks").ok
    assert dict(Task.objects.values_list("number", "due")) == {
        "1": date(2024, 12, 31), "2": date(2024, 6, 30), "3": date(2024, 3, 31),
    }
    assert set(Task.objects.values_list("plan_year", flat=True)) == {2024}


def test_the_title_year_wins(departments, write_csv):
    path = write_csv("plan.csv", f"""
2023年重点任务分解表,,,,,,,
{HEADER}
1,稳工业,,经信局,,王明,6月底前,
""")
    assert import_file(path, "tasks").ok
    assert Task.objects.get().due == date(2023, 6, 30)


def test_a_sheet_without_any_year_is_refused_at_its_first_undated_deadline(departments, write_csv):
    path = write_csv("plan.csv", f"""
{HEADER}
1,稳工业,,经信局,,王明,一季度,
""")
    report = import_file(path, "tasks")
    [problem] = report.problems
    assert (problem.row, problem.column, problem.value) == (2, "7", "一季度")
    assert "无法确定计划年度" in problem.reason and "--plan-year" in problem.reason
    assert not Task.objects.exists()


def test_deadlines_of_two_years_need_the_person(departments, write_csv):
    path = write_csv("plan.csv", f"""
{HEADER}
1,稳工业,,经信局,,王明,2024年12月底前,
2,扩投资,,发改局,,李华,2025年6月底前,
3,促消费,,商务局,,王明,一季度,
""")
    [problem] = import_file(path, "tasks").problems
    assert "2024、2025" in problem.reason
    assert import_file(path, "tasks", plan_year=2024).ok
    assert Task.objects.get(number="3").due == date(2024, 3, 31)
