"""The shape every import kind shares: read, check every row, then write all or nothing."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, IntegrityError, transaction

from duban.imports.tabular import Column, ImportProblem, ImportRejected, Sheet, cell_text, find_header, read_sheets


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
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)  # shown always; accepted ones were written

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
            "warnings": [w.as_dict() for w in self.warnings],
        }


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


def nearest(name: str, known: Iterable[str], n: int = 3) -> str:
    """A Chinese hint listing the closest known names, for 'unknown name' errors."""
    close = difflib.get_close_matches(name, list(known), n=n, cutoff=0.3)
    return f"；最接近的有：{'、'.join(close)}" if close else ""


class TableImporter:
    """Base of every import kind. Subclasses declare ``kind`` and ``columns`` and implement
    ``parse_rows`` (check everything, collect problems, write nothing) and ``write``."""

    kind: str = ""
    columns: list[Column] = []

    def __init__(self, *, file_name: str, actor: str = "", reason: str = "", user=None):
        self.file_name = file_name
        self.actor = actor
        self.reason = reason
        self.user = user
        self.problems: list[ImportProblem] = []
        self.warnings: list[ImportProblem] = []  # checks a person may override with a reason
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

    def parse_rows(self, rows: list[Row]) -> object:
        raise NotImplementedError

    def write(self, parsed: object, report: ImportReport) -> None:
        raise NotImplementedError

    # -- running -------------------------------------------------------------

    def run(self, sheets: list[Sheet], *, dry_run: bool = False) -> ImportReport:
        report = ImportReport(file=self.file_name, kind=self.kind, dry_run=dry_run)
        rows = list(self.rows(sheets))
        report.rows = len(rows)
        report.layout = self.layout
        if not rows:
            raise ImportRejected([ImportProblem(self.file_name, "表中没有数据行")])
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
        return report


def import_file(path: Path, kind: str, *, dry_run: bool = False, actor: str = "", reason: str = "", user=None, **options):
    """Import one file as one kind; returns the report (problems listed, nothing written on any problem)."""
    from duban.imports.registry import importer_for

    importer = importer_for(kind)(file_name=path.name, actor=actor, reason=reason, user=user, **options)
    try:
        sheets = read_sheets(path)
        return importer.run(sheets, dry_run=dry_run)
    except ImportRejected as rejected:
        return ImportReport(file=path.name, kind=kind, dry_run=dry_run, problems=rejected.problems)
