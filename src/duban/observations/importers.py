"""The long layout of observations: one figure a row."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import repeat
from operator import and_, is_

import numpy as np

from django.utils import timezone

from duban.catalogue.lookups import NameIndex, UnknownName
from duban.catalogue.models import Indicator, Region
from duban.core.numbers import DigitsError, NumberError, parse_number, plain_number
from duban.core.periods import PeriodError, parse_period
from duban.imports.base import ColumnTable, Row, TableImporter, column_table
from duban.imports.progress import Progress
from duban.imports.tabular import Column, ImportProblem, ImportRejected, Sheet, cell_text, find_header
from duban.observations import bulk
from duban.observations.checking import check_batch, check_inputs, read_stored
from duban.observations.models import Basis, PeriodLock, Status
from duban.observations.services import (
    RANK_MAX, ObservationBatch, ObservationInput, fits_frequency, held, ledger_mark, note_in_ledger, save_observations,
)
from duban.observations.wide import convert_header_unit, find_wide_table, wide_records

PROGRESS_EVERY = 10_000
BASIS_WORDS = {"period": Basis.PERIOD, "当期": Basis.PERIOD, "ytd": Basis.YTD, "累计": Basis.YTD}


class _Reject(Exception):
    """Raised inside the column-wise path: some cell has a problem, so the row-by-row path runs
    and names every problem at its place."""


@dataclass
class ParsedObservations:
    items: list[ObservationInput] | ObservationBatch
    warnings_accepted: dict[int, list[str]]  # position of a figure in ``items`` → the warnings accepted on it
    # Set when the checks are left to ``write``, which runs them while the database takes in the
    # figures (PostgreSQL, large files): the table, to name the place of each finding.
    unchecked: ColumnTable | None = None


class ObservationImporter(TableImporter):
    kind = "observations"
    columns = [
        Column("indicator", ("指标", "指标代码", "指标名称")),
        Column("region", ("区域", "地区", "县（市、区）", "区划代码")),
        Column("period", ("期间", "时间", "报告期")),
        Column("value", ("数值", "值", "本期值", "累计值")),
        Column("yoy_pct", ("增速", "同比", "同比增速", "增速（%）", "同比增长（%）"), required=False),
        Column("basis", ("口径",), required=False),
        Column("rank", ("位次", "排名"), required=False),
    ]

    def __init__(self, *, status: str = Status.PUBLISHED, accept_warnings: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.status = status
        self.accept_warnings = accept_warnings

    def rows(self, sheets: list[Sheet]):
        """The long layout when a sheet has its header row (column by column: files can be
        large), else the published wide layout."""
        for sheet in sheets:
            match = find_header(sheet, self.columns)
            if match is not None:
                return column_table(self, sheet, match)
        table = find_wide_table(sheets, self.file_name, Region.objects.values_list("name", flat=True))
        if table is None:
            names = "、".join(f"“{s.name}”" for s in sheets if s.name) or "表格"
            raise ImportRejected([ImportProblem(
                self.file_name,
                f"{names}既不是长表（表头含 指标、区域、期间、数值 列）也不是宽表（标题含期间，表头含“县（市、区）”列和各指标列，"
                f"或含“指标名称”列、每行一个指标）",
            )])
        self.layout = "wide"
        return (Row(self, table.sheet, r.number, r.cells, r.positions) for r in wide_records(table))

    def parse_rows(self, rows: list[Row] | ColumnTable) -> ParsedObservations:
        if isinstance(rows, ColumnTable):
            parsed = self._parse_table(rows)
            if parsed is not None:
                return parsed
            rows = list(rows)  # some cell has a problem: the row-by-row path names each one at its place
        indicators = NameIndex(Indicator.objects.all(), label="指标")
        regions = NameIndex(Region.objects.all(), label="区域")
        locked = set(PeriodLock.objects.values_list("period", flat=True))
        today = timezone.localdate()
        # A file repeats a few names and periods many times: each distinct text is judged once.
        indicator_cache: dict[str, object] = {}
        region_cache: dict[str, object] = {}
        period_cache: dict[str, object] = {}
        frequency_fits: dict[tuple, bool] = {}
        items: list[ObservationInput] = []
        item_rows: list[Row] = []
        first_seen: dict[tuple, int] = {}
        progress = Progress(len(rows), f"检查 {self.file_name}")
        for number, row in enumerate(rows, start=1):
            if number % PROGRESS_EVERY == 0:
                progress.update(PROGRESS_EVERY)
            indicator = self._lookup(row, "indicator", indicators, indicator_cache)
            region = self._lookup(row, "region", regions, region_cache)
            ref = self._period(row, period_cache, today, locked)
            if indicator is not None and ref is not None:
                fits = frequency_fits.get((indicator.id, ref.period.kind))
                if fits is None:
                    fits = frequency_fits[(indicator.id, ref.period.kind)] = fits_frequency(ref.period, indicator.frequency)
                if not fits:
                    row.problem("period", f"指标“{indicator.name}”按{indicator.get_frequency_display()}报送，期间过细")
                    ref = None
            basis = self._basis(row, ref)
            value = self._held(row, "value", self._value(row, indicator))
            yoy = self._held(row, "yoy_pct", self._number(row, "yoy_pct", "%"))
            rank = self._rank(row)
            # "is" tests: "None in (...)" would call Model.__eq__ on every row
            if indicator is None or region is None or ref is None or basis is None:
                continue
            if value is False or yoy is False or rank is False:
                continue
            if value is None and yoy is None:
                row.problem("value", "数值和增速都为空：无数据的行请删除，不要填 0")
                continue
            key = (indicator.id, region.id, ref.period.code, basis)
            if key in first_seen:
                row.problem("region", f"与第 {first_seen[key]} 行重复（同一指标、区域、期间和口径）")
                continue
            first_seen[key] = row.number
            items.append(
                ObservationInput(
                    indicator=indicator, region=region, period=ref.period, basis=basis,
                    value=value, yoy_pct=yoy, reported_rank=rank,
                )
            )
            item_rows.append(row)
        progress.close()
        if self.problems:
            return ParsedObservations(items, {})  # the file is rejected anyway; checks would only add noise
        return ParsedObservations(items, self._check(check_inputs(items), item_rows.__getitem__))

    def _parse_table(self, table: ColumnTable) -> ParsedObservations | None:
        """The long layout column by column: each distinct text of a column is judged once and
        numbers take a fast path. The figures are the ones the row-by-row path gives; on the
        first problem this gives up (None) and the row-by-row path reports every problem."""
        progress = Progress(len(table), f"检查 {self.file_name}")
        try:
            batch = self._batch(table)
        except _Reject:
            progress.close()
            return None
        if bulk.overlaps(len(batch)):
            progress.close()
            return ParsedObservations(batch, {}, unchecked=table)
        progress.update(len(table) // 2)
        findings = check_batch(batch)
        progress.update(len(table) - len(table) // 2)
        progress.close()
        return ParsedObservations(batch, self._check(findings, table.row))

    def _batch(self, table: ColumnTable) -> ObservationBatch:
        columns = table.columns
        indicators = NameIndex(Indicator.objects.all(), label="指标")
        regions = NameIndex(Region.objects.all(), label="区域")
        locked = set(PeriodLock.objects.values_list("period", flat=True))
        today = timezone.localdate()

        def found(index: NameIndex):
            def judge(cell):
                text = cell_text(cell)
                if text is None:
                    raise _Reject
                try:
                    return index.get(text)
                except UnknownName:
                    raise _Reject from None
            return judge

        def period(cell):
            text = cell_text(cell)
            judged = None if text is None else _judge_period(text, today, locked)
            if judged is None or isinstance(judged, str):
                raise _Reject
            return judged

        indicator_of = _distinct(columns["indicator"], found(indicators))
        region_of = _distinct(columns["region"], found(regions))
        ref_of = _distinct(columns["period"], period)
        frequencies = {i.frequency for i in indicator_of.values()}
        kinds = {ref.period.kind: ref.period for ref in ref_of.values()}
        if not all(fits_frequency(p, f) for f in frequencies for p in kinds.values()):
            # some period is too fine for some indicator: is it one the file pairs them in?
            for indicator_cell, period_cell in set(zip(columns["indicator"], columns["period"])):
                indicator = indicator_of[indicator_cell]
                if not fits_frequency(ref_of[period_cell].period, indicator.frequency):
                    raise _Reject
        if "basis" in columns:
            basis_of = _distinct(zip(columns["basis"], columns["period"]),
                                 lambda pair: _basis_word(cell_text(pair[0]), ref_of[pair[1]]), checked=False)
            bases = list(map(basis_of.__getitem__, zip(columns["basis"], columns["period"])))
        else:
            default = {cell: ref.basis or Basis.PERIOD for cell, ref in ref_of.items()}
            bases = list(map(default.__getitem__, columns["period"]))
        indicator_list = list(map(indicator_of.__getitem__, columns["indicator"]))
        region_list = list(map(region_of.__getitem__, columns["region"]))
        refs = list(map(ref_of.__getitem__, columns["period"]))
        values = _numbers(columns["value"], [i.unit for i in indicator_list], field="value")
        yoys = (_numbers(columns["yoy_pct"], None, unit="%", field="yoy_pct") if "yoy_pct" in columns
                else [None] * len(table))
        ranks = (list(map(_distinct(columns["rank"], _rank_of).__getitem__, columns["rank"]))
                 if "rank" in columns else [None] * len(table))
        if any(map(and_, map(is_, values, repeat(None)), map(is_, yoys, repeat(None)))):
            raise _Reject  # neither value nor growth
        code_of = {cell: ref.period.code for cell, ref in ref_of.items()}
        key_parts = [(columns["indicator"], {cell: i.id for cell, i in indicator_of.items()}),
                     (columns["region"], {cell: r.id for cell, r in region_of.items()}),
                     (columns["period"], code_of), (bases, {b: b for b in set(bases)})]
        if not _distinct_keys(len(table), key_parts):
            raise _Reject  # duplicate rows
        return ObservationBatch(indicator_list, region_list, [ref.period for ref in refs], bases, values, yoys, ranks)

    def _check(self, findings, row_at) -> dict[int, list[str]]:
        """Errors become problems; warnings too, unless accepted with a reason (then they go to the ledger)."""
        accepted: dict[int, list[str]] = {}
        for finding in findings:
            row, result, field = row_at(finding.index), finding.result, finding.field
            if result.is_error:
                row.problem(field, result.reason)
                continue
            self.warnings.append(self._warning(row, field, result.reason))
            if self.accept_warnings and self.reason:
                accepted.setdefault(finding.index, []).append(f"第 {row.number} 行：{result.reason}")
        if self.warnings and not (self.accept_warnings and self.reason):
            hint = "有警告：确认无误后加 --accept-warnings --reason \"原因\" 重新导入" if not self.accept_warnings else "接受警告需同时用 --reason 说明原因"
            self.problems.extend(self.warnings)
            self.problems.append(ImportProblem(self.file_name, hint))
        return accepted

    def _warning(self, row: Row, field: str, reason: str) -> ImportProblem:
        column = row.sheet.column_label(row.positions[field]) if field in row.positions else None
        return ImportProblem(
            file=self.file_name, sheet=row.sheet.name, row=row.number, column=column, field=field,
            value=row.get(field), reason=f"警告：{reason}",
        )

    def write(self, parsed: ParsedObservations, report) -> None:
        if parsed.unchecked is not None:
            outcome = self._check_while_writing(parsed)
            if outcome is None:
                return  # problems: ``run`` rolls the transaction back
        else:
            progress = Progress(len(parsed.items), f"写入 {self.file_name}")
            since = ledger_mark()
            outcome = save_observations(
                parsed.items, status=self.status, source=f"导入：{self.file_name}",
                user=self.user, actor=self.actor, reason=self._reason(), progress=progress.update,
            )
            self._note_warnings(parsed.items, parsed.warnings_accepted, since)
            progress.close()
        report.created += outcome.created
        report.updated += outcome.updated
        report.unchanged += outcome.unchanged

    def _reason(self) -> str:
        """The reason every ledger row of the import shares; warnings are each row's own (``_note_warnings``)."""
        return self.reason or f"导入 {self.file_name}"

    def _note_warnings(self, items, accepted: dict[int, list[str]], since: int) -> None:
        """Each figure's accepted warnings, on its own ledger row only: one file's warnings repeated
        on every row grew the ledger with the square of the file (3,000 warned rows: 95,000
        characters a row)."""
        if accepted:
            note_in_ledger(items, {i: "；已接受警告：" + "；".join(reasons) for i, reasons in accepted.items()},
                           since=since)

    def _check_while_writing(self, parsed: ParsedObservations):
        """The checks of a large batch, run while the database takes in its new figures (inside
        ``run``'s transaction). Findings are reported as ``_parse_table`` reports them, and any
        problem leaves the transaction to be rolled back: nothing is written. Returns the
        ``SaveOutcome``, or None on problems."""
        batch, table = parsed.items, parsed.unchecked
        progress = Progress(len(batch), f"检查并写入 {self.file_name}")
        since = ledger_mark()
        stored = read_stored(batch)  # before the worker takes the connection
        pending = bulk.PendingSave(batch, bulk.stored_flags(batch, stored), status=self.status,
                                   source=f"导入：{self.file_name}", user=self.user)
        try:
            findings = check_batch(batch, stored)
        finally:
            error = pending.wait()
        progress.update(len(batch) // 2)
        accepted = self._check(findings, table.row)
        if self.problems:  # reported as found; a database error meanwhile would only hide them
            pending.close()
            progress.close()
            return None
        if error is not None:
            raise error
        outcome = pending.finish(actor=self.actor, reason=self._reason())
        self._note_warnings(batch, accepted, since)
        progress.update(len(batch) - len(batch) // 2)
        progress.close()
        return outcome

    @staticmethod
    def _period(row: Row, cache: dict, today, locked: set[str]):
        text = row.get("period")
        if text is None:
            row.problem("period", "不能为空")
            return None
        judged = cache.get(text)
        if judged is None:
            judged = cache[text] = _judge_period(text, today, locked)
        if isinstance(judged, str):
            row.problem("period", judged)
            return None
        return judged

    def _value(self, row: Row, indicator) -> Decimal | None | bool:
        """The value in the indicator's unit; a wide table may state another money unit in its header."""
        if indicator is None:
            return self._number(row, "value", None)
        exponent, mismatch = convert_header_unit(row.get("value_unit"), indicator.unit)
        if mismatch:
            row.problem("value", mismatch)
            return False
        value = self._number(row, "value", indicator.unit)
        return value.scaleb(exponent) if exponent and isinstance(value, Decimal) else value

    @staticmethod
    def _held(row: Row, name: str, value: Decimal | None | bool) -> Decimal | None | bool:
        """The number as its field keeps it, or False after reporting what it cannot hold."""
        if value is None or value is False:
            return value
        try:
            return held(name, value)
        except DigitsError as error:
            row.problem(name, str(error))
            return False

    @staticmethod
    def _lookup(row: Row, name: str, index: NameIndex, cache: dict):
        text = row.get(name)
        if text is None:
            row.problem(name, "不能为空")
            return None
        found = cache.get(text)
        if found is None:
            try:
                found = index.get(text)
            except UnknownName as error:
                found = error
            cache[text] = found
        if isinstance(found, UnknownName):
            row.problem(name, str(found))
            return None
        return found

    @staticmethod
    def _basis(row: Row, ref):
        text = row.get("basis")
        if text is None:
            return ref.basis or Basis.PERIOD if ref else Basis.PERIOD
        basis = BASIS_WORDS.get(text.strip().lower())
        if basis is None:
            row.problem("basis", "口径应为 period（当期）或 ytd（累计）")
        elif ref is not None and ref.basis == Basis.YTD and basis != Basis.YTD:
            row.problem("basis", "期间写作累计（如 1-3月），口径却不是 ytd")
            return None
        return basis

    @staticmethod
    def _number(row: Row, name: str, unit: str | None) -> Decimal | None | bool:
        """The parsed number, None when the cell says 'no data', False after reporting a problem."""
        text = row.get(name)
        if text is not None:
            value = plain_number(text)  # the common case, without the full parser's normalising
            if value is not None:
                return value
        try:
            return parse_number(text, unit=unit)
        except NumberError as error:
            row.problem(name, str(error))
            return False

    @staticmethod
    def _rank(row: Row) -> int | None | bool:
        try:
            number = parse_number(row.get("rank"))
        except NumberError as error:
            row.problem("rank", str(error))
            return False
        if number is None:
            return None
        if number != number.to_integral_value() or number < 1:
            row.problem("rank", "位次应为正整数")
            return False
        if number > RANK_MAX:
            row.problem("rank", f"位次最大为 {RANK_MAX}")
            return False
        return int(number)


def _distinct(cells, judge, *, checked: bool = True) -> dict:
    """``judge`` of each distinct cell of a column, keyed by the cell.

    Cells are keys as they are, so mixed types that compare equal but print differently
    (True and 1, 1 and 1.0 from a spreadsheet) make this give up to the row-by-row path."""
    distinct = set(cells)
    if checked:
        kinds = {cell.__class__ for cell in distinct}
        if bool in kinds or (int in kinds and float in kinds):
            raise _Reject
    return {cell: judge(cell) for cell in distinct}


def _distinct_keys(count: int, parts: list[tuple[list, dict]]) -> bool:
    """Whether the ``count`` keys are all different; key ``i`` is ``tuple(meaning[cells[i]] for cells,
    meaning in parts)``. Each part's meanings are numbered densely and the numbers packed into one
    integer per key (in C), which numpy sorts; a set of tuples would take longer."""
    packed = np.zeros(count, dtype=np.int64)
    span = 1
    for cells, meaning in parts:
        numbers = {value: n for n, value in enumerate(set(meaning.values()))}
        if span * max(len(numbers), 1) >= 1 << 62:
            return len(set(zip(*(map(m.__getitem__, c) for c, m in parts)))) == count
        code = {cell: numbers[value] for cell, value in meaning.items()}
        packed = packed * len(numbers) + np.fromiter(map(code.__getitem__, cells), dtype=np.int64, count=count)
        span *= max(len(numbers), 1)
    packed.sort()
    return bool(np.all(packed[1:] != packed[:-1]))


def _basis_word(text: str | None, ref) -> str:
    """As ``ObservationImporter._basis``, raising ``_Reject`` where that reports a problem."""
    if text is None:
        return ref.basis or Basis.PERIOD
    basis = BASIS_WORDS.get(text.strip().lower())
    if basis is None or (ref.basis == Basis.YTD and basis != Basis.YTD):
        raise _Reject
    return basis


_NEEDS_UNIT = object()


def _numbers(cells: list, units: list[str] | None, *, unit: str | None = None, field: str) -> list[Decimal | None]:
    """A number column: plain numbers once per distinct text; others (units, markers, full-width
    digits) through ``parse_number`` with each row's unit. Raises ``_Reject`` on any bad cell,
    or a number the ``field`` cannot hold."""

    def judge(cell):
        text = cell_text(cell)
        if text is None:
            return None
        value = plain_number(text)
        if value is not None:
            return _held_or_reject(field, value)
        if units is None:
            return _held_or_reject(field, _parse_or_reject(text, unit))
        return _NEEDS_UNIT  # 1.2亿元 depends on the indicator's unit

    number_of = _distinct(cells, judge)
    values = list(map(number_of.__getitem__, cells))
    if units is not None and any(v is _NEEDS_UNIT for v in number_of.values()):
        cache: dict = {}
        for index, value in enumerate(values):
            if value is _NEEDS_UNIT:
                key = (cells[index], units[index])
                if key not in cache:
                    cache[key] = _held_or_reject(field, _parse_or_reject(cell_text(cells[index]), units[index]))
                values[index] = cache[key]
    return values


def _parse_or_reject(text: str, unit: str | None) -> Decimal | None:
    try:
        return parse_number(text, unit=unit)
    except NumberError:
        raise _Reject from None


def _held_or_reject(field: str, value: Decimal | None) -> Decimal | None:
    try:
        return held(field, value)
    except DigitsError:
        raise _Reject from None


def _rank_of(cell) -> int | None:
    try:
        number = parse_number(cell_text(cell))
    except NumberError:
        raise _Reject from None
    if number is None:
        return None
    if number != number.to_integral_value() or number < 1 or number > RANK_MAX:
        raise _Reject
    return int(number)


def _judge_period(text: str, today, locked: set[str]):
    """The period a text names, or why a row with it is rejected."""
    try:
        ref = parse_period(text)
    except PeriodError as error:
        return str(error)
    if ref.period.end > today:
        return f"期间尚未结束（截至 {today:%Y-%m-%d}）"
    if ref.period.code in locked:
        return f"期间 {ref.period.code} 已锁定，不能导入；如需修订请由管理员在填报页面修改并说明原因"
    return ref
