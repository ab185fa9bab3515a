"""An Excel 97-2003 (.xls) workbook, read into the same sheets as an .xlsx one.

Many statistics bureaus still publish .xls. xlrd reads it; with ``formatting_info`` it also gives
the merged cells (header cells merged over their columns) and each cell's number format, which
the importers use as they do for .xlsx. A number xlrd gives as a float that is whole is an int, as
openpyxl gives it, so a cell reads the same from either file type.
"""

from __future__ import annotations

from pathlib import Path

import xlrd

from duban.imports.tabular import ImportProblem, ImportRejected, Sheet


class XlsNumberFormats:
    """The number format of a cell (1-based row and column), as ``imports.xlsx.NumberFormats``."""

    def __init__(self, book, sheet):
        self.book, self.sheet = book, sheet

    def __call__(self, row: int, column: int) -> str | None:
        if row > self.sheet.nrows or column > self.sheet.ncols:
            return None
        xf = self.book.xf_list[self.sheet.cell_xf_index(row - 1, column - 1)]
        number_format = self.book.format_map.get(xf.format_key)
        return number_format.format_str if number_format is not None else None


def read_xls(path: Path, name: str) -> list[Sheet]:
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except (xlrd.XLRDError, xlrd.compdoc.CompDocError, OSError, ValueError, AssertionError) as error:
        raise ImportRejected([ImportProblem(name, f"不是有效的 Excel 97-2003（.xls）文件：{error}")]) from None
    try:
        return [_sheet(book, book.sheet_by_index(i)) for i in range(book.nsheets)]
    finally:
        book.release_resources()


def _sheet(book, ws) -> Sheet:
    rows = [[_value(book, ws.cell(r, c)) for c in range(ws.ncols)] for r in range(ws.nrows)]
    merged = [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in ws.merged_cells]
    return Sheet(ws.name, rows, merged, formats=XlsNumberFormats(book, ws))


def _value(book, cell):
    kind = cell.ctype
    if kind == xlrd.XL_CELL_TEXT:
        return cell.value
    if kind == xlrd.XL_CELL_NUMBER:
        number = cell.value
        return int(number) if number.is_integer() else number
    if kind == xlrd.XL_CELL_DATE:
        return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    return None
