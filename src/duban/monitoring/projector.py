"""The cockpit for a meeting (``/cockpit/?projector=1``): one 16:9 screen per page, no scrolling.

Page 1 (总览): the big figures with 同比 arrows, completion gauges against 序时进度, the red
and yellow lists with their reasons, the tasks' 办结率 and what is overdue. Page 2 (位次): the
home region's rank in the prefecture group for every ranked indicator, and the group's ranking
bars for the indicators that need attention. Everything a screen cannot hold is counted
("另有 N 项"), never cut silently.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from duban.catalogue.models import PeerGroup, Region
from duban.core.periods import Period
from duban.core.warnings import SEVERITY_ORDER
from duban.monitoring import freshness, services
from duban.monitoring.cockpit import level_counts, prefecture, rank_summary, ranks_in
from duban.monitoring.models import WarningLevel
from duban.supervision.escalation import overview as task_overview
from duban.supervision.models import Task

# How much each block of a 1920×1080 screen holds at projector type sizes.
TILES = 6
GAUGES = 4
LIST_ROWS = 9
RANK_CHARTS = 6
COUNT_UNITS = {"家", "件", "个", "人", "户", "项"}


def _fixed(x: float | None, places: int) -> str | None:
    if x is None:
        return None
    return str(Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _severity(row) -> int:
    return SEVERITY_ORDER.index(WarningLevel(row.level))


def _tile(row) -> dict:
    s, indicator = row.status, row.indicator
    figure = s.ytd if s.ytd is not None and indicator.kind == "flow" else s.value
    yoy = s.yoy_pct
    better = None if yoy is None or yoy == 0 else (yoy > 0) == (indicator.direction != "lower_better")
    return {
        "code": indicator.code,
        "name": indicator.name,
        "figure": _fixed(figure, 0 if indicator.unit in COUNT_UNITS else 2),
        "unit": indicator.unit,
        "basis": _("累计") if figure is not None and figure == s.ytd and indicator.kind == "flow" else _("当期"),
        "yoy": _fixed(yoy, 1),
        "arrow": "" if yoy is None or yoy == 0 else "▲" if yoy > 0 else "▼",
        "trend": "" if better is None else "good" if better else "bad",
        "level": row.level,
    }


def _warn_items(rows, level: str) -> dict:
    found = [r for r in rows if r.level == level]
    items = [{"code": r.indicator.code, "name": r.indicator.name, "reason": "；".join(r.reasons)} for r in found]
    return {"items": items[:LIST_ROWS], "more": max(0, len(items) - LIST_ROWS), "total": len(items)}


def _tasks(year: int, as_of: date) -> dict:
    """The responsibility list of the plan year: 办结率 and the overdue items, longest late first."""
    rows = task_overview(Task.objects.filter(plan_year=year), as_of)
    finished = sum(1 for r in rows if r["state"] in ("done", "closed"))
    overdue = sorted((r for r in rows if r["state"] == "overdue"), key=lambda r: r["due"] or "")
    lines = [
        {"title": r["title"], "lead": r["lead"] or "", "days": (as_of - date.fromisoformat(r["due"])).days if r["due"] else None}
        for r in overdue
    ]
    return {
        "total": len(rows),
        "finished": finished,
        "rate": round(100 * finished / len(rows), 1) if rows else None,
        "overdue": len(overdue),
        "lines": lines[:LIST_ROWS - 2],
        "more": max(0, len(lines) - (LIST_ROWS - 2)),
    }


def _ranking_pages(rows, region: Region, group: PeerGroup | None, period: Period, as_of: date) -> dict:
    if group is None:
        return {"group": "", "overview": [], "charts": []}
    ranked = ranks_in(rows, group)
    summary = rank_summary(ranked)
    focus = sorted(ranked, key=lambda pair: (_severity(pair[0]), -pair[1]["rank"] / pair[1]["of"]))[:RANK_CHARTS]
    charts = []
    for row, entry in focus:
        places = row.indicator.decimals
        bars = services.group_ranking(row.indicator, period, group, as_of=as_of)
        charts.append({
            "name": row.indicator.name,
            "rank": entry["rank"],
            "of": entry["of"],
            "decimals": places,
            "unit": "%" if row.indicator.rank_by == "yoy_pct" else row.indicator.unit,
            "bars": [
                {"name": r.region.name, "value": _number(r.figure, places),
                 "home": r.region.id == region.id}
                for r in bars if r.rank is not None
            ],
        })
    return {"group": group.short_name or group.name, "overview": summary, "charts": charts}


def _number(x: float | None, places: int) -> float | None:
    text = _fixed(x, places)
    return None if text is None else float(text)


def screen(region: Region, period: Period, *, as_of: date) -> dict:
    """What the projector pages show for ``region`` in ``period``."""
    freshness.require(period, as_of=as_of, year=True)
    rows = services.region_status(region, period, as_of=as_of)
    counts = level_counts(rows)
    with_figures = [r for r in rows if r.status and (r.status.value is not None or r.status.ytd is not None)]
    gauges = sorted(
        (r for r in rows if r.status and r.status.completion_pct is not None and r.status.time_progress_pct is not None),
        key=_severity,
    )[:GAUGES]
    charts = {
        "gauges": [
            {"name": r.indicator.name, "completion": _number(r.status.completion_pct, 1),
             "time_progress": _number(r.status.time_progress_pct, 1), "level": r.level}
            for r in gauges
        ],
    }
    tasks = _tasks(period.year, as_of)
    charts["tasks"] = {"rate": tasks["rate"], "overdue": tasks["overdue"]}
    ranking = _ranking_pages(rows, region, prefecture(region), period, as_of)
    charts["ranking"] = ranking
    return {
        "counts": [(level, WarningLevel(level).label, n) for level, n in counts.items() if level != "none" or n],
        "tiles": [_tile(r) for r in with_figures[:TILES]],
        "red": _warn_items(rows, WarningLevel.RED),
        "yellow": _warn_items(rows, WarningLevel.YELLOW),
        "pending": [r.indicator.name for r in rows if r.level == WarningLevel.PENDING],
        "tasks": tasks,
        "ranking_group": ranking["group"],
        "screen_charts": charts,
    }
