"""One sheet of a statistics bureau's monthly workbook (统计月报), recognised as a table of regions
for one catalogue indicator, or skipped with the reason.

    规模以上工业增加值                                   ← title: the indicator (or a header cell, or the sheet name)
    地  区 | 2024年1-3月 (merged over B:D)               ← the period, in any cell above the data
           | 绝对额(万元) | 增速（%） | 排名              ← measures, units in brackets
    全市   | 4040502.98   | 6.5256    |                  ← aggregate: the regions' parent, never ranked
    婺城   | 381349.16    | 3.833     | 7                ← regions by name, code, alias or short name
    注：增速按可比价计算。                               ← footnotes end the table

Nothing is assumed about a sheet's place or name: the first row whose first cell names a known
region (or an aggregate) starts the data, and everything above it is the header. Each region row
becomes one record in the long layout's field names, so the long importer checks and writes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from duban.catalogue.lookups import NameIndex, UnknownName
from duban.core.numbers import NumberError, is_missing_marker, parse_number
from duban.core.periods import PeriodRef
from duban.core.period_text import at_frequency
from duban.imports.tabular import ImportProblem, Sheet, cell_text
from duban.observations.bureau_blocks import Block, indicator_blocks, only_columns, period_blocks
from duban.observations.bureau_ranks import compare_ranks
from duban.observations.bureau_regions import Regions, is_functional_zone, without_footnote_mark
from duban.observations.bureau_periods import sheet_period
from duban.observations.bureau_text import CONTENTS, HEADER_ROWS, YEARLESS, clean_title, fold, is_period_text
from duban.observations.shown import shown_text
from duban.observations.figures import FIGURE_DIGITS
from duban.observations.wide import FOOTNOTE, UNIT_IN_BRACKETS, WideRecord, convert_header_unit

AGGREGATES = {"全市", "全省", "全县", "全区", "合计", "总计", "全地区"}
INDUSTRY_HEADERS = {"指标", "项目", "行业", "指标名称", "主要指标", "分行业", "行业名称", "门类"}
RANK_WORDS = ("排名", "位次", "排位", "名次")
NOT_READ_WORDS = ("比年初", "比上月", "上年同期", "去年同期", "占比", "比重", "上年", "去年")
GROWTH_WORDS = ("增速", "增长", "同比", "增幅", "增减")


@dataclass
class Measure:
    column: int  # 0-based
    role: str  # value, yoy_pct, rank
    header: str
    unit: str | None = None
    basis: str | None = None


@dataclass
class SheetReading:
    """What one sheet gave: its records, or why it was skipped (``skipped``); ``notes`` say what was
    left unread (footnotes, stray columns) and where the bureau's rank differs from duban's."""

    sheet: Sheet
    indicator: object = None
    period: PeriodRef | None = None
    records: list[WideRecord] = field(default_factory=list)
    skipped: str | None = None
    notes: list[str] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    rounded: list[str] = field(default_factory=list)  # cells rounded to what a figure keeps
    across: bool = False  # regions across the header row (``bureau_transposed``)

    @property
    def name(self) -> str:
        return (self.sheet.name or "").strip()

    def summary(self, written: bool) -> dict:
        return {
            "sheet": self.sheet.name,
            "indicator": getattr(self.indicator, "name", None),
            "period": self.period.period.code if self.period else None,
            "basis": (self.period.basis or "period") if self.period else None,  # stored as period unless YTD
            "rows": len(self.records) if self.skipped is None else 0,
            "written": written and self.skipped is None,
            "skipped": self.skipped,
            "notes": self.notes,
        }


@dataclass
class Context:
    file_name: str
    indicators: NameIndex
    regions: Regions
    year: int | None  # for periods written without a year; None when the workbook does not settle it
    year_hint: str  # why there is no year, for the error


def read_sheet(sheet: Sheet, ctx: Context) -> list[SheetReading]:
    """The sheet's reading; one per indicator when several stand side by side (``bureau_blocks``)."""
    reading = SheetReading(sheet)
    if sheet.chart:
        reading.skipped = "图表"
        return [reading]
    first_data, label_column = _first_data_row(sheet, ctx.regions)
    if first_data is None:
        reading.skipped = _why_not_a_table(sheet)
        return [reading]
    header = sheet.rows[:first_data]
    blocks = indicator_blocks(sheet, header, label_column, ctx.indicators)
    if blocks:
        return _read_blocks(sheet, header, label_column, blocks, ctx)
    indicator, title = _indicator(sheet, header, label_column, ctx.indicators)
    if indicator is None:
        reading.skipped = f"指标“{title}”不在指标目录中（可在指标目录中为其添加别名）" if title else "找不到表中的指标名称"
        return [reading]
    if isinstance(indicator, list):
        reading.skipped = f"表头在不同的行中写有多个指标（{'、'.join(i.name for i in indicator)}），请单独导入此工作表"
        return [reading]
    return _said_once(_read_indicator(sheet, header, label_column, ctx, indicator, None, None))


def _read_blocks(sheet: Sheet, header: list[list], label_column: int, blocks: list[Block], ctx: Context) -> list[SheetReading]:
    """A reading per block: its measures from its own columns, its period from its own columns or
    else from the rest of the header (the title)."""
    outside = set(range(max(len(r) for r in header))) - {c for b in blocks for c in b.columns}
    readings: list[SheetReading] = []
    for block in blocks:
        if block.indicator is None:
            reading = SheetReading(sheet)
            place = f"{sheet.column_label(block.columns[0])}:{sheet.column_label(block.columns[-1])}"
            reading.skipped = f"{place} 列“{block.name}”不在指标目录中（可在指标目录中为其添加别名）"
            readings.append(reading)
            continue
        readings.extend(_read_indicator(sheet, header, label_column, ctx, block.indicator, block.columns,
                                        only_columns(header, outside)))
    return _said_once(readings)


def _read_indicator(sheet: Sheet, header: list[list], label_column: int, ctx: Context, indicator,
                    columns: range | None, fallback: list[list] | None) -> list[SheetReading]:
    """The indicator's reading from ``columns`` (else the whole sheet); a reading per period when
    a header row writes periods over the columns side by side (本月 and 1-3月 blocks)."""
    width = range(max((len(r) for r in sheet.rows), default=0))
    by_period = period_blocks(sheet, header, label_column, columns or width)
    readings = []
    for own in by_period or [columns]:
        reading = SheetReading(sheet, indicator)
        readings.append(reading)
        if own is None:
            _read_table(reading, header, label_column, ctx, header)
            continue
        rest = set(columns or width) - set(own)
        _read_table(reading, header, label_column, ctx, only_columns(header, own), own,
                    fallback=_merge_headers(only_columns(header, rest - {c for p in by_period for c in p}), fallback))
    return readings


def _merge_headers(first: list[list], second: list[list] | None) -> list[list]:
    """The cells of ``first``, and of ``second`` where ``first`` has none."""
    if second is None:
        return first
    return [[a if a is not None else b for a, b in zip(r1, r2, strict=False)] for r1, r2 in zip(first, second, strict=False)]


def _said_once(readings: list[SheetReading]) -> list[SheetReading]:
    """What concerns the whole sheet (footnotes, an unknown region, a functional zone) is said once,
    on the first reading that says it."""
    said_notes: set[str] = set()
    said_problems: set = set()
    for reading in readings:
        reading.notes = [n for n in reading.notes if n not in said_notes]
        reading.problems = [p for p in reading.problems if p not in said_problems]
        said_notes.update(reading.notes)
        said_problems.update(reading.problems)
    return readings


def _read_table(reading: SheetReading, header: list[list], label_column: int, ctx: Context, period_header: list[list],
                columns: range | None = None, fallback: list[list] | None = None) -> None:
    """Period, measures and records of the reading's indicator: the whole sheet, or ``columns``."""
    sheet, indicator = reading.sheet, reading.indicator
    found = sheet_period(sheet, period_header, ctx)
    if found is None and fallback is not None:
        found = sheet_period(sheet, fallback, ctx)
    if isinstance(found, ImportProblem):
        reading.problems.append(found)
        return
    if found is None:
        reading.problems.append(ImportProblem(ctx.file_name, "表头中找不到期间（如“2024年1-3月”“1-3月”“3月末”）", sheet=sheet.name))
        return
    reading.period = at_frequency(found, indicator.frequency)
    measures = _measures(sheet, header, label_column, reading, columns)
    if not measures:
        reading.skipped = "表头中没有数值、增速或位次列"
        return
    _records(sheet, len(header), label_column, measures, ctx, reading)
    if reading.rounded:
        unit, kept = indicator.unit, FIGURE_DIGITS["value"][1]
        reading.notes.append(f"{'、'.join(reading.rounded)} 换算为{unit}后按 {kept} 位小数保存（四舍五入）")
    compare_ranks(reading, next((m for m in measures if m.role == "rank"), None))


def _label(sheet: Sheet, row: int, column: int) -> str:
    """The region's name in the cell, folded, without a footnote mark."""
    return fold(without_footnote_mark(cell_text(sheet.rows[row][column]) or "") if column < len(sheet.rows[row]) else None)


def _first_data_row(sheet: Sheet, regions: Regions) -> tuple[int | None, int]:
    """The first row (0-based) whose first filled cell is a known region or an aggregate, and its column."""
    for index, row in enumerate(sheet.rows[:HEADER_ROWS]):
        column = next((c for c, cell in enumerate(row) if cell_text(cell)), None)
        if column is None or column > 1:
            continue
        text = _label(sheet, index, column)
        if text in AGGREGATES or (regions.known(text) and not YEARLESS.search(text)):
            return index, column
    return None, 0


def _why_not_a_table(sheet: Sheet) -> str:
    texts = [fold(cell_text(c)) for row in sheet.rows[:HEADER_ROWS] for c in row[:2] if cell_text(c)]
    if not texts:
        return "空表"
    if any(CONTENTS.match(t) for t in texts[:3]):
        return "目录页"
    if any(t in INDUSTRY_HEADERS for t in texts):
        return "按行业（项目）分列的表，不是分地区的表"
    return "第一列中没有已知区域"


def _indicator(sheet: Sheet, header: list[list], label_column: int, indicators: NameIndex):
    """The indicator the title, a header cell or the sheet name names; a list when the header names
    several (a wide table of many indicators). Also the title text, to name an unknown indicator."""
    title = None
    named: dict[int, object] = {}
    for row in header:
        for cell in row:
            text = cell_text(cell)
            if not text:
                continue
            cleaned = clean_title(text)
            if cleaned and title is None and not is_period_text(text):
                title = cleaned
            for candidate in (text.strip(), cleaned):
                if candidate and candidate in indicators:
                    try:
                        found = indicators.get(candidate)
                    except UnknownName:
                        continue
                    named.setdefault(found.id, found)
    if len(named) > 1:
        return list(named.values()), title
    if named:
        return next(iter(named.values())), title
    by_sheet = clean_title(sheet.name or "")
    if by_sheet and by_sheet in indicators:
        try:
            return indicators.get(by_sheet), title
        except UnknownName:
            pass
    return None, title or by_sheet


def _measures(sheet: Sheet, header: list[list], label_column: int, reading: SheetReading,
              columns: range | None = None) -> list[Measure]:
    """One value, one growth and one rank column (of ``columns``, else of the sheet), by their
    headers (the lowest text in the column that is not a period); other headed columns are noted
    as not read."""
    found: dict[str, Measure] = {}
    for column in columns or range(max((len(r) for r in sheet.rows), default=0)):
        if column == label_column:
            continue
        texts = [cell_text(row[column]) for row in header if column < len(row) and cell_text(row[column])]
        texts = [t for t in texts if not is_period_text(t)]
        if not texts:
            if any(cell_text(row[column]) for row in sheet.rows[len(header):] if column < len(row)):
                reading.notes.append(f"{sheet.column_label(column)} 列没有表头，未读取")
            continue
        text = fold(texts[-1])
        role = _role(text)
        if role is None or role in found:
            reading.notes.append(f"{sheet.column_label(column)} 列“{texts[-1]}”未读取")
            continue
        unit = UNIT_IN_BRACKETS.search(text)
        basis = "ytd" if "累计" in text else "period" if any(w in text for w in ("本月", "当月")) else None
        found[role] = Measure(column, role, texts[-1], unit.group(1).strip() if unit and role == "value" else None, basis)
    return list(found.values())


def _role(text: str) -> str | None:
    if any(w in text for w in RANK_WORDS):
        return "rank"
    if any(w in text for w in NOT_READ_WORDS):
        return None
    if any(w in text for w in GROWTH_WORDS) or re.fullmatch(r"[(]%[)]|%", text):
        return "yoy_pct"
    return "value"


def _records(sheet: Sheet, first: int, label_column: int, measures: list[Measure], ctx: Context,
             reading: SheetReading) -> None:
    """A record per region row; the aggregate row for the regions' common parent, unranked."""
    by_role = {m.role: m for m in measures}
    rows: list[tuple[int, object, bool]] = []  # (0-based row, region, aggregate)
    aggregates: list[int] = []
    for index in range(first, len(sheet.rows)):
        raw = sheet.rows[index]
        texts = [cell_text(c) for c in raw]
        if not any(texts):
            continue
        lead = next(t for t in texts if t)
        if FOOTNOTE.match(lead):
            reading.notes.append(f"第 {index + 1} 行起为注释，未读取")
            break
        label = _label(sheet, index, label_column)
        if label in AGGREGATES:
            aggregates.append(index)
            continue
        try:
            rows.append((index, ctx.regions.get(label), False))
        except UnknownName as error:
            if is_functional_zone(label):
                reading.notes.append(f"第 {index + 1} 行“{label}”为功能区，不在区域目录中，未读取（可在区域目录中添加）")
                continue
            reading.problems.append(ImportProblem(ctx.file_name, str(error), sheet=sheet.name, row=index + 1,
                                                  column=sheet.column_label(label_column), field="region",
                                                  value=texts[label_column]))
    parents = {region.parent_id for _, region, _ in rows}
    parent = ctx.regions.by_id.get(parents.pop()) if len(parents) == 1 else None
    for index in aggregates:
        if parent is None:
            reading.notes.append(f"第 {index + 1} 行“{_label(sheet, index, label_column)}”为合计行：表中区域没有共同的上级区域，未导入")
        else:
            rows.append((index, parent, True))
    for index, region, aggregate in sorted(rows, key=lambda r: r[0]):
        cells = {"indicator": reading.indicator.code, "region": region.code,
                 "period": reading.period.period.code,
                 "basis": (by_role["value"].basis if "value" in by_role else None) or reading.period.basis or "period"}
        positions = {"region": label_column}
        for role, measure in by_role.items():
            if aggregate and role == "rank":
                continue  # the total of the group is never ranked
            cells[role] = shown_text(sheet, index, measure.column)
            positions[role] = measure.column
        if "value" in by_role:
            cells["value_unit"] = by_role["value"].unit
        if all(_missing(sheet.rows[index], by_role.get(f)) for f in ("value", "yoy_pct")):
            continue  # not published for this region: nothing to store
        if "value" in by_role:
            cells["value"] = _storable(cells["value"], by_role["value"], reading, index)
        reading.records.append(WideRecord(index + 1, cells, positions))


def _missing(raw: list, measure: Measure | None) -> bool:
    """Whether the measure's cell says "no data" (a number never does: most cells, looked at first)."""
    if measure is None:
        return True
    cell = raw[measure.column] if measure.column < len(raw) else None
    return not isinstance(cell, int | float) and is_missing_marker(cell_text(cell))


def _storable(text: str | None, measure: Measure, reading: SheetReading, row: int) -> str | None:
    """A value in 万元 for an indicator in 亿元 gains four decimals: 14688067.9719 万元 is
    1468.80679719 亿元, more than a figure keeps. Such a cell is rounded (half up) to what the
    figure keeps, and the note names it; a value in the indicator's own unit is never rounded."""
    exponent, mismatch = convert_header_unit(measure.unit, reading.indicator.unit)
    places = FIGURE_DIGITS["value"][1] + exponent  # decimals kept, in the table's unit
    if mismatch or exponent >= 0 or text is None or is_missing_marker(text):
        return text
    try:
        number = parse_number(text)
    except NumberError:
        return text  # the parse reports it
    if number is None or -number.as_tuple().exponent <= max(places, 0):
        return text
    rounded = number.quantize(Decimal(1).scaleb(-max(places, 0)), rounding=ROUND_HALF_UP)
    reading.rounded.append(f"{reading.sheet.column_label(measure.column)}{row + 1}")
    return format(rounded, "f")
