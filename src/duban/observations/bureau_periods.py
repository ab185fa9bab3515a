"""The periods of a bureau's sheets: the year of a workbook whose periods are written without
one, and the period a sheet's header writes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from duban.core.periods import PeriodError, PeriodRef
from duban.core.period_text import find_period_in_text, parse_period
from duban.imports.tabular import ImportProblem, Sheet, cell_text
from duban.observations.bureau_text import CONTENTS, HEADER_ROWS, YEAR, YEARLESS, fold

if TYPE_CHECKING:
    from duban.observations.bureau_sheets import Context


def workbook_year(sheets: list[Sheet], given: int | None) -> tuple[int | None, str]:
    """The year of the periods written without one: ``--year`` when given, else the one year that
    the workbook's titles, headers and contents page write; never the clock's."""
    if given:
        return given, ""
    years = set()
    for sheet in sheets:
        contents = any(CONTENTS.match(fold(cell_text(c))) for row in sheet.rows[:3] for c in row if c is not None)
        for row in sheet.rows if contents else sheet.rows[:HEADER_ROWS]:
            for cell in row:
                years.update(int(y) for y in YEAR.findall(fold(cell_text(cell))))
    if len(years) == 1:
        return years.pop(), ""
    if years:
        return None, f"工作簿中写有不同的年份（{'、'.join(map(str, sorted(years)))}），请用 --year 指定"
    return None, "工作簿中没有写明年份，请用 --year 指定"


def sheet_period(sheet: Sheet, header: list[list], ctx: Context) -> PeriodRef | ImportProblem | None:
    """The first period written above the data; one without a year takes the sheet's own year
    (a title "2024年统计月报" names no period, only the year) or else the workbook's."""
    year_only: PeriodRef | None = None
    for r, row in enumerate(header):
        for c, cell in enumerate(row):
            text = cell_text(cell)
            if not text:
                continue
            folded = fold(text)
            place = dict(sheet=sheet.name, row=r + 1, column=sheet.column_label(c), value=text)
            year = YEAR.search(folded)
            match = YEARLESS.search(folded)
            if year and not (match and match.start() < year.start()):  # not 1-3月（2024年）
                try:
                    ref = find_period_in_text(folded.replace("末", "").replace("底", ""))
                except PeriodError as error:
                    return ImportProblem(ctx.file_name, f"期间无法识别：{error}", field="period", **place)
                if ref is not None and ref.period.kind == "year" and not re.search("全年|年度", folded):
                    year_only = year_only or ref
                    continue
                if ref is not None:
                    return ref
            if match is None:
                continue
            year = year or (year_only and YEAR.search(f"{year_only.period.year}年"))
            if year is None and ctx.year is None:
                return ImportProblem(ctx.file_name, f"期间“{match.group(0)}”没有写年份：{ctx.year_hint}", field="period", **place)
            spelled = f"{match['first']}-{match['last']}月" if match["last"] else f"{match['month']}月"
            try:
                return parse_period(f"{year.group(1) if year else ctx.year}年{spelled}")
            except PeriodError as error:
                return ImportProblem(ctx.file_name, f"期间无法识别：{error}", field="period", **place)
    return year_only
