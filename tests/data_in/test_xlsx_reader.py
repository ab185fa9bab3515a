"""The xlsx reader (read-only, one parse a sheet) gives what openpyxl's normal mode gives: every
cell from A1 in rectangular rows, merged ranges, number formats, and which sheets hold a chart."""

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference

from duban.imports.tabular import read_sheets

ROOT = Path(__file__).resolve().parents[2]


def _normal_mode(path: Path):
    book = load_workbook(path, data_only=True)
    return [(ws.title, [list(r) for r in ws.iter_rows(values_only=True)],
             sorted((r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges),
             bool(getattr(ws, "_charts", None))) for ws in book.worksheets], book


def test_a_sheet_reads_as_in_openpyxls_normal_mode(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "表1"
    sheet["C3"] = "2024年1-3月"
    sheet.merge_cells("C3:E3")
    sheet.merge_cells("A9:B10")  # a merged range below the last value
    sheet["B5"], sheet["C5"], sheet["D5"], sheet["F6"] = "婺城", 6.17000000000001, 0.0512, datetime(2024, 3, 31)
    sheet["C5"].number_format, sheet["D5"].number_format = "0.0", "0.0%"
    chart = book.create_sheet("图1")
    chart.append(["月份", "增速"])
    chart.append(["1-2月", 6.1])
    bars = BarChart()
    bars.add_data(Reference(chart, min_col=2, min_row=1, max_row=2), titles_from_data=True)
    chart.add_chart(bars, "D2")
    path = tmp_path / "book.xlsx"
    book.save(path)
    expected, normal = _normal_mode(path)
    sheets = read_sheets(path)
    assert [(s.name, s.rows, sorted(s.merged), s.chart) for s in sheets] == expected
    assert sheets[0].rows[5][5] == datetime(2024, 3, 31) and sheets[1].chart and not sheets[0].chart
    assert sheets[0].formats(5, 3) == "0.0" and sheets[0].formats(5, 4) == "0.0%"


def test_the_examples_and_samples_read_as_before():
    for path in [*ROOT.glob("examples/*.xlsx"), *ROOT.glob("tests/fixtures/samples/*.xlsx")]:
        expected, normal = _normal_mode(path)
        sheets = [s for s in read_sheets(path) if s.name in {ws.title for ws in normal.worksheets}]
        assert [(s.name, s.rows, sorted(s.merged), s.chart) for s in sheets] == expected, path.name
        for sheet, ws in zip(sheets, normal.worksheets):
            for r, row in enumerate(sheet.rows):
                for c, value in enumerate(row):
                    if isinstance(value, int | float):
                        assert (sheet.formats(r + 1, c + 1) or "General") == ws.cell(r + 1, c + 1).number_format
