"""Texts that look like formulas are written as text in every spreadsheet duban produces."""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from duban.spreadsheets import csv_row, set_cell, xlsx_row

NAMES = ['=HYPERLINK("http://example.com","点击")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "永康市"]


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_rows_keep_formula_like_names_as_text(tmp_path, write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("s") if write_only else book.active
    sheet.append(xlsx_row(sheet, NAMES + [-3.5, 12]))
    path = tmp_path / "out.xlsx"
    book.save(path)
    row = next(load_workbook(path).worksheets[0].iter_rows())
    assert [c.data_type for c in row[:7]] == ["s"] * 7
    assert [c.value for c in row[:7]] == NAMES
    assert (row[7].value, row[7].data_type, row[8].value) == (-3.5, "n", 12)


def test_set_cell_and_csv_rows(tmp_path):
    book = Workbook()
    cell = set_cell(book.active["A1"], "=1+1")
    assert (cell.data_type, cell.value) == ("s", "=1+1")
    out = io.StringIO()
    csv.writer(out).writerow(csv_row(NAMES[:4] + [-3.5]))
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'" + n for n in NAMES[:4]] + ["-3.5"]
