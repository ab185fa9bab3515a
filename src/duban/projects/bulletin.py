"""What the bulletins say of the major projects for a month: colour counts, investment against
plan, the red and yellow projects with their reasons, and the projects' part of 固定资产投资.
``duban.bulletins.content.projects_section`` calls ``section``."""

from __future__ import annotations

from django.conf import settings

from duban.core.periods import Period, PeriodKind
from duban.projects import services
from duban.projects.escalation import late_milestones

COLOUR_WORDS = {"red": "红灯", "yellow": "黄灯", "green": "绿灯"}


def colours(period: Period) -> dict:
    """Each project's colour for the month, by code, and the counts: for the bulletins and the cockpit."""
    lines = services.project_lines(period)
    return {"period": period.code, "summary": services.summary(period, lines),
            "projects": {line.project.code: line.status.colour for line in lines}}


def section(period: Period | None) -> dict | None:
    """The bulletin's 重大项目 section for a month; None without a month or without projects planned."""
    from duban.bulletins import blocks as b

    if period is None or period.kind is not PeriodKind.MONTH:
        return None
    lines = services.project_lines(period)
    if not lines:
        return None
    totals = services.summary(period, lines)
    counts = totals["counts"]
    planned, completed = totals["planned_ytd"], totals["completed_ytd"]
    pct = f"{completed / totals['annual_plan'] * 100:.1f}" if totals["annual_plan"] else "—"
    text = (f"{period.year}年1-{period.end.month}月，纳入监测的{len(lines)}个重大项目累计完成投资"
            f"{completed / services.WAN_PER_YI:.2f}亿元，完成年度计划的{pct}%（序时计划{planned / services.WAN_PER_YI:.2f}亿元）；"
            f"红灯{counts['red']}个、黄灯{counts['yellow']}个、绿灯{counts['green']}个。")
    share = services.fixed_asset_share(period, completed, settings.HOME_REGION)
    if share and share.share_pct is not None:
        text += f"重大项目完成投资占全市{share.indicator}的{share.share_pct}%。"
    elif share and share.target_share_pct is not None:
        text += f"重大项目完成投资相当于{share.indicator}年度目标的{share.target_share_pct}%。"
    flagged = sorted((line for line in lines if line.status.colour != "green"),
                     key=lambda line: (line.status.colour != "red", line.status.gap_pp or 0))
    columns = [b.column("项目编号", width=1.8), b.column("项目名称", width=4), b.column("牵头单位", width=1.8),
               b.column("镇街", width=1.6), b.column("计划%", "number"), b.column("完成%", "number"),
               b.column("差距(点)", "signed"), b.column("状态", "level"), b.column("原因", width=5)]
    rows = [b.row([line.project.code, line.project.name, line.project.department.name, line.project.town.name,
                   # floats: stored documents keep their content as JSON
                   *map(services.as_float, (line.status.planned_pct, line.status.completed_pct, line.status.gap_pp)),
                   line.status.colour,
                   "；".join(line.status.reasons)], line.status.colour) for line in flagged]
    blocks = [b.paragraph(text), b.table(columns, rows, empty="本期重大项目均为绿灯。"),
              b.paragraph("注：计划%为计划累计投资占年度计划的比重，完成%为累计完成投资占年度计划的比重，差距为两者之差；"
                          "只计已审核的月报。", "note")]
    listed = [lm for lm in late_milestones(period.end) if lm.step == "listed"]
    if listed:
        names = "、".join(f"{lm.milestone.project.department.name}牵头的“{lm.milestone.project.name}”{lm.milestone.kind}"
                         f"（计划{lm.milestone.planned_date:%Y-%m-%d}，逾期{lm.days_late}天）" for lm in listed)
        blocks.append(b.paragraph(f"以下项目节点逾期超过督办时限仍未完成，予以通报：{names}。"))
    return b.section("重大项目推进", "重大项目", blocks)
