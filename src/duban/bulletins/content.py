"""The bulletin (通报): figures, sentences, strong and weak indicators, warnings, lagging
departments, overdue tasks, notices and public listings, as blocks every format renders.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings

from duban.bulletins import blocks as b
from duban.bulletins import supervision_facts as sf
from duban.bulletins.figures import Figures, Row, gather, period_words
from duban.catalogue.models import Region
from duban.core.periods import Period
from duban.core.warnings import SEVERITY_ORDER, WarningLevel, roll_up
from duban.demo.services import is_demo_loaded
from duban.scoring.bulletin import scoring_section

WARNED = (WarningLevel.RED, WarningLevel.PENDING, WarningLevel.YELLOW)
# How many indicators the summary names as leading and trailing.
NAMED_IN_SUMMARY = 3


def day_words(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def issuer(region: Region) -> str:
    return settings.BULLETIN_ISSUER or f"{region.name}督查室"


def document(kind: str, title: str, region: Region, period: Period | None, as_of: date, sections: list[dict]) -> dict:
    notes = []
    if is_demo_loaded():
        notes.append("本文档由演示数据生成，数字为合成数据，非真实统计。")
    return {
        "kind": kind, "title": title, "subtitle": f"{issuer(region)}　{day_words(as_of)}",
        "region": {"code": region.code, "name": region.name}, "period": period.code if period else "",
        "period_label": period_words(period), "as_of": as_of.isoformat(), "sections": sections, "notes": notes,
    }


def numbered(sections: list[dict]) -> list[dict]:
    """Number the body's sections 一、二、…; appendices (附件) keep their own titles."""
    n = 0
    for s in sections:
        if not s["title"].startswith("附件"):
            n += 1
            s["title"] = f"{b.chinese_number(n)}、{s['title']}"
    return sections


# -- sections --------------------------------------------------------------------------


def summary_section(figures: Figures, as_of: date) -> dict:
    if not figures.has_figures:
        when = period_words(figures.period) if figures.period else f"截至{day_words(as_of)}"
        return b.section("总体情况", "总体情况", [b.paragraph(
            f"{when}，{figures.region.name}尚无已公布的指标数据，本期通报不含指标晾晒内容。")])
    counts = roll_up(r.level for r in figures.rows).counts
    judged = sum(counts[level] for level in SEVERITY_ORDER if level != WarningLevel.NONE)
    words = "、".join(f"{b.LEVEL_WORDS[level]}{counts[level]}项" for level in SEVERITY_ORDER
                     if level != WarningLevel.NONE and counts[level])
    text = f"{period_words(figures.period)}，纳入监测的{len(figures.rows)}项指标中，已评价{judged}项：{words}"
    if counts[WarningLevel.NONE]:
        text += f"，另有{counts[WarningLevel.NONE]}项未设目标或暂无数据、未评价"
    blocks = [b.paragraph(text + "。")]
    lead, trail = leading_and_trailing(figures)
    if lead or trail:
        parts = []
        if lead:
            parts.append(f"位次居前的有{'、'.join(lead)}")
        if trail:
            parts.append(f"位次靠后的有{'、'.join(trail)}")
        blocks.append(b.paragraph("从位次看，" + "；".join(parts) + "。"))
    return b.section("总体情况", "总体情况", blocks)


def leading_and_trailing(figures: Figures) -> tuple[list[str], list[str]]:
    """The best and worst placed indicators in the first (smaller) group, as 名称（金华第1位）."""
    if not figures.groups:
        return [], []
    first = figures.groups[0].code
    placed = []
    for row in figures.rows:
        place = next((p for p in row.places if p.code == first and p.rank is not None), None)
        if place:
            placed.append((place.rank / place.of, row, place))
    placed.sort(key=lambda item: item[0])

    def name(item):
        _, row, place = item
        return f"{row.name}（{place.short}{'并列' if place.tied else ''}第{place.rank}位）"

    half = len(placed) // 2
    lead = [name(i) for i in placed[:min(NAMED_IN_SUMMARY, half)]]
    trail = [name(i) for i in reversed(placed[-min(NAMED_IN_SUMMARY, half):])] if half else []
    return lead, trail


def sentences_section(figures: Figures) -> dict:
    blocks = []
    by_category = defaultdict(list)
    for row in figures.rows:
        if row.reported or row.places:
            by_category[row.category].append(row)
    for n, (category, rows) in enumerate(by_category.items(), 1):
        blocks.append(b.heading(f"（{b.chinese_number(n)}）{category}"))
        blocks.append(b.sentences([(r.name, r.sentence + "。") for r in rows]))
    board = rank_board_chart(figures)
    if board:
        blocks.append(board)
    return b.section("主要指标晾晒", "指标晾晒", blocks)


def rank_board_chart(figures: Figures) -> dict | None:
    panels = []
    for group in figures.groups:
        items = [
            {"label": row.name, "rank": p.rank, "of": p.of, "strength": p.strength}
            for row in figures.rows for p in row.places if p.code == group.code and p.rank is not None
        ]
        if items:
            panels.append({"group": group.short_name or group.name, "items": items})
    if not panels:
        return None
    return b.chart("rank_board", f"主要指标位次（{period_words(figures.period)}）", {"panels": panels})


def strength_section(figures: Figures) -> dict:
    blocks = []
    for group in figures.groups:
        strong, weak = [], []
        for row in figures.rows:
            place = next((p for p in row.places if p.code == group.code), None)
            if place is None or place.strength is None:
                continue
            named = f"{row.name}（第{place.rank}位）"
            (strong if place.strength == "strong" else weak if place.strength == "weak" else []).append(named)
        blocks.append(b.paragraph(f"在{group.name}中，优势指标{len(strong)}项：{'、'.join(strong) or '无'}；"
                                  f"弱势指标{len(weak)}项：{'、'.join(weak) or '无'}。"))
    blocks.append(b.paragraph("注：比较组内位次居前三分之一为优势指标，居后三分之一为弱势指标。", "note"))
    return b.section("优势指标和弱势指标", "优势弱势", blocks)


def warnings_section(figures: Figures) -> dict:
    warned = [r for r in figures.rows if r.level in WARNED]
    warned.sort(key=lambda r: SEVERITY_ORDER.index(WarningLevel(r.level)))
    columns = [b.column("指标", width=3.5), b.column("责任单位", width=2), b.column("预警", "level"),
               b.column("原因", width=6)]
    rows = [b.row([r.name, r.department, r.level, "；".join(r.reasons)], r.level) for r in warned]
    blocks = [b.table(columns, rows, empty="本期无红灯、黄灯或待报指标。")]
    chart = pace_chart(warned)
    if chart:
        blocks.append(chart)
    return b.section("预警指标", "预警指标", blocks)


def pace_chart(rows: list[Row]) -> dict | None:
    items = []
    for r in rows:
        gap = r.pace_gap_pp if r.pace_gap_pp is not None else r.growth_gap_pp
        if gap is not None and r.level in (WarningLevel.RED, WarningLevel.YELLOW):
            basis = "快慢序时进度" if r.pace_gap_pp is not None else "与目标增速之差"
            items.append({"label": r.name, "gap": gap, "level": r.level, "basis": basis})
    if not items:
        return None
    return b.chart("pace", "红灯、黄灯指标进度差距（百分点）", {"items": items})


def departments_section(figures: Figures, overdue: list[sf.TaskLine]) -> dict:
    owned = defaultdict(list)
    leaders = {}
    for r in figures.rows:
        owned[r.department or "（未指定）"].append(r.level)
        leaders.setdefault(r.department or "（未指定）", r.leader)
    late = sf.overdue_by_department(overdue)
    lines = []
    for name in set(owned) | set(late):
        summary = roll_up(owned.get(name, []))
        if summary.worst in WARNED or late.get(name):
            lines.append((SEVERITY_ORDER.index(summary.worst), -late.get(name, 0), name, summary))
    lines.sort()
    columns = [b.column("部门", width=2.4), b.column("分管领导", width=1.6), b.column("最差等级", "level"),
               b.column("红灯", "int"),
               b.column("待报", "int"), b.column("黄灯", "int"), b.column("逾期任务", "int")]
    rows = [
        b.row([name, leaders.get(name, ""), str(s.worst), s.counts[WarningLevel.RED], s.counts[WarningLevel.PENDING],
               s.counts[WarningLevel.YELLOW], late.get(name, 0)], str(s.worst))
        for _, _, name, s in lines
    ]
    return b.section("落后部门", "落后部门", [
        b.table(columns, rows, empty="本期无落后部门。"),
        b.paragraph("注：部门按其负责指标中最差的预警等级排列，同等级按逾期任务数排列。", "note"),
    ])


def task_table(lines: list[sf.TaskLine], empty: str, *, step_title: str = "督办步骤") -> dict:
    columns = [b.column("序号", width=1), b.column("任务", width=5), b.column("牵头单位", width=2),
               b.column("责任领导", width=1.6), b.column("完成时限", width=2.2), b.column("逾期天数", "int"),
               b.column(step_title, width=1.4)]
    rows = [b.row([t.number, t.title, t.lead, t.leader, t.deadline or (t.due.isoformat() if t.due else ""),
                   t.days_late, t.step], "red" if t.days_late else None) for t in lines]
    return b.table(columns, rows, empty=empty)


def notice_table(notices: list[sf.NoticeLine]) -> dict:
    columns = [b.column("文号", width=3), b.column("任务", width=4.5), b.column("牵头单位", width=2),
               b.column("下发日期", width=2.2), b.column("截止日期", width=2.2), b.column("办理状态", width=1.6)]
    rows = [b.row([n.number, n.title, n.lead, n.issued.isoformat(), n.due.isoformat(), n.state]) for n in notices]
    return b.table(columns, rows, empty="本期未下发督办单。")


def tasks_section(as_of: date, start: date, overdue: list[sf.TaskLine]) -> dict:
    listed = sf.listed_tasks(start, as_of)
    blocks = [b.heading("（一）逾期任务"), task_table(overdue, "截至本期无逾期任务。"),
              b.heading("（二）本期下发督办单"), notice_table(sf.notices_issued(start, as_of)),
              b.heading("（三）通报事项")]
    if listed:
        names = "、".join(f"{t.lead}牵头的“{t.title}”（逾期{t.days_late}天）" for t in listed)
        blocks.append(b.paragraph(f"以下事项逾期超过督办时限仍未完成，予以通报：{names}。请责任单位和责任领导"
                                  "高度重视，立即整改，并将整改情况报督查室。"))
    else:
        blocks.append(b.paragraph("本期无通报事项。"))
    return b.section("重点任务督办", "任务督办", blocks)


def indicator_table(figures: Figures) -> dict:
    columns = [b.column("指标", width=3.2), b.column("单位", width=1.4), b.column("年度目标", width=2.8),
               b.column("当期值", "number", 2),
               b.column("累计值", "number", 2), b.column("同比%", "number", 1), b.column("完成率%", "number", 1),
               b.column("序时进度%", "number", 1), b.column("快慢序时(点)", "signed", 1)]
    for group in figures.groups:
        short = group.short_name or group.name
        columns += [b.column(f"{short}位次", "rank"), b.column(f"{short}进退", "change")]
    columns.append(b.column("预警", "level"))
    rows, category = [], None
    for r in figures.rows:
        if r.category != category:
            category = r.category
            rows.append(b.band(category))
        cells = [r.name if r.period == figures.period.code else f"{r.name}（{r.period_label}）", r.unit, r.target,
                 r.value, r.ytd, r.yoy_pct, r.completion_pct, r.time_progress_pct, r.pace_gap_pp]
        for group in figures.groups:
            place = next((p for p in r.places if p.code == group.code), None)
            cells += [b.rank_cell(place.rank, place.of, place.tied) if place else None, place.change if place else None]
        cells.append(r.level)
        rows.append(b.row(cells, r.level))
    note = ("注：完成率为累计值占年度目标的比重；序时进度为时间进度；快慢序时为完成率与序时进度之差（百分点）；"
            "位次为在比较组内的名次（并列者同位次），“↑”为较上期前移，“↓”为后移；“—”为暂无数据。")
    return b.section("附件 主要指标完成情况表", "指标完成情况表", [b.table(columns, rows), b.paragraph(note, "note")],
                     landscape=True)


def projects_section(period: Period | None) -> dict | None:
    """重大项目: the month's project colours, from the projects app (None without projects planned)."""
    from duban.projects.bulletin import section

    return section(period)


# -- the bulletin ----------------------------------------------------------------------


def bulletin_sections(figures: Figures, as_of: date) -> list[dict]:
    start = figures.period.start if figures.period else as_of.replace(day=1)
    overdue = sf.overdue_tasks(as_of)
    sections = [summary_section(figures, as_of)]
    if figures.has_figures:
        sections += [sentences_section(figures), strength_section(figures), warnings_section(figures)]
    sections += [departments_section(figures, overdue), tasks_section(as_of, start, overdue)]
    projects = projects_section(figures.period)
    if projects:
        sections.append(projects)
    scoring = scoring_section(figures.period, as_of)
    if scoring:
        sections.append(scoring)
    sections = numbered(sections)
    if figures.has_figures:
        sections.append(indicator_table(figures))
    return sections


def bulletin_title(region: Region, period: Period | None, as_of: date, template: str | None = None) -> str:
    template = template or settings.BULLETIN_TITLE
    return template.format(region=region.name, period=period_words(period), date=day_words(as_of))


def build_bulletin(region: Region, period: Period | None, *, as_of: date, kind: str = "bulletin",
                   title_template: str | None = None) -> dict:
    """The bulletin for ``region`` at ``period`` (None or a period without figures: one that says so)."""
    figures = gather(region, period, as_of=as_of)
    title = bulletin_title(region, period, as_of, title_template)
    return document(kind, title, region, period, as_of, bulletin_sections(figures, as_of))
