"""The demo's responsibility list: the sample breakdown sheet, imported like any file."""

from pathlib import Path

from duban.imports.base import ImportReport, import_file

DEMO_SHEET = Path(__file__).resolve().parent / "fixtures" / "task-breakdown-sheet.xlsx"
DEMO_PLAN_YEAR = 2024  # the demo's figures are for 2024


class DemoTasksRejected(RuntimeError):
    pass


def load_demo_tasks() -> ImportReport:
    """Import the sample sheet for 2024; loading it again changes nothing."""
    report = import_file(DEMO_SHEET, "tasks", plan_year=DEMO_PLAN_YEAR, actor="demo", reason="载入演示数据")
    if not report.ok:
        raise DemoTasksRejected("\n".join(map(str, report.problems[:20])))
    return report
