"""Several indicators side by side in one sheet of a bureau's workbook, each its own block:

    表13 分县（市、区）进出口
    地  区 | 出口总额 (merged B:D)             | 进口总额 (merged E:G)
           | 1-3月 (merged B:D)                | 1-3月 (merged E:G)          ← a period per block, or one in the title
           | 绝对额(亿元) | 增速(%) | 排名      | 绝对额(亿元) | 增减(%) | 排名
    全市   | …

A header row that names two or more catalogue indicators splits the sheet: each block spans its
name's merged cell (or, unmerged, the columns up to the next name in that row). A name in that
row that is no catalogue indicator starts a block that is not read, and is noted.
"""

from __future__ import annotations

from dataclasses import dataclass

from duban.catalogue.lookups import NameIndex, UnknownName
from duban.imports.tabular import Sheet, cell_text
from duban.observations.bureau_text import clean_title, fold, is_period_text


@dataclass
class Block:
    indicator: object | None  # None: a name that is no catalogue indicator (not read)
    name: str  # as the header writes it
    columns: range  # 0-based


def indicator_blocks(sheet: Sheet, header: list[list], label_column: int, indicators: NameIndex) -> list[Block]:
    """The blocks of the first header row that names two or more distinct indicators; [] when none
    does (one indicator to the sheet)."""
    width = max((len(r) for r in sheet.rows), default=0)
    for r, row in enumerate(header):
        starts = [(c, text) for c, text in ((c, cell_text(cell)) for c, cell in enumerate(row))
                  if c > label_column and text and not is_period_text(text)]
        found = [(c, text, _named(text, indicators)) for c, text in starts]
        if len({i.id for _, _, i in found if i is not None}) < 2:
            continue
        blocks = []
        for n, (column, text, indicator) in enumerate(found):
            end = found[n + 1][0] if n + 1 < len(found) else width
            merged = next((max_col for min_row, min_col, _, max_col in sheet.merged
                           if min_row == r + 1 and min_col == column + 1), None)
            blocks.append(Block(indicator, text, range(column, merged if merged is not None else end)))
        return blocks
    return []


def _named(text: str, indicators: NameIndex):
    for candidate in (text.strip(), clean_title(text)):
        if candidate and candidate in indicators:
            try:
                return indicators.get(candidate)
            except UnknownName:
                continue
    return None


def only_columns(header: list[list], columns: range | set[int]) -> list[list]:
    """The header with every cell outside ``columns`` blanked (places stay where they were)."""
    return [[cell if c in columns else None for c, cell in enumerate(row)] for row in header]


def period_blocks(sheet: Sheet, header: list[list], label_column: int, columns: range) -> list[range]:
    """The columns of each period of the first header row that writes two or more different
    periods over ``columns`` (``3月`` merged over 绝对额/增速, ``1-3月`` over 绝对额/增速/位次): a
    block spans its period's merged cell, or, unmerged, the columns up to the next period in that
    row. [] when no row does (one period to the columns)."""
    for r, row in enumerate(header):
        found = [(c, fold(text)) for c, text in ((c, cell_text(row[c])) for c in columns if c < len(row))
                 if c > label_column and text and is_period_text(text)]
        if len({text for _, text in found}) < 2:
            continue
        blocks = []
        for n, (column, _) in enumerate(found):
            end = found[n + 1][0] if n + 1 < len(found) else columns[-1] + 1
            merged = next((max_col for min_row, min_col, _, max_col in sheet.merged
                           if min_row == r + 1 and min_col == column + 1), None)
            blocks.append(range(column, min(merged, end) if merged is not None else end))
        return blocks
    return []
