"""Observations from a file, in the five steps of docs/importing.md ("How an import flows"):

1. read: ``imports.base.import_file`` reads the sheets (``imports.tabular``);
2. recognise: ``rows`` here (the long header, else the published wide table) and, for a
   bureau's workbook of many sheets, ``workbook.WorkbookImporter.rows`` before it;
3. parse: ``parse_rows`` (``parsing.parse_figures``: every problem listed at its place);
4. check and 5. write: ``write``, in the import's transaction (``checking``, ``writing``,
   ``ledger``): all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from duban.catalogue.models import Region
from duban.imports.base import ColumnTable, Row, TableImporter, column_table
from duban.imports.progress import Progress
from duban.imports.tabular import Column, ImportProblem, ImportRejected, Sheet, find_header
from duban.observations import ledger
from duban.observations.checking import Finding, check_batch, read_stored
from duban.observations.figures import ObservationBatch
from duban.observations.models import Status
from duban.observations.parsing import RecordTable, Table, parse_figures
from duban.observations.wide import find_wide_table, wide_records
from duban.observations.writing import begin_write


@dataclass
class ParsedObservations:
    batch: ObservationBatch
    table: Table  # the records the figures came from, in the same order: to name a finding's place


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

    # -- 2. recognise --------------------------------------------------------

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
        return [Row(self, table.sheet, r.number, r.cells, r.positions) for r in wide_records(table)]

    # -- 3. parse ------------------------------------------------------------

    def parse_rows(self, rows: list[Row] | ColumnTable) -> ParsedObservations | None:
        table = rows if isinstance(rows, ColumnTable) else RecordTable(rows)
        progress = Progress(len(table), f"检查 {self.file_name}")
        batch = parse_figures(table)
        progress.update(len(table))  # shown only when parsing took a while
        progress.close()
        return None if batch is None else ParsedObservations(batch, table)

    # -- 4. check and 5. write -----------------------------------------------

    def write(self, parsed: ParsedObservations, report) -> None:
        """Check the figures against the stored ones and write them, in ``run``'s transaction:
        on any problem ``run`` rolls it back and nothing is written."""
        batch = parsed.batch
        progress = Progress(len(batch), f"检查并写入 {self.file_name}")
        since = ledger.mark()
        stored = read_stored(batch)  # before the writer may take the connection
        write = begin_write(batch, stored, status=self.status, source=f"导入：{self.file_name}", user=self.user)
        try:
            findings = check_batch(batch, stored)
        finally:
            error = write.wait()
        progress.update(len(batch) // 2)
        accepted = self._judge(findings, parsed.table)
        if self.problems:  # reported as found; a database error meanwhile would only hide them
            write.abandon()
            progress.close()
            return
        if error is not None:
            raise error
        # The reason every ledger row shares; accepted warnings are each figure's own.
        outcome = write.finish(actor=self.actor, reason=self.reason or f"导入 {self.file_name}")
        if accepted:
            # On its own ledger row only: one file's warnings repeated on every row grew the
            # ledger with the square of the file (3,000 warned rows: 95,000 characters a row).
            ledger.add_notes(batch, {i: "；已接受警告：" + "；".join(reasons) for i, reasons in accepted.items()},
                             since=since)
        progress.update(len(batch) - len(batch) // 2)
        progress.close()
        report.created += outcome.created
        report.updated += outcome.updated
        report.unchanged += outcome.unchanged

    def _judge(self, findings: list[Finding], table: Table) -> dict[int, list[str]]:
        """Errors become problems; warnings too, unless accepted with a reason (then they go to
        the ledger: the figure's position → its warnings)."""
        accepted: dict[int, list[str]] = {}
        for finding in findings:
            row, result, field = table.row(finding.index), finding.result, finding.field
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
