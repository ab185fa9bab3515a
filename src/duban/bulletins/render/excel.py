"""Excel (.xlsx): one sheet per section, frozen header rows, rows coloured by warning level,
numbers stored as numbers with their display formats (a rank is the number 4 shown as
``并列4/9``), charts as pictures.

Text is never a formula: every text cell goes through ``duban.spreadsheets.set_cell``, which
writes one beginning with = + - @, a tab or a carriage return as a string (OWASP CSV injection).
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from duban.bulletins import blocks as b
from duban.bulletins.render import charts
from duban.bulletins.render.fonts import Fonts
from duban.spreadsheets import set_cell

FILLS = {level: PatternFill("solid", fgColor=colour) for level, colour in
         {"red": "F6D5D5", "yellow": "FBEFC5", "green": "DCEFD8", "pending": "E4E4E4"}.items()}
HEADER_FILL = PatternFill("solid", fgColor="EDEDED")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NUMBER_FORMATS = {"int": "0", "change": '"↑"0;"↓"0;"持平"'}
ROW_PX = 20  # a row's height in pixels, to leave room below a picture
CHART_PX = 620


def _number_format(col: dict, value) -> str:
    if col["kind"] == "rank":
        joint = '"并列"' if value["tied"] else ""
        return f'{joint}0"/{value["of"]}"'
    if col["kind"] == "signed":
        places = "0." + "0" * col["decimals"] if col["decimals"] else "0"
        return f"+{places};-{places};{places}"
    if col["kind"] == "number":
        return "0." + "0" * col["decimals"] if col["decimals"] else "0"
    return NUMBER_FORMATS.get(col["kind"], "General")


def _cell(ws, row: int, column: int, col: dict, value) -> None:
    cell = ws.cell(row, column)
    cell.border = BORDER
    kind = col["kind"]
    if value is None or value == "":
        return  # an empty cell, never 0
    if kind == "level":
        set_cell(cell, b.cell_text(col, value))
        cell.alignment = Alignment(horizontal="center")
        if value in FILLS:
            cell.fill = FILLS[value]
    elif kind == "rank":
        if value["rank"] is not None:
            cell.value = value["rank"]
            cell.number_format = _number_format(col, value)
    elif kind in ("number", "signed", "int", "change"):
        cell.value = value
        cell.number_format = _number_format(col, value)
    else:
        set_cell(cell, str(value))
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _table(ws, row: int, block: dict) -> tuple[int, int]:
    """Write a table from ``row``; returns the next free row and the header row."""
    columns = block["columns"]
    if block["title"]:
        set_cell(ws.cell(row, 1), block["title"])
        ws.cell(row, 1).font = Font(bold=True)
        row += 1
    header = row
    for n, col in enumerate(columns, 1):
        cell = ws.cell(row, n)
        set_cell(cell, col["title"])
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        letter = get_column_letter(n)
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, 4 + 4 * col["width"])
    row += 1
    if not block["rows"]:
        set_cell(ws.cell(row, 1), block["empty"])
        return row + 2, header
    for data in block["rows"]:
        if "band" in data:
            set_cell(ws.cell(row, 1), data["band"])
            ws.cell(row, 1).font = Font(bold=True)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(columns))
        else:
            for n, (col, value) in enumerate(zip(columns, data["cells"]), 1):
                _cell(ws, row, n, col, value)
        row += 1
    return row + 1, header


def _sentences_table(block: dict) -> dict:
    rows = [b.row([n, item["label"], item["text"]]) for n, item in enumerate(block["items"], 1)]
    return b.table([b.column("序号", "int"), b.column(block["label"], width=3), b.column("通报语句", width=16)], rows)


def _section(wb: Workbook, section: dict, content: dict, fonts: Fonts, first: bool) -> None:
    ws = wb.active if first else wb.create_sheet()
    ws.title = section["sheet"][:31]
    row = 1
    if first:
        set_cell(ws.cell(row, 1), content["title"])
        ws.cell(row, 1).font = Font(bold=True, size=14)
        set_cell(ws.cell(row + 1, 1), content["subtitle"])
        row += 3
    set_cell(ws.cell(row, 1), section["title"])
    ws.cell(row, 1).font = Font(bold=True, size=12)
    row += 1
    frozen = None
    for block in section["blocks"]:
        kind = block["type"]
        if kind in ("paragraph", "heading"):
            set_cell(ws.cell(row, 1), block["text"])
            row += 1
        elif kind in ("table", "sentences"):
            row, header = _table(ws, row, block if kind == "table" else _sentences_table(block))
            frozen = frozen or header
        elif kind == "chart":
            for png in charts.draw(block, fonts.heading):
                image = Image(io.BytesIO(png))
                scale = CHART_PX / image.width
                image.width, image.height = CHART_PX, int(image.height * scale)
                ws.add_image(image, f"A{row}")
                row += image.height // ROW_PX + 2
    if frozen:
        ws.freeze_panes = f"A{frozen + 1}"
    ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width or 0, 14)


def render(content: dict, fonts: Fonts) -> bytes:
    wb = Workbook()
    wb.properties.title, wb.properties.creator = content["title"], "督办 duban"
    for n, section in enumerate(content["sections"]):
        _section(wb, section, content, fonts, n == 0)
    if content.get("notes"):
        ws = wb.worksheets[0]
        set_cell(ws.cell(ws.max_row + 2, 1), "；".join(content["notes"]))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
