"""The wide layout statistics bureaus publish: one row per region, indicators side by side.

    2024年1—3月金华市各县（市、区）主要经济指标            ← title row: the period
    县（市、区） | 规上工业增加值 (merged) | 社会消费品零售总额 (merged) …   ← header row 1
                 | 增速（%） | 位次       | 累计（亿元） | 增速（%） | 位次 ← header row 2
    金华市       | 8.6       | —          | 512.34       | 5.9       | —
    …
    注：…                                                   ← footnotes end the table

A county's own table turns it round: one row per indicator, with a unit column, and
either the region in the title or the regions side by side (merged over their sub-columns):

    2024年1-3月永康市主要经济指标                                  ← title: period and region
    指标名称 | 单位 | 1-3月累计 | 同比增长（%） | 金华位次
    规上工业增加值 | 亿元 | 123.45 | 8.6 | 3

Each (row, column group) becomes one record in the field names of the long layout
(indicator, region, period, basis, value, yoy_pct, rank), so the long importer checks
and writes it: one set of rules for every layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from duban.core.periods import PeriodError, PeriodRef
from duban.core.period_text import find_period_in_text
from duban.imports.tabular import ImportProblem, ImportRejected, Sheet, cell_text, normalise_header

REGION_HEADERS = {normalise_header(h) for h in ("县（市、区）", "县(市、区)", "县市区", "地区", "区域", "地区名称", "单位", "区划代码")}
INDICATOR_HEADERS = {normalise_header(h) for h in ("指标", "指标名称", "主要指标", "指标项目", "项目")}
UNIT_HEADERS = {normalise_header(h) for h in ("单位", "计量单位")}
RANK_WORDS = ("位次", "排名", "排位")
GROWTH_WORDS = ("增速", "增长", "同比", "增幅", "%")
YTD_WORDS = ("累计", "1-")
PERIOD_WORDS = ("当月", "本月", "当期")
LAST_YEAR_WORDS = ("上年", "去年", "上期")
ONE_MONTH = re.compile(r"^\s*[0-9０-９]{1,2}月份?\s*([（(].*[）)])?\s*$")  # "3月", "3月（亿元）": that month alone
FOOTNOTE = re.compile(r"^\s*(注|说明|备注|资料来源|数据来源)\s*[:：0-9１-９]")
MONEY_EXPONENTS = {"元": 0, "万元": 4, "亿元": 8}
UNIT_IN_BRACKETS = re.compile(r"[（(]([^）)]*)[）)]")
TITLE_ROWS = 5
ROW_NUMBERING = re.compile(r"^\s*(?:[0-9０-９]+[.、．)）]|[一二三四五六七八九十]+[、.．]|[（(][0-9一二三四五六七八九十]+[）)]|其中[:：])\s*")


@dataclass
class ColumnGroup:
    """The sub-columns (0-based) of one name in the header: an indicator in a table with a row
    per region, a region in a table with a row per indicator."""

    name: str
    header_column: int
    values: list[ValueColumn] = field(default_factory=list)
    yoy: int | None = None
    rank: int | None = None

    def figures(self, default_basis: str) -> Iterator[tuple[ValueColumn | None, bool]]:
        """Each value column, and whether the growth rate and rank go with it: those of the
        table's own basis (the first such), else of the first value column."""
        main = next((v for v in self.values if (v.basis or default_basis) == default_basis), None)
        main = main or (self.values[0] if self.values else None)
        if main is None:
            yield None, True
        for value in self.values:
            yield value, value is main


@dataclass
class ValueColumn:
    """A value sub-column: its position, the unit in its header, the basis its header says."""

    column: int
    unit: str | None = None
    basis: str | None = None


@dataclass
class WideTable:
    """``rows``: what a row holds, "region" or "indicator"; ``label_column`` holds its name and
    ``groups`` name the other dimension. ``unit_column``: a unit per row (indicator rows)."""

    sheet: Sheet
    period: PeriodRef
    title_row: int  # 0-based
    rows: str
    label_column: int
    first_data_row: int  # 0-based
    groups: list[ColumnGroup] = field(default_factory=list)
    unit_column: int | None = None


@dataclass
class WideRecord:
    """One figure of the table in long-layout field names, with the 0-based columns it came from."""

    number: int  # 1-based spreadsheet row
    cells: dict[str, str | None]
    positions: dict[str, int]


def find_wide_table(sheets: list[Sheet], file_name: str, region_names: Iterable[str] = ()) -> WideTable | None:
    """The first sheet laid out as a published wide table; None when no sheet looks like one.

    ``region_names`` (the catalogue's) find the region in the title of a one-region table.
    A sheet with the wide header but no period in its title is rejected, naming the sheet.
    """
    for sheet in sheets:
        header = _header_row(sheet)
        if header is None:
            continue
        rows, label_column, header_row = header
        if rows == "region":
            groups = _column_groups(sheet, header_row, {label_column})
            if not groups:
                continue
            period, title_row = _title_period(sheet, header_row, file_name)
            return WideTable(sheet, period, title_row, rows, label_column, header_row + 2, groups)
        unit_column = next(
            (c for c, cell in enumerate(sheet.rows[header_row])
             if c != label_column and cell is not None and normalise_header(cell) in UNIT_HEADERS),
            None,
        )
        skip = {label_column} | ({unit_column} if unit_column is not None else set())
        period, title_row = _title_period(sheet, header_row, file_name)
        if _has_role_row(sheet, header_row, label_column, skip):  # regions side by side
            groups, first_data_row = _column_groups(sheet, header_row, skip), header_row + 2
        else:  # one region, named in the title
            region = _title_region(sheet, title_row, region_names, file_name)
            groups, first_data_row = [_single_group(sheet, header_row, skip, region)], header_row + 1
        if any(g.values or g.yoy is not None or g.rank is not None for g in groups):
            return WideTable(sheet, period, title_row, rows, label_column, first_data_row, groups, unit_column)
    return None


def wide_records(table: WideTable) -> Iterator[WideRecord]:
    basis_default = "ytd" if table.period.basis == "ytd" else "period"
    name_field, group_field = ("region", "indicator") if table.rows == "region" else ("indicator", "region")
    for index in range(table.first_data_row, len(table.sheet.rows)):
        raw = table.sheet.rows[index]
        texts = [cell_text(c) for c in raw]
        if not any(texts):
            continue
        first = next(t for t in texts if t)
        if FOOTNOTE.match(first):
            break  # notes close the table; anything below them is not data
        label = _at(texts, table.label_column)
        row_unit = _at(texts, table.unit_column)
        for group in table.groups:
            for value, with_growth in group.figures(basis_default):
                yoy, rank = (group.yoy, group.rank) if with_growth else (None, None)
                cells = {
                    name_field: _row_label(label) if table.rows == "indicator" else label,
                    group_field: group.name,
                    "period": table.period.period.code,
                    "basis": (value.basis if value else None) or basis_default,
                    "value": _at(texts, value.column if value else None),
                    "value_unit": (value.unit if value else None) or row_unit,
                    "yoy_pct": _at(texts, yoy),
                    "rank": _at(texts, rank),
                }
                if all(cells[f] is None or _is_dash(cells[f]) for f in ("value", "yoy_pct", "rank")):
                    continue  # a figure not published this period (or a section heading): nothing to store
                positions = {name_field: table.label_column, group_field: group.header_column}
                positions.update({f: p for f, p in (("value", value.column if value else None), ("yoy_pct", yoy),
                                                    ("rank", rank)) if p is not None})
                if table.unit_column is not None and not (value and value.unit):
                    positions["value_unit"] = table.unit_column
                yield WideRecord(index + 1, cells, positions)


def convert_header_unit(unit_in_header: str | None, indicator_unit: str) -> tuple[int, str | None]:
    """Power of ten that turns a value in the table's unit (a header's or a unit column's) into
    the indicator's unit, or an error text."""
    if not unit_in_header or unit_in_header == indicator_unit:
        return 0, None
    if unit_in_header in MONEY_EXPONENTS and indicator_unit in MONEY_EXPONENTS:
        return MONEY_EXPONENTS[unit_in_header] - MONEY_EXPONENTS[indicator_unit], None
    return 0, f"表中单位“{unit_in_header}”与指标单位“{indicator_unit}”不一致"


def _at(texts: list[str | None], position: int | None) -> str | None:
    return texts[position] if position is not None and position < len(texts) else None


def _is_dash(text: str) -> bool:
    return text.strip() in {"-", "—", "－", "–", "/", "…", "……"}


def _header_row(sheet: Sheet) -> tuple[str, int, int] | None:
    """(what a row holds, its label column, header row) of the first row whose cell names the
    indicator column ("indicator") or the region column ("region")."""
    for row_index, row in enumerate(sheet.rows[: TITLE_ROWS + 3]):
        headers = [(c, normalise_header(cell)) for c, cell in enumerate(row) if cell is not None]
        for rows, names in (("indicator", INDICATOR_HEADERS), ("region", REGION_HEADERS)):
            column = next((c for c, text in headers if text in names), None)
            if column is not None:
                return rows, column, row_index
    return None


def _column_groups(sheet: Sheet, header_row: int, skip: set[int]) -> list[ColumnGroup]:
    """Names from the first header row (merged over their sub-columns), roles from the second."""
    if header_row + 1 >= len(sheet.rows):
        return []
    top = _filled_across_merges(sheet, header_row)
    sub = [cell_text(c) for c in sheet.rows[header_row + 1]]
    found: dict[str, ColumnGroup] = {}
    for column, name in enumerate(top):
        if column in skip or name is None:
            continue
        role_text = sub[column] if column < len(sub) else None
        _assign(found.setdefault(name, ColumnGroup(name, column)), column, role_text or name, role_text or "")
    return list(found.values())


def _single_group(sheet: Sheet, header_row: int, skip: set[int], name: str) -> ColumnGroup:
    """The columns of a one-header-row table: each header names its role."""
    group = ColumnGroup(name, min((c for c in range(len(sheet.rows[header_row])) if c not in skip), default=0))
    for column, cell in enumerate(sheet.rows[header_row]):
        text = cell_text(cell)
        if column not in skip and text:
            _assign(group, column, text, text)
    return group


def _assign(group: ColumnGroup, column: int, role_text: str, unit_text: str) -> None:
    """Give the column its role in the group; a second growth or rank column (全省位次 beside
    金华位次) and last year's figures (上年同期) are not read."""
    role = _role(role_text)
    if role == "last_year":
        return
    if role == "rank":
        group.rank = column if group.rank is None else group.rank
    elif role == "yoy":
        group.yoy = column if group.yoy is None else group.yoy
    else:
        unit = UNIT_IN_BRACKETS.search(unit_text)
        basis = (
            "ytd" if any(w in unit_text for w in YTD_WORDS)
            else "period" if any(w in unit_text for w in PERIOD_WORDS) or ONE_MONTH.match(unit_text) else None
        )
        group.values.append(ValueColumn(column, unit.group(1).strip() if unit else None, basis))


def _has_role_row(sheet: Sheet, header_row: int, label_column: int, skip: set[int]) -> bool:
    """Whether the row under the header names roles (增速, 位次, 累计 …) under merged names."""
    if header_row + 1 >= len(sheet.rows):
        return False
    below = [cell_text(c) for c in sheet.rows[header_row + 1]]
    if _at(below, label_column):
        return False  # a data row: the indicator column is filled
    return any(t for c, t in enumerate(below) if c not in skip)


def _row_label(text: str | None) -> str | None:
    """An indicator name as tables number and indent it: "1.规上工业增加值", "  其中：…"."""
    if text is None:
        return None
    return ROW_NUMBERING.sub("", text).strip() or None


def _role(text: str) -> str:
    if any(w in text for w in RANK_WORDS):
        return "rank"
    if any(w in text for w in GROWTH_WORDS):
        return "yoy"
    if any(w in text for w in LAST_YEAR_WORDS):  # 上年同期: last year's figure, not this one
        return "last_year"
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


def _title_region(sheet: Sheet, title_row: int, region_names: Iterable[str], file_name: str) -> str:
    """The longest catalogue region name in the title rows (a one-region table names its region there)."""
    titles = " ".join(cell_text(c) or "" for row in sheet.rows[: title_row + 1] for c in row)
    found = max((name for name in region_names if name and name in titles), key=len, default=None)
    if found is None:
        raise ImportRejected([ImportProblem(
            file_name, "按指标分行的表须在标题中写明区域（如“2024年1-3月永康市主要经济指标”），标题中找不到已登记的区域名称",
            sheet=sheet.name, row=title_row + 1,
        )])
    return found


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
