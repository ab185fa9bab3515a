"""Helpers for the bureau-workbook tests: the demo catalogue without its figures, and small
workbooks written cell by cell (with number formats) in the shapes bureaus use."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from duban.demo import dataset
from duban.imports.registry import importer_for
from duban.imports.tabular import Sheet

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bureau-monthly-workbook-2024年3月.xlsx"
SAMPLE = ROOT / "tests" / "fixtures" / "samples" / "prefecture-monthly-workbook-2024年3月.xlsx"  # a copy of the shared sample
COUNTIES = ["婺城", "金东", "武义", "浦江", "磐安", "兰溪", "义乌", "东阳", "永康"]


@pytest.fixture
def demo_catalogue(db):
    """The demo's regions, groups, departments and indicators (with their aliases); no figures."""
    for kind, rows in (("regions", dataset.regions()), ("groups", dataset.groups()),
                       ("departments", dataset.departments()), ("indicators", dataset.indicators())):
        report = importer_for(kind)(file_name=f"test:{kind}", actor="test").run([Sheet(kind, rows)])
        assert report.ok, report.problems


def county_sheet(book: Workbook, name: str, title: str | None, period: str, headers: list[str],
                 rows: list[list], *, label: str = "地区", number_format: str = "0.0", notes=("注：示例。",)):
    """A county table: title, [label, period], [None, *headers], then rows, then notes."""
    sheet = book.create_sheet(name)
    sheet.append([title])
    sheet.append([label, period])
    sheet.append([None, *headers])
    for row in rows:
        sheet.append(row)
        for column in range(2, len(row) + 1):
            if isinstance(row[column - 1], float):
                sheet.cell(sheet.max_row, column).number_format = number_format
    for note in notes:
        sheet.append([note])
    return sheet


def growth_rows(figures: list[float], ranks: list[int | None] | None = None) -> list[list]:
    ranks = ranks or [None] * len(figures)
    return [[name, figure, rank] for name, figure, rank in zip(COUNTIES, figures, ranks)]


def save(book: Workbook, path: Path) -> Path:
    if "Sheet" in book.sheetnames and len(book.sheetnames) > 1:
        del book["Sheet"]
    book.save(path)
    return path


def run_import(path: Path, *args: str):
    """``duban import PATH --kind observations ARGS --json`` → (exit code, the JSON document)."""
    import io
    import json

    from django.core.management.base import CommandError

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", str(path), "--kind", "observations", "--json", *args, stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        code = error.returncode
    return code, json.loads(out.getvalue())
