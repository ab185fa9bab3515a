"""Issue 11.10: files that made the importers fail with a traceback, say something misleading,
or print without end. Each is now a located problem with nothing written."""

import csv
import json

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from duban.catalogue.models import Department, Indicator, PeerGroup, Region
from duban.imports.base import import_file
from duban.imports.registry import KINDS
from duban.observations.models import Observation
from duban.supervision.models import Task
from duban.targets.models import RankTarget, Target


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_csv_cell_over_the_reader_limit_is_a_problem_of_its_row(db, tmp_path, kind):
    path = tmp_path / "long.csv"
    path.write_text("code,name\n330784,永康市\n330782," + "义" * (csv.field_size_limit() + 1) + "\n", encoding="utf-8")
    report = import_file(path, kind)
    assert not report.ok and [p.row for p in report.problems] == [3]
    assert "超过 131072 个字符" in report.problems[0].reason


def test_an_unknown_rank_group_in_targets_is_named_at_its_cell(db, tmp_path):
    Region.objects.create(code="330784", name="永康市")
    Indicator.objects.create(code="gyzjz", name="规上工业增加值", unit="亿元", kind="flow")
    path = tmp_path / "targets.csv"
    path.write_text("indicator,region,period,growth_pct,rank_group,rank_max\ngyzjz,330784,2024,8,金华十县,3\n",
                    encoding="utf-8")
    report = import_file(path, "targets")
    assert [(p.row, p.column, p.field) for p in report.problems] == [(2, "5", "rank_group")]
    assert Target.objects.count() == RankTarget.objects.count() == 0


def test_a_formula_without_a_saved_result_is_refused_naming_the_cell(db, tmp_path):
    Region.objects.create(code="330784", name="永康市")
    Indicator.objects.create(code="gyzjz", name="规上工业增加值", unit="亿元", kind="flow")
    book = Workbook()
    sheet = book.active
    sheet.title = "数据"
    sheet.append(["indicator", "region", "period", "basis", "value"])
    sheet.append(["gyzjz", "330784", "2024-02", "ytd", "=40+8.12"])  # written by a program: no cached result
    book.save(tmp_path / "formula.xlsx")
    report = import_file(tmp_path / "formula.xlsx", "observations")
    [problem] = report.problems
    assert (problem.sheet, problem.row, problem.column, problem.value) == ("数据", 2, "E", "=40+8.12")
    assert "没有保存它的计算结果" in problem.reason and Observation.objects.count() == 0


def test_utf16_gets_a_message_that_says_so(db, tmp_path):
    for name, encoding in (("bom.csv", "utf-16"), ("le.csv", "utf-16-le")):
        path = tmp_path / name
        path.write_text("code,name\n330784,永康市\n", encoding=encoding)
        report = import_file(path, "regions")
        assert "UTF-16" in report.problems[0].reason and Region.objects.count() == 0


def test_a_repeated_task_number_names_the_earlier_row(db, tmp_path):
    Department.objects.create(name="经信局")
    path = tmp_path / "tasks.csv"
    path.write_text("序号,重点任务,牵头单位,完成时限\n1,稳工业,经信局,2024年6月底前\n1,稳外贸,经信局,2024年9月底前\n",
                    encoding="utf-8")
    report = import_file(path, "tasks")
    [problem] = report.problems
    assert (problem.row, problem.field) == (3, "number") and "与第 2 行重复" in problem.reason
    assert "第 0 项" not in problem.reason and Task.objects.count() == 0


def test_error_output_is_bounded(db, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("code,name\n" + "".join(f"x{n},名{n}\n" for n in range(5000)), encoding="utf-8")
    with pytest.raises(Exception):
        call_command("import", str(path), "--kind", "regions", "--json")
    report = json.loads(capsys.readouterr().out)
    assert len(report["problems"]) == 200 and report["problems_total"] == 5000
    with pytest.raises(Exception, match="5000 处错误"):
        call_command("import", str(path), "--kind", "regions")
    err = capsys.readouterr().err
    assert err.count("\n") <= 202 and "另有 4800 处错误未列出" in err
    assert PeerGroup.objects.count() == Region.objects.count() == 0
