"""The wide layout statistics bureaus publish: one row per region, indicators side by side.

    2024年1—3月金华市各县（市、区）主要经济指标            ← title row: the period
    县（市、区） | 规上工业增加值 (merged) | 社会消费品零售总额 (merged) …   ← header row 1
                 | 增速（%） | 位次       | 累计（亿元） | 增速（%） | 位次 ← header row 2
    金华市       | 8.6       | —          | 512.34       | 5.9       | —
    …
    注：…                                                   ← footnotes end the table

Each (region row, indicator) becomes one record in the field names of the long layout
(indicator, region, period, basis, value, yoy_pct, rank), so the long importer checks
and writes it: one set of rules for both layouts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from duban.core.periods import PeriodError, PeriodRef, find_period_in_text
from duban.imports.tabular import ImportProblem, ImportRejected, Sheet, cell_text, normalise_header

REGION_HEADERS = {normalise_header(h) for h in ("县（市、区）", "县(市、区)", "县市区", "地区", "区域", "地区名称", "单位", "区划代码")}
RANK_WORDS = ("位次", "排名", "排位")
GROWTH_WORDS = ("增速", "增长", "同比", "增幅", "%")
YTD_WORDS = ("累计", "1-")
PERIOD_WORDS = ("当月", "本月", "当期")
FOOTNOTE = re.compile(r"^\s*(注|说明|备注|资料来源|数据来源)\s*[:：0-9１-９]")
MONEY_EXPONENTS = {"元": 0, "万元": 4, "亿元": 8}
UNIT_IN_BRACKETS = re.compile(r"[（(]([^）)]*)[）)]")
TITLE_ROWS = 5


@dataclass
class IndicatorColumns:
    """The sub-columns of one indicator in the header: 0-based positions."""

    name: str
    header_column: int
    value: int | None = None
    value_unit: str | None = None
    value_basis: str | None = None
    yoy: int | None = None
    rank: int | None = None


@dataclass
class WideTable:
    sheet: Sheet
    period: PeriodRef
    title_row: int  # 0-based
    region_column: int
    first_data_row: int  # 0-based
    indicators: list[IndicatorColumns] = field(default_factory=list)


@dataclass
class WideRecord:
    """One figure of the table in long-layout field names, with the 0-based columns it came from."""

    number: int  # 1-based spreadsheet row
    cells: dict[str, str | None]
    positions: dict[str, int]


def find_wide_table(sheets: list[Sheet], file_name: str) -> WideTable | None:
    """The first sheet laid out as a published wide table; None when no sheet looks like one.

    A sheet with the wide header but no period in its title is rejected, naming the sheet.
    """
    for sheet in sheets:
        header = _header_row(sheet)
        if header is None:
            continue
        region_column, header_row = header
        indicators = _indicator_columns(sheet, header_row, region_column)
        if not indicators:
            continue
        period, title_row = _title_period(sheet, header_row, file_name)
        return WideTable(sheet, period, title_row, region_column, header_row + 2, indicators)
    return None


def wide_records(table: WideTable) -> Iterator[WideRecord]:
    basis_default = "ytd" if table.period.basis == "ytd" else "period"
    for index in range(table.first_data_row, len(table.sheet.rows)):
        raw = table.sheet.rows[index]
        texts = [cell_text(c) for c in raw]
        if not any(texts):
            continue
        first = next(t for t in texts if t)
        if FOOTNOTE.match(first):
            break  # notes close the table; anything below them is not data
        region = texts[table.region_column] if table.region_column < len(texts) else None
        for columns in table.indicators:
            cells = {
                "indicator": columns.name,
                "region": region,
                "period": table.period.period.code,
                "basis": columns.value_basis or basis_default,
                "value": _at(texts, columns.value),
                "value_unit": columns.value_unit,
                "yoy_pct": _at(texts, columns.yoy),
                "rank": _at(texts, columns.rank),
            }
            if all(cells[f] is None or _is_dash(cells[f]) for f in ("value", "yoy_pct", "rank")):
                continue  # a figure not published this period: nothing to store
            positions = {"region": table.region_column, "indicator": columns.header_column}
            positions.update({f: p for f, p in (("value", columns.value), ("yoy_pct", columns.yoy), ("rank", columns.rank)) if p is not None})
            yield WideRecord(index + 1, cells, positions)


def convert_header_unit(unit_in_header: str | None, indicator_unit: str) -> tuple[int, str | None]:
    """Power of ten that turns a value in the header's unit into the indicator's unit, or an error text."""
    if not unit_in_header or unit_in_header == indicator_unit:
        return 0, None
    if unit_in_header in MONEY_EXPONENTS and indicator_unit in MONEY_EXPONENTS:
        return MONEY_EXPONENTS[unit_in_header] - MONEY_EXPONENTS[indicator_unit], None
    return 0, f"表头单位“{unit_in_header}”与指标单位“{indicator_unit}”不一致"


def _at(texts: list[str | None], position: int | None) -> str | None:
    return texts[position] if position is not None and position < len(texts) else None


def _is_dash(text: str) -> bool:
    return text.strip() in {"-", "—", "－", "–", "/", "…", "……"}


def _header_row(sheet: Sheet) -> tuple[int, int] | None:
    """(region column, header row) of the first row whose cell names the region column."""
    for row_index, row in enumerate(sheet.rows[: TITLE_ROWS + 3]):
        for column, cell in enumerate(row):
            if cell is not None and normalise_header(cell) in REGION_HEADERS:
                return column, row_index
    return None


def _indicator_columns(sheet: Sheet, header_row: int, region_column: int) -> list[IndicatorColumns]:
    """Indicator names from the first header row (merged over their sub-columns), roles from the second."""
    if header_row + 1 >= len(sheet.rows):
        return []
    top = _filled_across_merges(sheet, header_row)
    sub = [cell_text(c) for c in sheet.rows[header_row + 1]]
    found: dict[str, IndicatorColumns] = {}
    for column, name in enumerate(top):
        if column == region_column or name is None:
            continue
        role_text = sub[column] if column < len(sub) else None
        columns = found.setdefault(name, IndicatorColumns(name, column))
        role = _role(role_text or name)
        if role == "rank":
            columns.rank = column
        elif role == "yoy":
            columns.yoy = column
        else:
            columns.value = column
            unit = UNIT_IN_BRACKETS.search(role_text or "")
            columns.value_unit = unit.group(1).strip() if unit else None
            folded = role_text or ""
            if any(w in folded for w in YTD_WORDS):
                columns.value_basis = "ytd"
            elif any(w in folded for w in PERIOD_WORDS):
                columns.value_basis = "period"
    return list(found.values())


def _role(text: str) -> str:
    if any(w in text for w in RANK_WORDS):
        return "rank"
    if any(w in text for w in GROWTH_WORDS):
        return "yoy"
    return "value"


def _filled_across_merges(sheet: Sheet, row_index: int) -> list[str | None]:
    """The header row with each merged cell's text repeated over the columns it spans.

    Without merge information (CSV), a name runs on over empty cells to its right.
    """
    row = [cell_text(c) for c in sheet.rows[row_index]]
    width = max((len(r) for r in sheet.rows), default=0)
    row += [None] * (width - len(row))
    if sheet.merged:
        for min_row, min_col, _max_row, max_col in sheet.merged:
            if min_row == row_index + 1:
                for column in range(min_col, max_col + 1):
                    row[column - 1] = row[min_col - 1]
        return row
    name = None
    for column, text in enumerate(row):
        name = text or name
        row[column] = name
    return row


def _title_period(sheet: Sheet, header_row: int, file_name: str) -> tuple[PeriodRef, int]:
    for row_index in range(header_row):
        for cell in sheet.rows[row_index]:
            text = cell_text(cell)
            if not text:
                continue
            try:
                ref = find_period_in_text(text)
            except PeriodError as error:
                raise ImportRejected([ImportProblem(file_name, f"标题中的期间无法识别：{error}", sheet=sheet.name, row=row_index + 1)]) from None
            if ref is not None:
                return ref, row_index
    raise ImportRejected([
        ImportProblem(
            file_name, "宽表的标题行中找不到期间（应写明如“2024年1-3月”）", sheet=sheet.name,
            row=1 if header_row else None,
        )
    ])
