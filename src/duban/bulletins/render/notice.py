"""The supervision notice (督办单) as a Word document: number, item, departments, leader,
due date, days late, the office's reason when it issued the notice by hand, what is required, the reply deadline, the issuing office's signature
block and a receipt line for the department that signs for it.
"""

from __future__ import annotations

import io
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from duban.bulletins.render.fonts import document_fonts
from duban.monitoring.services import home_region
from duban.bulletins.render.word import para, setup, shade, styled

REQUIREMENT = ("请牵头单位接此督办单后立即研究，会同配合单位抓紧推进，于反馈时限前将办理情况（已采取的措施、"
               "存在的问题、下步计划和完成时间）书面报送督查室；确有困难的，须说明原因并提出解决办法。")


def _day(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def facts(notice) -> dict:
    """What the notice says, from the notice, its task and the business date of its step."""
    task = notice.task
    issued = notice.step.as_of if notice.step_id else timezone.localdate(notice.issued_at)
    cooperating = [d.name for d in task.cooperating.all()] + list(task.collective_units)
    home = home_region()
    issuer = settings.BULLETIN_ISSUER or (f"{home.name}督查室" if home else "督查室")
    due_words = f"本次节点：{_day(notice.due)}" if task.recurrence else _day(notice.due)
    return {
        "number": notice.number, "title": task.title, "measures": task.measures,
        "lead": task.lead.name if task.lead else "—", "cooperating": "、".join(cooperating) or "—",
        "leader": task.leader.name if task.leader else "—",
        "deadline": f"{task.deadline_text}（{due_words}）" if task.deadline_text else _day(notice.due),
        "issued": issued, "days_late": max((issued - notice.due).days, 0),
        "reply_by": issued + timedelta(days=settings.NOTICE_REPLY_DAYS), "issuer": issuer,
        "reason": notice.step.reason if notice.step_id else "",  # written by the office when it issued by hand
    }


def render_notice(notice) -> bytes:
    f = facts(notice)
    doc = new_docx()
    setup(doc, document_fonts())
    para(doc, "督　办　单", "DubanTitle")
    number = para(doc, f["number"], "DubanBody")
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    number.paragraph_format.first_line_indent = 0
    item = f["title"] + (f"（{f['measures']}）" if f["measures"] else "")
    rows = [
        ("督办事项", item), ("牵头单位", f["lead"]), ("配合单位", f["cooperating"]), ("责任领导", f["leader"]),
        ("完成时限", f["deadline"]),
        ("逾期情况", f"截至{_day(f['issued'])}，已逾期{f['days_late']}天，经提醒、催办仍未完成。"),
        *([("督办事由", f["reason"])] if f["reason"] else []),
        ("督办要求", REQUIREMENT), ("反馈时限", f"请于{_day(f['reply_by'])}前反馈办理情况。"),
    ]
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.autofit = False
    widths = (Mm(30), Mm(126))
    for grid, width in zip(table.columns, widths):
        grid.width = width
    for label, text in rows:
        cells = table.add_row().cells
        styled(cells[0].paragraphs[0], "DubanHead").add_run(label)
        shade(cells[0], "EDEDED")
        styled(cells[1].paragraphs[0], "DubanCell").add_run(text)
    for run_style in ("DubanHead", "DubanCell"):
        doc.styles[run_style].font.size = Pt(14)  # 四号 in the form
    para(doc, "", "DubanBody")
    for line in (f["issuer"], _day(f["issued"])):
        para(doc, line, "DubanSignature").paragraph_format.right_indent = Mm(14)
    para(doc, "", "DubanBody")
    para(doc, "签收单位：　　　　　　　签收人：　　　　　　签收时间：　　年　　月　　日", "DubanNote")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
