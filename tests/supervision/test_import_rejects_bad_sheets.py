"""A bad breakdown sheet is rejected as a whole, each problem named by row and column."""

from duban.imports.base import import_file
from duban.supervision.models import Task

HEADER = "序号,重点任务,具体举措,牵头单位,配合单位,责任领导,完成时限,关联指标"


def problems(report):
    return {(p.row, p.column, p.field): p.reason for p in report.problems}


def test_unknown_names_and_bad_deadline_are_reported_by_place(departments, indicators, write_csv):
    path = write_csv("bad.csv", f"""
{HEADER}
1,稳工业,,经信委,发改局、财正局,王名,明年某时,规上工业增加值
2,稳外贸,,商务局,各镇（街道、区）,王明,6月30日,出口额
""")
    report = import_file(path, "tasks", plan_year=2024)
    found = problems(report)
    assert not report.ok and Task.objects.count() == 0
    assert "最接近的有：经信局" in found[(2, "4", "lead")]
    assert "财政局" in found[(2, "5", "cooperating")]
    assert "王明" in found[(2, "6", "leader")]
    assert "无法识别的完成时限" in found[(2, "7", "deadline")]
    assert "未知的指标“出口额”" in found[(3, "8", "indicators")]
    assert len(report.problems) == 5


def test_numbering_that_does_not_fit_is_rejected(departments, write_csv):
    path = write_csv("bad.csv", f"""
{HEADER}
1,稳工业,,经信局,,王明,一季度,
2.1,稳外贸,,商务局,,王明,一季度,
""")
    report = import_file(path, "tasks", plan_year=2024)
    assert [(p.row, p.field) for p in report.problems] == [(3, "number")]
    assert "上级序号" in report.problems[0].reason


def test_a_collective_cannot_lead(departments, write_csv):
    path = write_csv("bad.csv", f"""
{HEADER}
1,稳工业,,各相关部门,,王明,一季度,
""")
    report = import_file(path, "tasks", plan_year=2024)
    assert "集合单位" in report.problems[0].reason


def test_nothing_is_written_when_one_row_is_bad(departments, write_csv):
    path = write_csv("bad.csv", f"""
{HEADER}
1,稳工业,,经信局,,王明,一季度,
2,稳外贸,,商务局,,王明,,
""")
    report = import_file(path, "tasks", plan_year=2024)
    assert [(p.row, p.field) for p in report.problems] == [(3, "deadline")]
    assert Task.objects.count() == 0


def test_command_exits_1_and_dry_run_writes_nothing(departments, write_csv):
    import pytest
    from django.core.management import call_command
    from django.core.management.base import CommandError

    bad = write_csv("bad.csv", f"{HEADER}\n1,稳工业,,经信委,,王明,一季度,\n")
    with pytest.raises(CommandError) as failure:
        call_command("import", str(bad), kind="tasks", plan_year=2024)
    assert failure.value.returncode == 1
    good = write_csv("good.csv", f"{HEADER}\n1,稳工业,,经信局,,王明,一季度,\n")
    call_command("import", str(good), kind="tasks", plan_year=2024, dry_run=True)
    assert Task.objects.count() == 0
