"""Cells of the .xlsx and .csv files duban writes: a text is always written as text.

A text beginning with = + - @, a tab or a carriage return would be taken by Excel and WPS as a
formula (CSV injection, OWASP): a name such as ``=HYPERLINK("http://…","点击")`` must reach the
reader as the letters it is. Every spreadsheet duban produces writes its rows through here.
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.cell.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet program would read this text as a formula."""
    return text.startswith(FORMULA_STARTS)


def csv_value(value: object) -> object:
    """A CSV field: a formula-like text gets a leading apostrophe, as OWASP advises."""
    return "'" + value if isinstance(value, str) and formula_like(value) else value


def csv_row(values: Iterable[object]) -> list[object]:
    return [csv_value(v) for v in values]


def xlsx_row(sheet, values: Iterable[object]) -> list[object]:
    """Values for ``sheet.append`` (normal or write-only), a formula-like text as a text cell."""
    return [_text_cell(sheet, v) if isinstance(v, str) and formula_like(v) else v for v in values]


def set_cell(cell: Cell, value: object) -> Cell:
    """Give a worksheet cell a value; a formula-like text stays text."""
    cell.value = value
    if isinstance(value, str) and formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _text_cell(sheet, text: str) -> Cell:
    return set_cell(Cell(sheet, row=1, column=1), text)  # append moves it to its place
