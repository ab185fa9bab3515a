"""The score sheet as .xlsx (written through ``duban.spreadsheets``: names stay text)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook

from duban.scoring.services import ScoreSheet
from duban.scoring.text import change_text
from duban.spreadsheets import xlsx_row


def score_xlsx(sheet: ScoreSheet) -> bytes:
    book = Workbook(write_only=True)
    table = book.create_sheet("得分")
    table.append(xlsx_row(table, [f"{sheet.scheme.name} {sheet.period.code}（满分 {sheet.full_marks:.2f}）"]))
    header = ["位次", "代码", "对象", "得分", "位次变动", "加减分"]
    for item in sheet.items:
        header += [f"{item.label} 数值", f"{item.label} 得分（{item.weight:.2f}）"]
    table.append(xlsx_row(table, header + ["说明"]))
    for row in sheet.rows:
        result = row.result
        cells = [result.rank, row.subject.code, row.subject.name, float(result.score), change_text(result.change),
                 float(result.adjustments)]
        for item in result.items:
            cells += [None if item.figure is None else float(item.figure), "缺数" if item.missing else float(item.points)]
        notes = [f"{a.points:+.2f} {a.reason}" for a in row.adjustments]
        if result.capped_by:
            notes.insert(0, f"未达门槛 {result.capped_by.key}，封顶 {result.capped_by.condition.pct}%")
        table.append(xlsx_row(table, cells + ["；".join(notes)]))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
