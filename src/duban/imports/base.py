"""The shape every import kind shares: read, check every row, then write all or nothing."""

from __future__ import annotations

import difflib
import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from operator import itemgetter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, IntegrityError, transaction

from duban.spreadsheets import formula_like
from duban.imports.tabular import (
    Column, ImportProblem, ImportRejected, ProblemList, Sheet, cell_text, find_header, read_sheets,
)


@dataclass
class ImportReport:
    file: str
    kind: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    layout: str = "long"
    # The first ProblemList.LIMIT of each, with the total counted.
    problems: ProblemList = field(default_factory=ProblemList)
    warnings: ProblemList = field(default_factory=ProblemList)  # shown always; accepted ones were written
    sheets: list[dict] = field(default_factory=list)  # a workbook's sheets: read (indicator, period, rows) or skipped (why)

    def __post_init__(self):
        self.problems, self.warnings = ProblemList(self.problems), ProblemList(self.warnings)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "kind": self.kind,
            "layout": self.layout,
            "dry_run": self.dry_run,
            "ok": self.ok,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "problems": [p.as_dict() for p in self.problems],
            "problems_total": _total(self.problems),
            "warnings": [w.as_dict() for w in self.warnings],
            "warnings_total": _total(self.warnings),
            "sheets": self.sheets,
        }


def _total(problems: list) -> int:
    return getattr(problems, "total", len(problems))


@dataclass(slots=True)  # one per data row: a million on a large import
class Row:
    """One data row of a table, with what is needed to name a cell's place."""

    importer: TableImporter
    sheet: Sheet
    number: int  # 1-based, as the spreadsheet shows it
    cells: dict[str, str | None]
    positions: dict[str, int]

    def get(self, name: str) -> str | None:
        return self.cells.get(name)

    def problem(self, name: str | None, reason: str, value: str | None = None) -> None:
        column = self.sheet.column_label(self.positions[name]) if name in self.positions else None
        self.importer.problems.append(
            ImportProblem(
                file=self.importer.file_name,
                sheet=self.sheet.name,
                row=self.number,
                column=column,
                field=name,
                value=value if value is not None else (self.cells.get(name) if name else None),
                reason=reason,
            )
        )


class ColumnTable:
    """The data rows of a long-layout table held column by column: what a large file needs.

    ``columns`` holds the raw cells of each named column (not yet stripped), ``numbers``
    the 1-based row number of each record; blank spacer rows are already left out. A
    ``Row`` for any record is made on demand (to report a problem at its place), and
    iterating gives every record as a ``Row``, as ``TableImporter.rows`` does.
    """

    __slots__ = ("importer", "sheet", "positions", "columns", "numbers")

    def __init__(self, importer: TableImporter, sheet: Sheet, positions: dict[str, int],
                 columns: dict[str, list], numbers: list[int]):
        self.importer, self.sheet, self.positions = importer, sheet, positions
        self.columns, self.numbers = columns, numbers

    def __len__(self) -> int:
        return len(self.numbers)

    def row(self, index: int) -> Row:
        cells = {name: cell_text(column[index]) for name, column in self.columns.items()}
        return Row(self.importer, self.sheet, self.numbers[index], cells, self.positions)

    def __iter__(self) -> Iterator[Row]:
        return (self.row(index) for index in range(len(self.numbers)))


def column_table(importer: TableImporter, sheet: Sheet, match) -> ColumnTable:
    """The rows below a header, column by column; the same records ``TableImporter.rows`` yields."""
    data = sheet.rows[match.header_row + 1:]
    positions = match.positions
    width = max(positions.values()) + 1
    if data and min(map(len, data)) < width:  # short rows (an empty CSV line is []): pad them
        data = [raw if len(raw) >= width else list(raw) + [None] * (width - len(raw)) for raw in data]
    names = list(positions)
    if len(names) == 1:
        columns = {names[0]: [raw[positions[names[0]]] for raw in data]}
    else:  # transposed in C: a tuple per column
        columns = dict(zip(names, zip(*map(itemgetter(*positions.values()), data)))) if data else {n: () for n in names}
    first = match.header_row + 2
    numbers = list(range(first, first + len(data)))
    # A blank row is blank in every named column, so in the first one too: look closer only there.
    lead = next(iter(columns.values()))
    if set(map(type, lead)) == {str} and all(map(str.strip, lead)):  # every one has text (a CSV): no blank row
        maybe_blank = []
    else:
        maybe_blank = [i for i, cell in enumerate(lead)
                       if not (cell.__class__ is str and cell.strip()) and cell_text(cell) is None]
    blank = [i for i in maybe_blank if all(cell_text(column[i]) is None for column in columns.values())]
    if blank:
        drop = set(blank)
        keep = [i for i in range(len(data)) if i not in drop]
        columns = {name: [column[i] for i in keep] for name, column in columns.items()}
        numbers = [numbers[i] for i in keep]
    return ColumnTable(importer, sheet, positions, columns, numbers)


def nearest(name: str, known: Iterable[str], n: int = 3) -> str:
    """A Chinese hint listing the closest known names, for 'unknown name' errors."""
    close = difflib.get_close_matches(name, list(known), n=n, cutoff=0.3)
    return f"；最接近的有：{'、'.join(close)}" if close else ""


class TableImporter:
    """Base of every import kind. Subclasses declare ``kind`` and ``columns`` and implement
    ``parse_rows`` (check everything, collect problems, write nothing) and ``write``."""

    kind: str = ""
    columns: list[Column] = []
    # Columns whose text becomes a name duban shows and writes out again (exports, bulletins):
    # none may look like a spreadsheet formula (``refuse_formulas``).
    name_columns: tuple[str, ...] = ()

    def __init__(self, *, file_name: str, actor: str = "", reason: str = "", user=None):
        self.file_name = file_name
        self.actor = actor or (user.get_username() if user is not None else "")  # kept in the ledger
        self.reason = reason
        self.user = user
        self.problems = ProblemList()
        self.warnings = ProblemList()  # checks a person may override with a reason
        self.layout = "long"

    # -- reading -------------------------------------------------------------

    def rows(self, sheets: list[Sheet]) -> Iterator[Row]:
        """Data rows of the long layout: a header row naming the columns, then one record a row."""
        for sheet in sheets:
            match = find_header(sheet, self.columns)
            if match is None:
                continue
            for offset, raw in enumerate(sheet.rows[match.header_row + 1 :], start=match.header_row + 2):
                cells = {name: cell_text(raw[pos]) if pos < len(raw) else None for name, pos in match.positions.items()}
                if all(v is None for v in cells.values()):
                    continue  # blank spacer rows are common in office files
                yield Row(self, sheet, offset, cells, match.positions)
            return
        required = "、".join(c.name for c in self.columns if c.required)
        raise ImportRejected(
            [ImportProblem(self.file_name, f"找不到表头：第一行（或标题下方）应含有以下列：{required}")]
        )

    # -- the contract for subclasses -----------------------------------------

    def parse_rows(self, rows: list[Row] | ColumnTable) -> object:
        raise NotImplementedError

    def write(self, parsed: object, report: ImportReport) -> None:
        raise NotImplementedError

    # -- running -------------------------------------------------------------

    def run(self, sheets: list[Sheet], *, dry_run: bool = False) -> ImportReport:
        report = ImportReport(file=self.file_name, kind=self.kind, dry_run=dry_run)
        rows = self.rows(sheets)
        if not isinstance(rows, (list, ColumnTable)):
            rows = list(rows)
        report.rows = len(rows)
        report.layout = self.layout
        if not rows:
            raise ImportRejected([ImportProblem(self.file_name, "表中没有数据行")])
        refuse_formulas(rows, self.name_columns)
        parsed = self.parse_rows(rows)
        report.warnings = self.warnings
        if self.problems:
            report.problems = self.problems
            return report
        try:
            with transaction.atomic():
                self.write(parsed, report)
                if self.problems:
                    transaction.set_rollback(True)
                elif dry_run:
                    transaction.set_rollback(True)
        except (IntegrityError, DatabaseError) as error:
            self.problems.append(ImportProblem(self.file_name, f"数据库拒绝写入，未做任何修改：{error}"))
        report.problems = self.problems
        if report.problems:
            report.created = report.updated = report.unchanged = 0
        elif not dry_run:
            from duban.monitoring.freshness import after_change  # imports feed the monitoring results

            transaction.on_commit(after_change)
        return report


NAME_PARTS = re.compile(r"[、,;，；]")


def refuse_formulas(rows: list[Row] | ColumnTable, names: tuple[str, ...]) -> None:
    """A name (or one of several in a cell, such as aliases) beginning with = + - @, a tab or a CR
    would be a live formula in a spreadsheet that shows it (CSV injection, OWASP): refused at its
    cell. duban writes every text as text (``duban.spreadsheets``); this keeps such names out."""
    if not names:
        return
    for row in rows:
        for name in names:
            text = row.get(name)
            if text and any(formula_like(part.strip()) for part in (text, *NAME_PARTS.split(text))):
                row.problem(name, "名称不能以 = + - @ 开头（电子表格会把它当作公式）")


def import_file(path: Path, kind: str, *, dry_run: bool = False, actor: str = "", reason: str = "", user=None, **options):
    """Import one file as one kind; returns the report (problems listed, nothing written on any problem)."""
    from duban.imports.registry import importer_for

    importer = importer_for(kind)(file_name=path.name, actor=actor, reason=reason, user=user, **options)
    try:
        with _without_cycle_collection():
            sheets = read_sheets(path)
            return importer.run(sheets, dry_run=dry_run)
    except ImportRejected as rejected:
        return ImportReport(file=path.name, kind=kind, dry_run=dry_run, problems=rejected.problems)


@contextmanager
def _without_cycle_collection():
    """A large file makes millions of lists and tuples, none of them in reference cycles; the
    cycle collector would walk all of them again and again (a million-row import spends more
    time there than in its own work). Plain reference counting still frees everything;
    collection resumes afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
