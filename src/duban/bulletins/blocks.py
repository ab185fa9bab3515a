"""The parts a document is made of, as plain JSON-ready dicts, and how a cell reads.

A document is ``{"title", "subtitle", "sections": [{"title", "sheet", "landscape", "blocks"}]}``;
a block is a paragraph, a list of numbered sentences, a table, a chart or a page break. Every
format (Word, Excel, HTML, PDF) renders the same blocks, and ``cell_text`` is the one way a
table cell is printed in the formats that print text.
"""

from __future__ import annotations

from duban.core.published import printed
from duban.monitoring.models import WarningLevel

LEVEL_WORDS = {**dict(WarningLevel.choices), WarningLevel.NONE: "—"}
LEVEL_ORDER = [WarningLevel.RED, WarningLevel.PENDING, WarningLevel.YELLOW, WarningLevel.GREEN, WarningLevel.NONE]


def section(title: str, sheet: str, blocks: list[dict], *, landscape: bool = False) -> dict:
    return {"title": title, "sheet": sheet, "landscape": landscape, "blocks": blocks}


def heading(text: str) -> dict:
    """A second-level heading inside a section: （一）创新深化."""
    return {"type": "heading", "text": text}


def paragraph(text: str, style: str = "body") -> dict:
    """``style``: body (indented), note (small, after a table), signature (right-aligned)."""
    return {"type": "paragraph", "text": text, "style": style}


def sentences(items: list[tuple[str, str]], *, label: str = "指标") -> dict:
    """Numbered sentences; in Excel a two-column table (label, sentence)."""
    return {"type": "sentences", "label": label, "items": [{"label": a, "text": b} for a, b in items]}


# Relative widths of a column by its kind; text columns may say their own.
WIDTHS = {"text": 3.0, "number": 1.7, "signed": 1.6, "rank": 1.6, "change": 1.3, "level": 1.2, "int": 1.2}


def column(title: str, kind: str = "text", decimals: int = 1, *, width: float | None = None) -> dict:
    """``kind``: text, number, signed (a gap in points), rank, change (places moved), level, int."""
    return {"title": title, "kind": kind, "decimals": decimals, "width": width or WIDTHS[kind]}


def table(columns: list[dict], rows: list[dict], *, title: str = "", empty: str = "无。") -> dict:
    return {"type": "table", "title": title, "columns": columns, "rows": rows, "empty": empty}


def row(cells: list, level: str | None = None) -> dict:
    return {"cells": cells, "level": level}


def band(text: str) -> dict:
    """A row spanning the table that names the rows below it (a category)."""
    return {"band": text, "cells": [], "level": None}


def chart(kind: str, title: str, data: dict) -> dict:
    return {"type": "chart", "kind": kind, "title": title, "data": data}


def page_break() -> dict:
    return {"type": "page_break"}


def rank_cell(rank: int | None, of: int, tied: bool = False) -> dict:
    return {"rank": rank, "of": of, "tied": tied}


def cell_text(col: dict, value) -> str:
    """A cell as Word, HTML and PDF print it; a missing value is "—", never 0."""
    kind = col["kind"]
    if value is None or value == "":
        return "—" if kind != "text" else ""
    if kind == "number":
        return f"{printed(value, col['decimals'])}"
    if kind == "signed":
        shown = printed(value, col["decimals"])
        return f"+{shown}" if shown > 0 else f"{shown}"
    if kind == "rank":
        if value["rank"] is None:
            return "—"
        return f"{'并列' if value['tied'] else ''}{value['rank']}/{value['of']}"
    if kind == "change":
        return "持平" if value == 0 else (f"↑{value}" if value > 0 else f"↓{-value}")
    if kind == "level":
        return str(LEVEL_WORDS.get(value, value))
    return str(value)


def chinese_number(n: int) -> str:
    """一 … 九十九, for section numbering (一、二、…)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else digits[tens]}十{digits[ones] if ones else ''}"


def printable(content: dict) -> dict:
    """The content with each table's cells as printed text (``rows_text``), for page templates."""
    sections = []
    for section in content["sections"]:
        blocks = []
        for block in section["blocks"]:
            if block["type"] == "table":
                block = dict(block, rows_text=[
                    [row["band"]] if "band" in row else [cell_text(col, v) for col, v in zip(block["columns"], row["cells"])]
                    for row in block["rows"]
                ])
            blocks.append(block)
        sections.append(dict(section, blocks=blocks))
    return dict(content, sections=sections)
