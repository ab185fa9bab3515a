"""The bulletin's scoring section (综合考核): each scheme of the period's frequency, as blocks."""

from __future__ import annotations

from datetime import date

from duban.bulletins import blocks as b
from duban.core.periods import Period
from duban.scoring.models import Scheme
from duban.scoring.services import BadScoreRequest, score_scheme

BOARD_SIZE = 3


def scoring_section(period: Period | None, as_of: date) -> dict | None:
    """None when no scheme is scored at the period's frequency (the bulletin then has no such section)."""
    if period is None:
        return None
    blocks = []
    for scheme in Scheme.objects.filter(frequency=str(period.kind)).select_related("group").order_by("code"):
        try:
            sheet = score_scheme(scheme, period, as_of=as_of)
        except BadScoreRequest:
            continue  # a scheme without items is not published
        rows = sheet.rows
        top = "、".join(f"{r.subject.name}（{r.result.score}分）" for r in rows[:BOARD_SIZE])
        bottom_rows = rows[max(BOARD_SIZE, len(rows) - BOARD_SIZE):]
        bottom = "、".join(f"{r.subject.name}（{r.result.score}分）" for r in bottom_rows)
        blocks.append(b.heading(f"{scheme.name}（满分{sheet.full_marks}分）"))
        blocks.append(b.paragraph(f"红榜：{top or '无'}。黑榜：{bottom or '无'}。"))
        columns = [b.column("位次", "int"), b.column("考核对象", width=2.4), b.column("得分", "number", 2),
                   b.column("进退", "change"), b.column("加减分", "signed", 2), b.column("说明", width=5)]
        bottom_ids = {r.subject.id for r in bottom_rows}
        table_rows = []
        for k, r in enumerate(rows):
            missing = [item.label for item, s in zip(sheet.items, r.result.items) if s.missing]
            notes = [f"缺数：{'、'.join(missing)}"] if missing else []
            notes += [f"{a.reason}（{a.points:+}分）" for a in r.adjustments]
            level = "green" if k < BOARD_SIZE else "red" if r.subject.id in bottom_ids else None
            table_rows.append(b.row([r.result.rank, r.subject.name, float(r.result.score), r.result.change,
                                     float(r.result.adjustments) or None, "；".join(notes)], level))
        blocks.append(b.table(columns, table_rows))
    if not blocks:
        return None
    blocks.append(b.paragraph("注：得分为各考核项得分之和加减分；缺数项得 0 分，不按平均分补；并列得分同位次。", "note"))
    return b.section("综合考核红黑榜", "综合考核", blocks)
