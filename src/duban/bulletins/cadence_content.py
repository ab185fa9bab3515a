"""The cadence documents (日跟踪、周监测、月调度、季晒拼), built from the same parts as the bulletin."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from duban.bulletins import blocks as b
from duban.bulletins import content as c
from duban.bulletins import supervision_facts as sf
from duban.bulletins.figures import Figures, gather, latest_period
from duban.bulletins.models import Kind, WarningChange
from duban.catalogue.models import Indicator, Region
from duban.core.periods import Period, PeriodKind
from duban.core.period_text import format_period
from duban.monitoring.documents import rank_document, status_document
from duban.observations.models import ObservationRevision

DEFAULT_TITLES = {
    Kind.DAILY: "{region}重点指标日跟踪（{date}）",
    Kind.WEEKLY: "{region}重点指标周监测（{period}）",
    Kind.MONTHLY: "{region}月度调度会材料（{period}）",
    Kind.QUARTERLY: "{region}主要指标季度晾晒通报（{period}）",
}


def _day_range(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def changes_section(region: Region, day: date) -> dict:
    """Figures of the region changed on ``day`` (the ledger's own times), one row a change."""
    start, end = _day_range(day)
    revisions = ObservationRevision.objects.filter(
        observation__region=region, changed_at__gte=start, changed_at__lt=end
    ).select_related("observation__indicator").order_by("observation__indicator__code", "id")
    columns = [b.column("指标", width=3), b.column("期间", width=1.6), b.column("原数值", "number", 2),
               b.column("新数值", "number", 2), b.column("新增速%", "number", 1), b.column("操作", width=1.2),
               b.column("操作方", width=1.6)]
    rows = [b.row([r.observation.indicator.name, r.observation.period,
                   None if r.old_value is None else float(r.old_value),
                   None if r.new_value is None else float(r.new_value),
                   None if r.new_yoy_pct is None else float(r.new_yoy_pct), r.action, r.actor])
            for r in revisions]
    return b.section("昨日数据变动", "数据变动", [b.table(columns, rows, empty=f"{c.day_words(day)}没有数据变动。")])


def warning_changes_section(region: Region, start: date, end: date, title: str) -> dict:
    changes = WarningChange.objects.filter(region=region, as_of__gte=start, as_of__lte=end).select_related(
        "indicator__department")
    columns = [b.column("日期", width=1.8), b.column("指标", width=3), b.column("期间", width=1.4),
               b.column("原等级", "level"), b.column("新等级", "level"), b.column("原因", width=5)]
    rows = [b.row([w.as_of.isoformat(), w.indicator.name, w.period, w.previous_level or None, w.level,
                   "；".join(w.reasons)], w.level) for w in changes]
    return b.section(title, "预警变化", [b.table(columns, rows, empty="期间内没有预警等级变化。")])


def current_red(region: Region) -> list[WarningChange]:
    """Each indicator's level as the last tick found it, the red and pending ones."""
    latest: dict[int, WarningChange] = {}
    for change in WarningChange.objects.filter(region=region).select_related("indicator").order_by("as_of", "id"):
        latest[change.indicator_id] = change
    return [w for w in latest.values() if w.level in ("red", "pending")]


def supervision_day_section(as_of: date, lead_days: int) -> dict:
    overdue = sf.overdue_tasks(as_of)
    return b.section("任务督办", "任务督办", [
        b.paragraph(f"截至{c.day_words(as_of)}，逾期未完成任务{len(overdue)}项。"),
        b.heading("（一）今日督办"), c.task_table(sf.steps_taken(as_of, as_of), "今日无督办事项。"),
        b.heading(f"（二）{lead_days}日内到期"), c.task_table(sf.due_soon(as_of, lead_days), "近期无到期任务。",
                                                       step_title="备注"),
    ])


def build_daily(region: Region, as_of: date, *, title: str, lead_days: int) -> dict:
    period = latest_period(region, as_of)
    red = current_red(region)
    words = "、".join(f"{w.indicator.name}（{b.LEVEL_WORDS[w.level]}）" for w in red) or "无"
    summary = b.section("今日概况", "概况", [b.paragraph(
        f"数据截至{c.period_words(period)}。当前红灯和待报指标{len(red)}项：{words}。")])
    sections = c.numbered([
        summary, changes_section(region, as_of - timedelta(days=1)),
        warning_changes_section(region, as_of, as_of, "新增预警变化"), supervision_day_section(as_of, lead_days),
    ])
    return c.document(Kind.DAILY, title, region, period, as_of, sections)


def dekad_section(region: Region, as_of: date) -> dict | None:
    """The latest ten-day figures (全社会用电量 and the like) published before ``as_of``."""
    if not Indicator.objects.filter(frequency=PeriodKind.DEKAD).exists():
        return None
    period = latest_period(region, as_of, PeriodKind.DEKAD)
    if period is None:
        return None
    items = status_document(region, period, as_of=as_of)["indicators"]
    columns = [b.column("指标", width=3), b.column("单位", width=1.4), b.column("当旬值", "number", 2),
               b.column("累计值", "number", 2), b.column("同比%", "number", 1), b.column("预警", "level")]
    rows = [b.row([i["name"], i["unit"], i["value"], i["ytd"], i["yoy_pct"], i["warning"]["level"]],
                  i["warning"]["level"]) for i in items]
    return b.section(f"旬度指标（{format_period(period)}）", "旬度指标", [b.table(columns, rows)])


def build_weekly(region: Region, as_of: date, week: Period, *, title: str, lead_days: int) -> dict:
    period = latest_period(region, as_of)
    figures = gather(region, period, as_of=as_of)
    sections = [c.summary_section(figures, as_of)]
    if figures.has_figures:
        sections.append(c.warnings_section(figures))
    dekads = dekad_section(region, as_of)
    if dekads:
        sections.append(dekads)
    sections.append(warning_changes_section(region, week.start, week.end, "本周预警变化"))
    overdue = sf.overdue_tasks(as_of)
    sections.append(b.section("任务督办", "任务督办", [
        b.heading("（一）本周督办"), c.task_table(sf.steps_taken(week.start, week.end), "本周无督办事项。"),
        b.heading("（二）本周下发督办单"), c.notice_table(sf.notices_issued(week.start, week.end)),
        b.heading("（三）逾期任务"), c.task_table(overdue, "无逾期任务。"),
        b.heading(f"（四）{lead_days}日内到期"), c.task_table(sf.due_soon(as_of, lead_days), "近期无到期任务。",
                                                       step_title="备注"),
    ]))
    return c.document(Kind.WEEKLY, title, region, period, as_of, c.numbered(sections))


def department_pages(figures: Figures, overdue: list[sf.TaskLine]) -> dict | None:
    """One page per lagging department: its warned indicators with their sentences, its late tasks."""
    warned = [r for r in figures.rows if r.level in c.WARNED]
    names = sorted({r.department or "（未指定）" for r in warned} | {t.lead for t in overdue if t.lead})
    if not names:
        return None
    blocks = []
    for n, name in enumerate(names, 1):
        if n > 1:
            blocks.append(b.page_break())
        blocks.append(b.heading(f"（{b.chinese_number(n)}）{name}"))
        mine = [r for r in warned if (r.department or "（未指定）") == name]
        columns = [b.column("指标", width=3), b.column("预警", "level"), b.column("原因", width=4),
                   b.column("通报语句", width=7)]
        blocks.append(b.table(columns, [b.row([r.name, r.level, "；".join(r.reasons), r.sentence], r.level)
                                        for r in mine], empty="负责指标无预警。"))
        blocks.append(c.task_table([t for t in overdue if t.lead == name], "无逾期任务。"))
    return b.section("附件 落后部门调度页", "部门调度页", blocks)


def build_monthly(region: Region, period: Period, as_of: date, *, title: str) -> dict:
    figures = gather(region, period, as_of=as_of)
    sections = c.bulletin_sections(figures, as_of)
    pages = department_pages(figures, sf.overdue_tasks(as_of))
    if pages:
        sections.append(pages)
    return c.document(Kind.MONTHLY, title, region, period, as_of, sections)


def ranking_board(figures: Figures, as_of: date) -> dict | None:
    """晾晒比拼: every member of the smaller group, ranked on each indicator (one ranking call each)."""
    if not figures.groups or figures.period is None:
        return None
    group = figures.groups[0]
    members = list(group.members.order_by("code"))
    columns = [b.column("指标", width=3.2)] + [b.column(m.name, "rank", width=1.4) for m in members]
    rows = []
    catalogue = {i.code: i for i in Indicator.objects.filter(code__in={r.code for r in figures.rows})}
    for r in figures.rows:
        if not r.ranked:
            continue
        ranking = rank_document(catalogue[r.code], Period.parse(r.period), group, as_of=as_of)["rows"]
        ranks = {x["region"]: x["rank"] for x in ranking}
        counted = [x for x in ranks.values() if x is not None]
        cells = [r.name] + [b.rank_cell(ranks.get(m.code), len(counted), counted.count(ranks.get(m.code)) > 1)
                            for m in members]
        rows.append(b.row(cells))
    return b.section(f"附件 {group.name}晾晒比拼", "晾晒比拼", [
        b.table(columns, rows), b.paragraph(f"注：表中为各地在{group.name}中的位次（并列者同位次）。", "note")],
        landscape=True)


def build_quarterly(region: Region, period: Period, as_of: date, *, title: str) -> dict:
    figures = gather(region, period, as_of=as_of)
    sections = c.bulletin_sections(figures, as_of)
    board = ranking_board(figures, as_of)
    if board:
        sections.append(board)
    return c.document(Kind.QUARTERLY, title, region, period, as_of, sections)
