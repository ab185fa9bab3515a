"""A workbook cell as the workbook shows it.

Bureaus compute their tables and paste the raw results: a cell holds 6.17000000000001 or 4.958
and its number format shows 6.2 and 5.0. The figure published is the one shown, so a number is
read at its format's decimals (rounded half up, in decimal arithmetic, as Excel shows it); a
cell in the General format loses only the binary noise of its last digits.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from duban.imports.tabular import Sheet, cell_text

NOISE_PLACES = 9  # a General cell's digits beyond these are the float's, not the bureau's
DECIMALS = re.compile(r"[0#?](?:[.]([0#?]+))?")


@lru_cache(maxsize=256)  # a workbook has a few formats and thousands of cells
def format_decimals(number_format: str | None) -> tuple[int | None, bool]:
    """(decimals shown, whether a percentage) of a number format; None decimals for General/text."""
    if not number_format or number_format in ("General", "@"):
        return None, False
    section = number_format.split(";")[0]
    section = re.sub(r'"[^"]*"|\[[^]]*]|\\.', "", section)  # quoted text, colours, escaped characters
    match = DECIMALS.search(section)
    if match is None:
        return None, False
    return len(match.group(1) or ""), "%" in section


def shown_text(sheet: Sheet, row: int, column: int) -> str | None:
    """The cell (0-based row and column) as text, a number at the precision it is shown."""
    raw = sheet.rows[row][column] if column < len(sheet.rows[row]) else None
    if not isinstance(raw, float | int) or isinstance(raw, bool):
        return cell_text(raw)
    decimals, percent = None, False
    if sheet.formats is not None:
        decimals, percent = format_decimals(sheet.formats(row + 1, column + 1))
    exact = Decimal(repr(raw))
    if percent:
        exact = exact.scaleb(2)
    if decimals is None:
        shown = exact.quantize(Decimal(1).scaleb(-NOISE_PLACES), rounding=ROUND_HALF_UP).normalize()
    else:
        shown = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = format(shown, "f")
    return text + "%" if percent else text
