"""Step 3 of an import: the one parser of observation records, whatever their layout.

The records come column by column: the long layout's as the file holds them (``ColumnTable``),
the wide and workbook layouts' as recognised (``RecordTable``). Each distinct text of a column
is judged once (a file repeats a few names and periods many times; plain numbers take a fast
path), and every problem is reported at its place (sheet, row, column), in the order of the
rows and, within a row, of ``FIELDS``: a file bad in many places lists all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import repeat
from operator import and_, attrgetter, is_
from typing import NamedTuple

import numpy as np

from django.utils import timezone

from duban.catalogue.lookups import NameIndex, UnknownName
from duban.catalogue.models import Indicator, Region
from duban.core.numbers import DigitsError, NumberError, parse_number, plain_number
from duban.core.periods import PeriodError
from duban.core.period_text import at_frequency, parse_period
from duban.imports.base import ColumnTable, Row
from duban.imports.tabular import cell_text
from duban.observations.figures import RANK_MAX, ObservationBatch, fits_frequency, held
from duban.observations.models import Basis, PeriodLock
from duban.observations.wide import convert_header_unit

# The fields of a record, in the order a row's problems are listed.
FIELDS = ("indicator", "region", "period", "basis", "value", "yoy_pct", "rank")
BASIS_WORDS = {"period": Basis.PERIOD, "当期": Basis.PERIOD, "ytd": Basis.YTD, "累计": Basis.YTD}


class RecordTable:
    """Recognised records (``Row``s of the wide and workbook layouts) column by column, as
    ``ColumnTable`` holds the long layout's; each record keeps its own place."""

    def __init__(self, rows: list[Row]):
        self.rows = rows
        names = {name for row in rows for name in row.cells}
        self.columns = {name: [row.cells.get(name) for row in rows] for name in names}
        self.numbers = [row.number for row in rows]

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, index: int) -> Row:
        return self.rows[index]


Table = ColumnTable | RecordTable


class Refused:
    """Why a cell's text is not taken (``reason``), in place of what it would mean."""

    __slots__ = ("reason",)

    def __init__(self, reason: str):
        self.reason = reason


EMPTY = Refused("不能为空")


class Judged(NamedTuple):
    """A column judged once per distinct key: each record's judgement (``values``), each record's
    key (``keys``: its cell, or what its judgement depends on), and the judgement of each key."""

    values: list
    keys: Sequence
    meaning: dict

    def refused(self) -> bool:
        return any(m is None or m.__class__ is Refused for m in self.meaning.values())

    def numbered(self, describe: Callable) -> tuple[np.ndarray, int] | None:
        """Each record's ``describe(judgement)`` as a dense number (each key described once), and
        how many numbers there are; None when some record's judgement is refused or missing."""
        if self.refused():
            return None
        numbers: dict = {}
        code = {key: numbers.setdefault(describe(m), len(numbers)) for key, m in self.meaning.items()}
        return np.fromiter(map(code.__getitem__, self.keys), dtype=np.int64, count=len(self.keys)), len(numbers)


class Problems:
    """Problems found column by column, reported at their places in row order (``report``)."""

    def __init__(self):
        self.found: list[tuple[int, int, str, str]] = []  # record index, field order, field, reason
        self.rows: set[int] = set()

    def add(self, index: int, field: str, reason: str) -> None:
        self.found.append((index, FIELDS.index(field), field, reason))
        self.rows.add(index)

    def refused(self, field: str, values: list, meanings) -> None:
        """Every ``Refused`` of a judged column; ``meanings``: its distinct judgements."""
        if any(m.__class__ is Refused for m in meanings):
            for index, meaning in enumerate(values):
                if meaning.__class__ is Refused:
                    self.add(index, field, meaning.reason)

    def report(self, table: Table) -> None:
        for index, _, field, reason in sorted(self.found):
            table.row(index).problem(field, reason)


def parse_figures(table: Table) -> ObservationBatch | None:
    """The figures of ``table``; None after every problem is reported at its place."""
    count = len(table)
    columns = table.columns

    def judged(field: str, judge: Callable) -> Judged:
        if field in columns:
            column = _judged(columns[field], judge)
        else:  # every record without it
            meaning = judge(None)
            column = Judged([meaning] * count, [None] * count, {None: meaning})
        problems.refused(field, column.values, column.meaning.values())
        return column

    problems = Problems()
    today = timezone.localdate()
    locked = set(PeriodLock.objects.values_list("period", flat=True))
    indicators = judged("indicator", _finder(NameIndex(Indicator.objects.all(), label="指标")))
    regions = judged("region", _finder(NameIndex(Region.objects.all(), label="区域")))
    refs = _at_frequencies(indicators, judged("period", lambda text: _period(text, today, locked)), problems)
    bases = _bases(columns.get("basis"), refs, problems)
    value_cells = columns["value"] if "value" in columns else [None] * count  # a growth-only sheet
    values, value_meanings = (
        _values_with_units(value_cells, columns["value_unit"], indicators.values, problems)
        if "value_unit" in columns else _values(value_cells, indicators.values, problems))
    yoys = judged("yoy_pct", lambda text: _number(text, "%", "yoy_pct"))
    ranks = judged("rank", _rank)

    if (problems.found or (None in value_meanings and None in yoys.meaning.values()
                           and any(map(and_, map(is_, values, repeat(None)), map(is_, yoys.values, repeat(None)))))
            or not _all_different(count, [indicators.numbered(attrgetter("id")), regions.numbered(attrgetter("id")),
                                          refs.numbered(lambda ref: ref.period.code), bases.numbered(str)])):
        _neither_or_repeated(table, problems, indicators.values, regions.values, refs.values, bases.values, values,
                             yoys.values)
    if problems.found:
        problems.report(table)
        return None
    return ObservationBatch(indicators.values, regions.values, list(map(attrgetter("period"), refs.values)),
                            bases.values, values, yoys.values, ranks.values)


def _neither_or_repeated(table, problems: Problems, indicators, regions, refs, bases, values, yoys) -> None:
    """Records good in every cell but with neither value nor growth, or repeating an earlier one."""
    first_seen: dict[tuple, int] = {}
    for index in range(len(table)):
        if index in problems.rows:
            continue
        if values[index] is None and yoys[index] is None:
            problems.add(index, "value", "数值和增速都为空：无数据的行请删除，不要填 0")
            continue
        key = (indicators[index].id, regions[index].id, refs[index].period.code, bases[index])
        if key in first_seen:
            problems.add(index, "region", f"与第 {first_seen[key]} 行重复（同一指标、区域、期间和口径）")
            continue
        first_seen[key] = table.numbers[index]


TEXT_KINDS = {str, type(None)}


def _judged(cells: Sequence, judge: Callable) -> Judged:
    """``judge`` of each cell's text, judged once per distinct cell.

    Cells are keys as they are, unless some compare equal but print differently (True and 1,
    1 and 1.0 from a spreadsheet): then as their texts."""
    distinct = set(cells)
    kinds = {cell.__class__ for cell in distinct}
    if not kinds <= TEXT_KINDS:
        kinds = set(map(type, cells))  # the set kept one of True, 1 and 1.0: look at every cell
    if bool in kinds or (int in kinds and float in kinds):
        cells = list(map(cell_text, cells))
        distinct = set(cells)
    meaning = {cell: judge(cell_text(cell)) for cell in distinct}
    return Judged(list(map(meaning.__getitem__, cells)), cells, meaning)


def _finder(index: NameIndex) -> Callable:
    def find(text: str | None):
        if text is None:
            return EMPTY
        try:
            return index.get(text)
        except UnknownName as error:
            return Refused(str(error))
    return find


def _period(text: str | None, today, locked: set[str]):
    """The period a text names, or why a record with it is refused."""
    if text is None:
        return EMPTY
    try:
        ref = parse_period(text)
    except PeriodError as error:
        return Refused(str(error))
    if ref.period.end > today:
        return Refused(f"期间尚未结束（截至 {today:%Y-%m-%d}）")
    if ref.period.code in locked:
        return Refused(f"期间 {ref.period.code} 已锁定，不能导入；如需修订请由管理员在填报页面修改并说明原因")
    return ref


def _at_frequencies(indicators: Judged, refs: Judged, problems: Problems) -> Judged:
    """Each record's period as its indicator stores it (1-3月 of a quarterly indicator is its
    2024Q1), refusing a period finer than the indicator's frequency (then None)."""
    known = [ref for ref in refs.meaning.values() if ref.__class__ is not Refused]
    frequencies = {i.frequency for i in indicators.meaning.values() if i.__class__ is not Refused}
    if all(at_frequency(ref, f) is ref and fits_frequency(ref.period, f) for f in frequencies for ref in known):
        return refs
    by_pair: dict[tuple[int, int], object] = {}
    stored = []
    for index, (indicator, ref) in enumerate(zip(indicators.values, refs.values)):
        if ref.__class__ is Refused or indicator.__class__ is Refused:  # no frequency to judge by
            stored.append(ref)
            continue
        meaning = by_pair.get((id(indicator), id(ref)))
        if meaning is None:
            meaning = at_frequency(ref, indicator.frequency)
            if not fits_frequency(meaning.period, indicator.frequency):
                meaning = Refused(f"指标“{indicator.name}”按{indicator.get_frequency_display()}报送，期间过细")
            by_pair[(id(indicator), id(ref))] = meaning
        if meaning.__class__ is Refused:
            problems.add(index, "period", meaning.reason)
            meaning = None
        stored.append(meaning)
    keys = list(map(id, stored))
    return Judged(stored, keys, dict(zip(keys, stored)))


def _bases(cells: Sequence | None, refs: Judged, problems: Problems) -> Judged:
    """Each record's basis: the column's word, else what its period implies (``1-3月``: ytd);
    judged once per distinct pair of basis cell and period."""
    def judge(cell, ref):
        ref = None if ref is None or ref.__class__ is Refused else ref
        text = cell_text(cell)
        if text is None:
            return ref.basis or Basis.PERIOD if ref is not None else Basis.PERIOD
        basis = BASIS_WORDS.get(text.strip().lower())
        if basis is None:
            return Refused("口径应为 period（当期）或 ytd（累计）")
        if ref is not None and ref.basis == Basis.YTD and basis != Basis.YTD:
            return Refused("期间写作累计（如 1-3月），口径却不是 ytd")
        return basis

    count = len(refs.values)
    ref_keys = list(refs.meaning)
    ref_number = {key: n for n, key in enumerate(ref_keys)}
    pairs = np.fromiter(map(ref_number.__getitem__, refs.keys), dtype=np.int64, count=count)
    basis_cells = [None] if cells is None else list(set(cells))
    if cells is not None:
        basis_number = {cell: n for n, cell in enumerate(basis_cells)}
        pairs += np.fromiter(map(basis_number.__getitem__, cells), dtype=np.int64, count=count) * len(ref_keys)
    keys = pairs.tolist()
    meaning = {key: judge(basis_cells[key // len(ref_keys)], refs.meaning[ref_keys[key % len(ref_keys)]])
               for key in set(keys)}
    bases = Judged(list(map(meaning.__getitem__, keys)), keys, meaning)
    problems.refused("basis", bases.values, meaning.values())
    return bases


_NEEDS_UNIT = object()


def _values(cells: Sequence, indicators: list, problems: Problems) -> tuple[list, list]:
    """The value column: plain numbers once per distinct text; others (units such as 1.2亿元,
    markers, full-width digits) with each record's indicator's unit."""
    def judge(text):
        if text is None:
            return None
        value = plain_number(text)
        if value is not None:
            return _held("value", value, exact=True)
        return _NEEDS_UNIT

    found = _judged(cells, judge)
    values = found.values
    by_unit: dict[tuple, object] = {}
    if any(v is _NEEDS_UNIT for v in found.meaning.values()):
        for index, value in enumerate(values):
            if value is _NEEDS_UNIT:
                indicator = indicators[index]
                unit = None if indicator.__class__ is Refused else indicator.unit
                key = (cells[index], unit)
                if key not in by_unit:
                    by_unit[key] = _number(cell_text(cells[index]), unit, "value")
                values[index] = by_unit[key]
    meanings = [*found.meaning.values(), *by_unit.values()]
    problems.refused("value", values, meanings)
    return values, meanings


def _values_with_units(cells: Sequence, units: Sequence, indicators: list, problems: Problems) -> tuple[list, object]:
    """The value column of a wide table, whose header may state another money unit than the indicator's."""
    def judge(text, header_unit, indicator):
        if indicator.__class__ is Refused:
            return _number(text, None, "value")
        exponent, mismatch = convert_header_unit(header_unit, indicator.unit)
        if mismatch:
            return Refused(mismatch)
        value = _parsed(text, indicator.unit)
        if value is None or value.__class__ is Refused:
            return value
        value = value.scaleb(exponent) if exponent else value
        return _held("value", value, exact=text is not None and plain_number(text) == value)

    meaning: dict[tuple, object] = {}
    values = []
    for cell, unit, indicator in zip(cells, units, indicators):
        key = (cell_text(cell), unit, id(indicator))
        if key not in meaning:
            meaning[key] = judge(key[0], unit, indicator)
        values.append(meaning[key])
    problems.refused("value", values, meaning.values())
    return values, meaning.values()


def _number(text: str | None, unit: str | None, field: str):
    """A number as its field keeps it; None when the cell says 'no data'."""
    value = _parsed(text, unit)
    if value is None or value.__class__ is Refused:
        return value
    return _held(field, value, exact=text is not None and plain_number(text) == value)


def _parsed(text: str | None, unit: str | None):
    if text is not None:
        value = plain_number(text)  # the common case, without the full parser's normalising
        if value is not None:
            return value
    try:
        return parse_number(text, unit=unit)
    except NumberError as error:
        return Refused(str(error))


def _held(field: str, value, *, exact: bool):
    try:
        return held(field, value, exact=exact)
    except DigitsError as error:
        return Refused(str(error))


def _rank(text: str | None):
    try:
        number = parse_number(text)
    except NumberError as error:
        return Refused(str(error))
    if number is None:
        return None
    if number != number.to_integral_value() or number < 1:
        return Refused("位次应为正整数")
    if number > RANK_MAX:
        return Refused(f"位次最大为 {RANK_MAX}")
    return int(number)


def _all_different(count: int, parts: list[tuple[np.ndarray, int] | None]) -> bool:
    """Whether the ``count`` keys made of these numbered parts are all different: the numbers
    are packed into one integer per key, which numpy sorts (a set of tuples would take longer).
    False when a part is None (some record is refused: the caller looks row by row)."""
    if any(part is None for part in parts):
        return False
    packed = np.zeros(count, dtype=np.int64)
    span = 1
    for numbers, size in parts:
        size = max(size, 1)
        if span * size >= 1 << 62:
            return len(set(zip(*(numbers.tolist() for numbers, _ in parts)))) == count
        packed = packed * size + numbers
        span *= size
    packed.sort()
    return bool(np.all(packed[1:] != packed[:-1]))
