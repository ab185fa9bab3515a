"""``duban import --kind projects / project_progress``: the samples import; bad rows are refused
with sheet, row, column and reason, and nothing is written."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from duban.imports.base import import_file
from duban.projects.models import Milestone, Project, ProjectMonth, ProjectRevision, ProjectYear

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
HEADER = "项目编号,项目名称,类型,所在镇街,牵头单位,责任领导,专班,总投资,年度,年度计划投资,计划开工,实际开工"


def _csv(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _samples():
    projects = import_file(EXAMPLES / "projects-2024.csv", "projects", actor="test")
    progress = import_file(EXAMPLES / "project-progress-2024-06.csv", "project_progress", actor="test")
    return projects, progress


def test_samples_import_and_give_the_contract_json(world, capsys):
    projects, progress = _samples()
    assert projects.ok and progress.ok, [str(p) for p in projects.problems + progress.problems]
    assert (projects.created, progress.created) == (3, 3)
    s01 = Project.objects.get(code="YK2024-S01")
    assert s01.total_investment == Decimal("120000")  # 12亿元 in 万元
    s02 = ProjectYear.objects.get(project__code="YK2024-S02", year=2024)
    assert s02.annual_plan == Decimal("18000") and s02.monthly_plan[2] == Decimal("1000")
    assert ProjectYear.objects.get(project=s01).monthly_plan == (Decimal("3000"),) * 12  # spread evenly
    start = Milestone.objects.get(project__code="YK2024-S02", kind="开工")
    assert (str(start.planned_date), str(start.actual_date)) == ("2024-03-01", "2024-03-20")
    assert ProjectMonth.objects.get(project=s01, period="2024-06").status == "approved"
    assert ProjectRevision.objects.filter(project=s01, field="completed_ytd").count() == 1
    call_command("projects", "--period", "2024-06", "--json")
    document = json.loads(capsys.readouterr().out)
    assert document["period"] == "2024-06"
    by_code = {p["code"]: p for p in document["projects"]}
    assert set(by_code["YK2024-S01"]) == {"code", "name", "colour", "planned_pct", "completed_pct", "gap_pp", "reasons"}
    # S01: 18000 planned of 36000 = 50 %, 17500 done = 48.61 %: green.
    assert (by_code["YK2024-S01"]["colour"], by_code["YK2024-S01"]["completed_pct"]) == ("green", 48.61)
    # S02: planned 5500/18000 = 30.56 %, done 3400 = 18.89 %: 11.67 behind, yellow.
    assert (by_code["YK2024-S02"]["colour"], by_code["YK2024-S02"]["gap_pp"]) == ("yellow", -11.67)
    # S03: even plan 50 % by June, nothing done: red; due to start in June, not started.
    assert by_code["YK2024-S03"]["colour"] == "red"
    assert "计划6月开工，本月尚未开工" in by_code["YK2024-S03"]["reasons"]


def test_importing_again_changes_nothing(world):
    _samples()
    projects, progress = _samples()
    assert (projects.unchanged, progress.unchanged) == (3, 3)


def test_bad_rows_refused_with_their_place(world, tmp_path):
    path = _csv(tmp_path, "bad.csv", "\n".join([
        HEADER,
        "P1,好项目,产业项目,东城街道,经信局,王明,,1亿元,2024,5000,2024-03,",
        "P2,坏镇街,产业项目,不存在镇,经信局,王明,,1000,2024,500,,",
        "P3,坏金额,产业项目,东城街道,经信局,王明,,很多,2024,—,,",
        "P4,坏日期,产业项目,东城街道,经信局,王明,,1000,24年,500,下个月,",
    ]) + "\n")
    report = import_file(path, "projects")
    assert not report.ok
    places = {(p.row, p.column, p.field) for p in report.problems}
    assert (3, "4", "town") in places
    assert (4, "8", "total_investment") in places
    assert (4, "10", "annual_plan") in places  # a dash is no data, never zero
    assert (5, "9", "year") in places and (5, "11", "planned_start") in places
    assert all(p.file == "bad.csv" for p in report.problems)
    assert not Project.objects.exists()  # all or nothing: the good row is not written either


def test_some_months_blank_is_refused_not_zero(world, tmp_path):
    months = ",".join(f"{m}月" for m in range(1, 13))
    path = _csv(tmp_path, "months.csv", f"{HEADER},{months}\n"
                "P1,项目一,产业项目,东城街道,经信局,,,1000,2024,1200,,," + ",".join(["100"] * 11) + ",\n")
    report = import_file(path, "projects")
    assert [(p.row, p.field) for p in report.problems] == [(2, "12月")]
    assert "空缺：12月" in report.problems[0].reason


def test_months_must_add_up(world, tmp_path):
    months = ",".join(f"{m}月" for m in range(1, 13))
    path = _csv(tmp_path, "sum.csv", f"{HEADER},{months}\n"
                "P1,项目一,产业项目,东城街道,经信局,,,1000,2024,1300,,," + ",".join(["100"] * 12) + "\n")
    report = import_file(path, "projects")
    assert "与年度计划投资 1300 万元不符" in report.problems[0].reason


def test_progress_errors_name_sheet_row_and_column(world, tmp_path):
    _samples()
    book = Workbook()
    sheet = book.active
    sheet.title = "进展"
    sheet.append(["项目", "月份", "累计完成投资", "竣工"])
    sheet.append(["YK2024-S01", "2024-07", 20000, None])
    sheet.append(["没有的项目", "2024-07", 100, None])
    sheet.append(["YK2024-S02", "2024Q2", 100, None])
    sheet.append(["YK2024-S03", "2024-07", "-", "明年"])
    path = tmp_path / "progress.xlsx"
    book.save(path)
    report = import_file(path, "project_progress")
    got = {(p.sheet, p.row, p.column, p.field) for p in report.problems}
    assert got == {("进展", 3, "A", "project"), ("进展", 4, "B", "period"), ("进展", 5, "C", "completed_ytd"),
                   ("进展", 5, "D", "竣工")}
    assert not ProjectMonth.objects.filter(period="2024-07").exists()


def test_cumulative_figure_never_falls(world, tmp_path):
    _samples()
    path = _csv(tmp_path, "fall.csv", "项目,月份,累计完成投资\nYK2024-S01,2024-07,17000\n")
    report = import_file(path, "project_progress")
    assert "小于上月累计 17500" in report.problems[0].reason
    assert report.problems[0].row == 2


def test_command_exits_1_on_bad_file(world, tmp_path):
    path = _csv(tmp_path, "bad.csv", f"{HEADER}\nP1,x,产业项目,火星,经信局,,,1,2024,1,,\n")
    with pytest.raises(CommandError):
        call_command("import", str(path), "--kind", "projects")


def test_projects_command_refuses_a_quarter(world):
    with pytest.raises(CommandError, match="不是月份"):
        call_command("projects", "--period", "2024Q2")
