"""A statistics bureau's workbook of many sheets, imported as observations.

The front of the observation pipeline: read the sheets, recognise each (``bureau_sheets``:
layout, indicator, period, regions), and hand the records of the sheets that are read to the
observation importer, which parses, checks and writes them all or nothing. Sheets that are no
table of regions for a catalogue indicator are listed as skipped, with the reason.

A sheet with several indicators side by side is read block by block (``bureau_blocks``). A file
with the long layout's header, or whose one table of regions holds several indicators side by
side and no sheet one indicator (the published wide table), is read as before.
"""

from __future__ import annotations

from duban.catalogue.lookups import NameIndex
from duban.catalogue.models import Indicator, Region
from duban.imports.base import Row
from duban.imports.tabular import ImportProblem, ImportRejected, Sheet, find_header
from duban.observations.bureau_regions import Regions
from duban.observations.bureau_periods import workbook_year
from duban.observations.bureau_sheets import Context, SheetReading, read_sheet
from duban.observations.bureau_transposed import read_transposed
from duban.observations.importers import ObservationImporter


class WorkbookImporter(ObservationImporter):
    def __init__(self, *, sheets: list[str] | tuple[str, ...] = (), year: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.sheet_names = [name.strip() for name in sheets or ()]
        self.year = year
        self.readings: list[SheetReading] = []

    def rows(self, sheets: list[Sheet]):
        year, hint = workbook_year(sheets, self.year)  # from the whole workbook, whichever sheets are read
        sheets = self._chosen(sheets)
        if any(s.name is None for s in sheets) or any(find_header(s, self.columns) for s in sheets):
            return super().rows(sheets)
        ctx = Context(
            self.file_name, NameIndex(Indicator.objects.all(), label="指标"),
            Regions(NameIndex(Region.objects.all(), label="区域")), year, hint,
        )
        by_sheet = [read_transposed(sheet, ctx) or read_sheet(sheet, ctx) for sheet in sheets]
        if not _a_workbook(by_sheet):
            return super().rows(sheets)  # the published wide table
        readings = [reading for found in by_sheet for reading in found]
        self.layout = "workbook"
        self.readings = readings
        rows = []
        for reading in readings:
            if reading.skipped is not None:
                continue
            self.problems.extend(reading.problems)
            rows.extend(Row(self, reading.sheet, r.number, r.cells, r.positions) for r in reading.records)
        if not rows and self.problems:
            raise ImportRejected(self.problems)
        return rows

    def _chosen(self, sheets: list[Sheet]) -> list[Sheet]:
        """The sheets ``--sheet`` names (trailing spaces of sheet names ignored), or all."""
        if not self.sheet_names:
            return sheets
        by_name = {(s.name or "").strip(): s for s in sheets}
        missing = [n for n in self.sheet_names if n not in by_name]
        if missing:
            known = "、".join(f"“{n}”" for n in by_name)
            raise ImportRejected([ImportProblem(self.file_name, f"工作簿中没有工作表“{m}”；有：{known}") for m in missing])
        return [by_name[n] for n in dict.fromkeys(self.sheet_names)]

    def run(self, sheets: list[Sheet], *, dry_run: bool = False):
        report = super().run(sheets, dry_run=dry_run)
        report.sheets = [r.summary(written=report.ok and not dry_run) for r in self.readings]
        return report


def _a_workbook(by_sheet: list[list[SheetReading]]) -> bool:
    """Whether the sheets are read as a bureau's workbook: some sheet is a table of regions for one
    indicator (for one period or several), or has its regions across the header, or several
    sheets hold indicators side by side. A file whose one table has several indicators side by
    side is the published wide table, read as before (``wide``)."""
    read = [[r for r in found if r.skipped is None] for found in by_sheet]
    read = [found for found in read if found]
    return (any(len({r.indicator.id for r in found}) == 1 or found[0].across for found in read)
            or len(read) > 1)
