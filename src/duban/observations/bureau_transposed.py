"""A bureau's table turned the other way: regions across the header row, indicators down the
first column.

    2024年1-3月各县（市、区）固定资产投资增速              ← title: the period
    指标                 | 全市 | 婺城 | 金东 | …          ← header: known regions (and the aggregate)
    固定资产投资增速(%)  | 5.5  | 3.2  | 6.1  | …          ← a catalogue indicator; 增速 makes it the growth
    工业投资(亿元)       | 12.0 | 1.1  | 2.3  | …          ← a value, in its bracketed unit

Each indicator the first column names is a reading of its own (its value, growth and rank rows
together, one record per region). A row that names no catalogue indicator is noted, not read.
"""

from __future__ import annotations

import re

from duban.catalogue.lookups import UnknownName
from duban.core.period_text import at_frequency
from duban.imports.tabular import ImportProblem, Sheet, cell_text
from duban.observations.bureau_blocks import _named
from duban.observations.bureau_regions import is_functional_zone, without_footnote_mark
from duban.observations.bureau_periods import sheet_period
from duban.observations.bureau_sheets import (
    AGGREGATES, GROWTH_WORDS, RANK_WORDS, Context, Measure, SheetReading, _missing, _role, _storable,
)
from duban.observations.bureau_text import HEADER_ROWS, fold
from duban.observations.shown import shown_text
from duban.observations.wide import FOOTNOTE, UNIT_IN_BRACKETS, WideRecord

UNIT_HEADERS = {"单位", "计量单位"}
MEASURE_WORDS = re.compile("(?:同比)?(?:" + "|".join(GROWTH_WORDS + RANK_WORDS) + ")$")


def read_transposed(sheet: Sheet, ctx: Context) -> list[SheetReading] | None:
    """The sheet's readings when a header row holds known regions and the first column does not
    (None otherwise: the sheet is some other shape)."""
    if sheet.chart:
        return None
    found = _region_header(sheet, ctx)
    if found is None:
        return None
    row, label_column, columns = found
    header = sheet.rows[: row + 1]
    sheet_notes: list[str] = []
    by_indicator: dict[int, tuple[object, dict[str, tuple[int, str | None]]]] = {}
    for index in range(row + 1, len(sheet.rows)):
        text = cell_text(sheet.rows[index][label_column]) if label_column < len(sheet.rows[index]) else None
        lead = next((cell_text(c) for c in sheet.rows[index] if cell_text(c)), None)
        if lead is None:
            continue
        if FOOTNOTE.match(lead):
            sheet_notes.append(f"第 {index + 1} 行起为注释，未读取")
            break
        indicator, role, unit = _row_indicator(fold(text), ctx)
        if unit is None and role == "value" and columns.unit_column is not None:
            unit = cell_text(sheet.rows[index][columns.unit_column]) if columns.unit_column < len(sheet.rows[index]) else None
        if indicator is None or role is None or role in by_indicator.get(indicator.id, (None, {}))[1]:
            why = "不在指标目录中，" if indicator is None else ""
            sheet_notes.append(f"第 {index + 1} 行“{text or ''}”{why}未读取")
            continue
        by_indicator.setdefault(indicator.id, (indicator, {}))[1][role] = (index, unit)
    if not by_indicator:
        reading = SheetReading(sheet)
        reading.skipped = "地区在表头行，但第一列中没有指标目录中的指标（可在指标目录中为其添加别名）"
        return [reading]
    readings = []
    for indicator, rows in by_indicator.values():
        reading = SheetReading(sheet, indicator, across=True)
        readings.append(reading)
        period = sheet_period(sheet, header, ctx)
        if isinstance(period, ImportProblem) or period is None:
            reading.problems.append(period if period is not None else ImportProblem(
                ctx.file_name, "表头中找不到期间（如“2024年1-3月”“1-3月”“3月末”）", sheet=sheet.name))
            continue
        reading.period = at_frequency(period, indicator.frequency)
        _records(sheet, reading, rows, columns, ctx)
    readings[0].notes[:0] = columns.zone_notes(sheet) + sheet_notes
    readings[0].problems.extend(columns.problems(sheet, ctx, row))
    return readings


class RegionColumns(dict):
    """Column (0-based) → region, the aggregate's columns, and the names that are no region."""

    def __init__(self):
        super().__init__()
        self.aggregates: list[int] = []
        self.unknown: list[tuple[int, str, UnknownName | None]] = []  # None: a functional zone
        self.unit_column: int | None = None

    def zone_notes(self, sheet: Sheet) -> list[str]:
        return [f"{sheet.column_label(c)} 列“{text}”为功能区，不在区域目录中，未读取（可在区域目录中添加）"
                for c, text, error in self.unknown if error is None]

    def problems(self, sheet: Sheet, ctx: Context, row: int) -> list[ImportProblem]:
        return [ImportProblem(ctx.file_name, str(error), sheet=sheet.name, row=row + 1, column=sheet.column_label(c),
                              field="region", value=text) for c, text, error in self.unknown if error is not None]


def _region_header(sheet: Sheet, ctx: Context) -> tuple[int, int, RegionColumns] | None:
    for index, row in enumerate(sheet.rows[:HEADER_ROWS]):
        label_column = next((c for c, cell in enumerate(row) if cell_text(cell)), None)
        if label_column is None or label_column > 1:
            continue
        if _region_name(row[label_column]) in AGGREGATES or ctx.regions.known(_region_name(row[label_column])):
            return None  # regions down the first column: the usual table
        columns = RegionColumns()
        for c in range(label_column + 1, len(row)):
            name = _region_name(row[c])
            if not name:
                continue
            if not columns and not columns.aggregates and not (name in AGGREGATES or ctx.regions.known(name)):
                if name in UNIT_HEADERS:
                    columns.unit_column = c  # 计量单位 between the labels and the regions
                continue
            if name in AGGREGATES:
                columns.aggregates.append(c)
            elif ctx.regions.known(name):
                columns[c] = ctx.regions.get(name)
            else:
                try:
                    ctx.regions.get(name)
                except UnknownName as error:
                    columns.unknown.append((c, cell_text(row[c]), None if is_functional_zone(name) else error))
        if len(columns) >= 2 and len(columns) > len(columns.unknown):
            return (index, label_column, columns) if _one_column_a_region(sheet, index, label_column, columns) else None
    return None


def _one_column_a_region(sheet: Sheet, row: int, label_column: int, columns: RegionColumns) -> bool:
    """Whether each region heads one column of figures: not merged over several measure columns
    (累计 | 增速 | 位次 under each region, merged or in a row of their own: the published wide
    table, ``wide``)."""
    spread = {min_col - 1 for min_row, min_col, _, max_col in sheet.merged if min_row == row + 1 and max_col > min_col}
    below = sheet.rows[row + 1] if row + 1 < len(sheet.rows) else []
    measures_below = not cell_text(below[label_column] if label_column < len(below) else None) and any(cell_text(c) for c in below)
    return not spread & (set(columns) | set(columns.aggregates)) and not measures_below


def _region_name(cell) -> str:
    return fold(without_footnote_mark(cell_text(cell) or ""))


def _row_indicator(label: str, ctx: Context):
    """The catalogue indicator a row's label names, the measure (by its words) and the unit."""
    unit = UNIT_IN_BRACKETS.search(label)
    role = _role(label)
    name = MEASURE_WORDS.sub("", UNIT_IN_BRACKETS.sub("", label)) if role != "value" else UNIT_IN_BRACKETS.sub("", label)
    indicator = _named(name, ctx.indicators) or _named(UNIT_IN_BRACKETS.sub("", label), ctx.indicators)
    return indicator, role, unit.group(1).strip() if unit and role == "value" else None


def _records(sheet: Sheet, reading: SheetReading, rows: dict[str, tuple[int, str | None]], columns: RegionColumns,
             ctx: Context) -> None:
    """A record per region column (the aggregate's for the regions' common parent, unranked), at
    the row of its first measure."""
    parents = {region.parent_id for region in columns.values()}
    parent = ctx.regions.by_id.get(parents.pop()) if len(parents) == 1 else None
    for c in columns.aggregates:
        if parent is None:
            reading.notes.append(f"{sheet.column_label(c)} 列为合计列：表中区域没有共同的上级区域，未导入")
    targets = sorted([(c, region, False) for c, region in columns.items()]
                     + [(c, parent, True) for c in columns.aggregates if parent is not None], key=lambda t: t[0])
    first_row = min(index for index, _ in rows.values())
    for column, region, aggregate in targets:
        cells = {"indicator": reading.indicator.code, "region": region.code, "period": reading.period.period.code,
                 "basis": reading.period.basis or "period"}
        positions = {"region": column}
        for role, (index, unit) in rows.items():
            if aggregate and role == "rank":
                continue
            cells[role] = shown_text(sheet, index, column)
            positions[role] = column
        if all(f not in rows or _missing(sheet.rows[rows[f][0]], Measure(column, f, "")) for f in ("value", "yoy_pct")):
            continue
        if "value" in rows:
            index, unit = rows["value"]
            cells["value_unit"] = unit
            cells["value"] = _storable(cells["value"], Measure(column, "value", "", unit), reading, index)
        reading.records.append(WideRecord(first_row + 1, cells, positions))
