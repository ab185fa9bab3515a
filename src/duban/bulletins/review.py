"""The quarter's review (复盘): what moved and by how much, which peers passed the home region
or fell behind it, tasks closed and overdue, and 下步措施 — drafted from the red indicators'
owners and the open tasks, edited by people on the page before it is exported.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from duban.bulletins import blocks as b
from duban.bulletins import content as c
from duban.bulletins import supervision_facts as sf
from duban.bulletins.figures import Figures, Row, gather
from duban.bulletins.models import Kind, Review
from duban.catalogue.models import Indicator
from duban.core.periods import Period, PeriodKind
from duban.monitoring.documents import rank_document
from duban.scoring.bulletin import scoring_section
from duban.supervision.models import TaskEvent

TITLE = "{region}{quarter}复盘报告"


def quarter_months(quarter: Period) -> tuple[Period, Period]:
    """The quarter's last month and the last month of the quarter before."""
    month = Period.from_date(quarter.end, PeriodKind.MONTH)
    return month, Period.from_date(quarter.start - timedelta(days=1), PeriodKind.MONTH)


def _first_place(row: Row | None, group_code: str):
    if row is None:
        return None
    return next((p for p in row.places if p.code == group_code), None)


def changes_section(now: Figures, before: Figures) -> dict:
    group = now.groups[0] if now.groups else None
    earlier = {r.code: r for r in before.rows}
    short = (group.short_name or group.name) if group else ""
    columns = [b.column("指标", width=3.2), b.column(f"上季末{short}位次", "rank"), b.column(f"本季末{short}位次", "rank"),
               b.column("位次变化", "change"), b.column("上季末预警", "level"), b.column("本季末预警", "level")]
    rows = []
    for r in now.rows:
        old = earlier.get(r.code)
        place, old_place = _first_place(r, group.code) if group else None, _first_place(old, group.code) if group else None
        moved = None
        if place and old_place and place.rank is not None and old_place.rank is not None:
            moved = old_place.rank - place.rank
        old_level = old.level if old else None
        if not moved and old_level == r.level:
            continue
        rows.append(b.row([r.name, b.rank_cell(old_place.rank, old_place.of, old_place.tied) if old_place else None,
                           b.rank_cell(place.rank, place.of, place.tied) if place else None, moved, old_level,
                           r.level], r.level))
    return b.section("指标位次和预警变化", "位次预警变化", [b.table(columns, rows, empty="本季度位次和预警均无变化。")])


def peers_section(now: Figures, month: Period, previous: Period, as_of: date) -> dict:
    """Per ranked indicator, the peers that passed the home region and those it passed."""
    if not now.groups:
        return b.section("比较组进退", "比较组进退", [b.paragraph("本地区未加入比较组。")])
    group, home = now.groups[0], now.region.code
    catalogue = {i.code: i for i in Indicator.objects.filter(code__in=[r.code for r in now.rows])}
    items = []
    for r in now.rows:
        if not r.ranked or Period.parse(r.period).kind != PeriodKind.MONTH:
            continue
        ranks = {}
        for when in (previous, month):
            ranks[when] = {x["region"]: (x["rank"], x["name"]) for x in
                           rank_document(catalogue[r.code], when, group, as_of=as_of)["rows"]}
        mine_then, mine_now = ranks[previous].get(home, (None,))[0], ranks[month].get(home, (None,))[0]
        if mine_then is None or mine_now is None:
            continue
        passed_us, we_passed = [], []
        for code, (rank_now, name) in ranks[month].items():
            rank_then = ranks[previous].get(code, (None,))[0]
            if code == home or rank_now is None or rank_then is None:
                continue
            if rank_then > mine_then and rank_now < mine_now:
                passed_us.append(name)
            elif rank_then < mine_then and rank_now > mine_now:
                we_passed.append(name)
        if passed_us or we_passed:
            words = []
            if passed_us:
                words.append(f"被{'、'.join(passed_us)}超越")
            if we_passed:
                words.append(f"超越{'、'.join(we_passed)}")
            items.append((r.name, f"{r.name}：{'；'.join(words)}（{group.short_name or group.name}第{mine_then}位→第{mine_now}位）。"))
    blocks = [b.sentences(items)] if items else [b.paragraph(f"本季度在{group.name}中没有超越或被超越的情况。")]
    return b.section("比较组进退", "比较组进退", blocks)


def tasks_section(quarter: Period, as_of: date) -> dict:
    start = timezone.make_aware(datetime.combine(quarter.start, time.min))
    end = timezone.make_aware(datetime.combine(quarter.end + timedelta(days=1), time.min))
    closed = TaskEvent.objects.filter(kind="closed", at__gte=start, at__lt=end).select_related("task__lead")
    columns = [b.column("序号", width=1), b.column("任务", width=6), b.column("牵头单位", width=2),
               b.column("销号日期", width=2)]
    rows = [b.row([e.task.number, e.task.title, e.task.lead.name if e.task.lead else "",
                   timezone.localdate(e.at).isoformat()]) for e in closed]
    end_day = min(as_of, quarter.end)
    return b.section("重点任务完成情况", "任务完成", [
        b.heading("（一）本季度销号任务"), b.table(columns, rows, empty="本季度无销号任务。"),
        b.heading(f"（二）截至{c.day_words(end_day)}逾期任务"), c.task_table(sf.overdue_tasks(end_day), "无逾期任务。"),
    ])


def draft_next_steps(figures: Figures, overdue: list[sf.TaskLine]) -> str:
    """A first draft of 下步措施, one line each: red indicators by owner, then late tasks."""
    lines = []
    for r in figures.rows:
        if r.level == "red":
            lines.append(f"{r.department or '责任单位'}：针对{r.name}{'、'.join(r.reasons)}，"
                         f"逐月倒排进度、制定追赶措施，{r.leader + '同志' if r.leader else '分管领导'}牵头督促，确保下季度缩小差距。")
    for t in overdue:
        lines.append(f"{t.lead or '牵头单位'}：加快推进“{t.title}”（已逾期{t.days_late}天），明确完成时限，按期报送进展。")
    return "\n".join(lines)


def build_review(review: Review, *, as_of: date) -> dict:
    quarter = Period.parse(review.quarter)
    month, previous = quarter_months(quarter)
    now, before = gather(review.region, month, as_of=as_of), gather(review.region, previous, as_of=as_of)
    overdue = sf.overdue_tasks(min(as_of, quarter.end))
    steps = review.next_steps.strip() or draft_next_steps(now, overdue)
    step_lines = [line.strip() for line in steps.splitlines() if line.strip()]
    sections = [c.summary_section(now, as_of)]
    if now.has_figures:
        sections += [changes_section(now, before), peers_section(now, month, previous, as_of)]
    sections.append(tasks_section(quarter, as_of))
    # The quarter's own schemes, else the monthly ones at the quarter's last month.
    scoring = scoring_section(quarter, as_of) or scoring_section(month, as_of)
    if scoring:
        sections.append(scoring)
    sections += [b.section("下步措施", "下步措施", [b.sentences([(f"措施{n}", line) for n, line in enumerate(step_lines, 1)],
                                                             label="序号")] if step_lines else [b.paragraph("无。")])]
    words = f"{quarter.year}年{'一二三四'[quarter.index - 1]}季度"
    title = TITLE.format(region=review.region.name, quarter=words)
    return c.document(Kind.REVIEW, title, review.region, month, as_of, c.numbered(sections))
