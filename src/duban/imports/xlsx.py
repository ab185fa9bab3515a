"""An xlsx workbook read in one pass a sheet: values, merged cells and number formats.

openpyxl's normal mode builds a Cell object (with its style) for every cell, which costs more
than the import of a bureau's forty-sheet workbook itself; its read-only mode is lean but drops
the merged cells (header cells merged over their columns) and makes each number format a
lookup by cell. Both come from the sheet parser read-only mode uses: it reads the merged cells
at the end of the sheet and gives each cell's style, so one parse gives all three.
"""

from __future__ import annotations

import posixpath
import re
import zipfile

from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet._reader import WorkSheetParser

FORMAT_ROWS = 2_000  # number formats kept for the first rows only: tables read as shown are short, long files large
DRAWING_REL = re.compile(rb'Type="[^"]*/drawing"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Type="[^"]*/drawing"')


class NumberFormats:
    """The number format of a cell (1-based row and column) of the first ``FORMAT_ROWS`` rows."""

    def __init__(self, book, styles: dict[tuple[int, int], int]):
        self.styles = styles
        self.by_style = {}  # style id → its number format: many cells, few styles
        for style in set(styles.values()):
            number_format = book._cell_styles[style].numFmtId
            self.by_style[style] = (BUILTIN_FORMATS.get(number_format, "General") if number_format < BUILTIN_FORMATS_MAX_SIZE
                                    else book._number_formats[number_format - BUILTIN_FORMATS_MAX_SIZE])

    def __call__(self, row: int, column: int) -> str | None:
        style = self.styles.get((row, column))
        return None if style is None else self.by_style[style]


def read_worksheet(book, ws) -> tuple[list[list], list[tuple[int, int, int, int]], NumberFormats]:
    """Rows of values from A1 (every row as wide as the widest, as openpyxl's ``iter_rows`` gives
    them), merged ranges (min_row, min_col, max_row, max_col) and the number formats."""
    rows: list[list] = []
    styles: dict[tuple[int, int], int] = {}
    width = 0
    with ws._get_source() as source:
        parser = WorkSheetParser(source, ws._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for index, cells in parser.parse():
            if not cells:
                continue
            rows.extend([] for _ in range(index - 1 - len(rows)))  # rows the file leaves out
            row = [None] * cells[-1]["column"]
            for cell in cells:
                row[cell["column"] - 1] = cell["value"]
            rows.append(row)
            width = max(width, len(row))
            if index <= FORMAT_ROWS:
                styles.update(((index, cell["column"]), cell["style_id"]) for cell in cells
                              if cell["style_id"] and cell["value"].__class__ in (int, float))
        merged = [range_boundaries(r.ref) for r in parser.merged_cells.mergeCell] if parser.merged_cells else []
    merged = [(min_row, min_col, max_row, max_col) for min_col, min_row, max_col, max_row in merged]
    width = max([width] + [m[3] for m in merged])
    rows.extend([] for _ in range(max([0] + [m[2] for m in merged]) - len(rows)))  # a merged range below the cells
    for row in rows:
        row.extend([None] * (width - len(row)))
    return rows, merged, NumberFormats(book, styles)


def sheets_with_charts(path, book) -> set[str]:
    """Titles of the worksheets whose drawing holds a chart (a picture of figures, not a table)."""
    titles = set()
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        for ws in book.worksheets:
            part = ws._worksheet_path
            rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
            if rels not in names:
                continue
            for match in DRAWING_REL.finditer(archive.read(rels)):
                target = (match.group(1) or match.group(2)).decode()
                drawing = posixpath.normpath(posixpath.join(posixpath.dirname(part), target)) if not target.startswith("/") else target[1:]
                drawing_rels = posixpath.join(posixpath.dirname(drawing), "_rels", posixpath.basename(drawing) + ".rels")
                if drawing_rels in names and b"/chart\"" in archive.read(drawing_rels):
                    titles.add(ws.title)
    return titles
