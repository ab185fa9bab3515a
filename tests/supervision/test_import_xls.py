"""A 任务分解表 saved as Excel 97-2003 (.xls, by LibreOffice from the .xlsx sample) imports as the
.xlsx does: every importer kind reads .xls, not only the bureau workbooks."""

from pathlib import Path

from duban.imports.base import import_file
from duban.supervision.models import Task

from .conftest import SHEET

XLS = Path(__file__).resolve().parents[1] / "fixtures" / "samples" / "task-breakdown-sheet.xls"


def test_the_xls_breakdown_sheet_gives_the_same_task_tree(departments, indicators):
    report = import_file(XLS, "tasks", plan_year=2024)
    assert report.ok, [str(p) for p in report.problems]
    from_xls = sorted(Task.objects.values_list("number", "title", "due", "lead__name", "measures", "deadline_text"))
    Task.objects.all().delete()
    again = import_file(SHEET, "tasks", plan_year=2024)
    assert again.ok and (again.created, again.rows) == (report.created, report.rows) == (9, 9)
    assert sorted(Task.objects.values_list("number", "title", "due", "lead__name", "measures", "deadline_text")) == from_xls
