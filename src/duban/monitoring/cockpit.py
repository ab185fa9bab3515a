"""What the cockpit pages show, assembled from the engine's stored results (views stay thin)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _, gettext_lazy
from django.utils.safestring import SafeString, mark_safe

from duban.catalogue.models import Indicator, PeerGroup, Region
from duban.core.periods import Period
from duban.core.warnings import SEVERITY_ORDER, roll_up
from duban.monitoring import freshness, services
from duban.monitoring.models import GroupRank, IndicatorStatus, WarningLevel

PROJECTION_METHOD = gettext_lazy(
    "全年预测：按上年同期累计占上年全年的比重，把本年累计折算为全年值；区间为剩余部分上下浮动10%；"
    "预测值未达年度目标即标为“有风险”。"
)

COMPUTED_MARK = '<sup title="{title}">{mark}</sup>'  # a growth rate worked out here, not published


@dataclass
class RollUpRow:
    name: str
    worst: str
    counts: list[tuple[str, int]]


def _roll_ups(rows, attribute) -> list[RollUpRow]:
    owned = defaultdict(list)
    for row in rows:
        owner = attribute(row.indicator)
        owned[owner or _("（未指定）")].append(row.level)
    result = []
    for name, levels in sorted(owned.items(), key=lambda item: str(item[0])):
        summary = roll_up(levels)
        result.append(
            RollUpRow(str(name), str(summary.worst), [(str(level), summary.counts[level]) for level in SEVERITY_ORDER])
        )
    return sorted(result, key=lambda r: SEVERITY_ORDER.index(WarningLevel(r.worst)))


# The overview lists every indicator of the period (hundreds at province scale): its rows are
# built here in one pass, because the template engine spends ~1 ms a row on them.
def _badge(level: str) -> str:
    label = "—" if level == WarningLevel.NONE else WarningLevel(level).label
    return f'<span class="badge level-{escape(level)}">{escape(label)}</span>'


def _fixed(x: float | None, places: int) -> str:
    """As ``floatformat:places|default:"—"`` prints it (half up on the decimal repr)."""
    if x is None:
        return "—"
    return str(Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _link(row, period: Period) -> str:
    url = reverse("monitoring:indicator", args=[row.indicator.code])
    return f'<a href="{escape(url)}?period={escape(period.code)}">{escape(row.indicator.name)}</a>'


def _rank_html(r: dict) -> str:
    group = r["group"]
    change = r["change"]
    moved = (
        f'<span class="up">↑{change}</span>' if change is not None and change > 0
        else f'<span class="down">↓{-change}</span>' if change is not None and change < 0 else ""
    )
    strength = {"strong": _("优势"), "weak": _("弱势")}.get(r["strength"])  # the middle third is not named
    grade = f'<span class="strength-{r["strength"]}">{strength}</span>' if strength else ""
    return f'<span class="rank">{escape(group.short_name or group.name)}{escape(_rank_label(r))}{moved}{grade}</span> '


def _rank_label(entry: dict) -> str:
    """The page's 第3/9位 in the reader's language (the commands print monitoring.text.rank_text)."""
    if entry["rank"] is not None:
        return _("第{rank}/{of}位").format(rank=entry["rank"], of=entry["of"])
    if entry["awaiting"]:
        return _("待公布") + _("（已公布 %(published)s/%(expected)s）") % {
            "published": entry["of"], "expected": entry["members"]}
    return "—"


def status_table_rows(rows, period: Period) -> SafeString:
    """The body rows of the all-indicators table (see _status_table.html)."""
    out = []
    for row in rows:
        s = row.status
        value = (lambda name, places: _fixed(getattr(s, name), places)) if s else (lambda name, places: "—")
        computed = COMPUTED_MARK.format(title=_("按上年同期数值计算"), mark=_("算")) if s and s.yoy_source == "computed" else ""
        note = f" {escape(s.note)}" if s and s.note else ""
        out.append(
            f"<tr><td>{_link(row, period)}</td><td>{escape(row.indicator.unit)}</td>"
            f'<td class="num">{value("value", 2)}</td><td class="num">{value("ytd", 2)}</td>'
            f'<td class="num">{value("yoy_pct", 1)}{computed}</td>'
            f'<td class="num">{value("completion_pct", 1)}</td><td class="num">{value("time_progress_pct", 1)}</td>'
            f'<td class="num">{value("pace_gap_pp", 1)}</td><td class="num">{value("growth_gap_pp", 1)}</td>'
            f"<td>{''.join(_rank_html(r) for r in row.ranks)}</td><td>{_badge(row.level)}</td>"
            f"<td>{escape('；'.join(row.reasons))}{note}</td></tr>"
        )
    if not out:
        none = _("该期间没有此频度的指标数据。")
        out.append(f'<tr><td colspan="12">{none}</td></tr>')
    return mark_safe("\n".join(out))


def warn_list_items(rows, period: Period) -> SafeString:
    """The items of a red or yellow list: badge, link, reasons."""
    items = [f"<li>{_badge(row.level)} {_link(row, period)}：{escape('；'.join(row.reasons))}</li>" for row in rows]
    none = _("无")
    return mark_safe("".join(items) or f"<li>{none}</li>")


def level_counts(rows) -> dict[str, int]:
    counts = {level: 0 for level in SEVERITY_ORDER}
    for row in rows:
        counts[row.level] += 1
    return counts


def prefecture(region: Region) -> PeerGroup | None:
    """The smallest of the region's peer groups (金华9县市区 before 全省90县市区)."""
    return PeerGroup.objects.filter(members=region).annotate(size=Count("members")).order_by("size", "code").first()


def ranks_in(rows, group: PeerGroup | None) -> list[tuple]:
    """(row, rank entry) for each indicator ranked in ``group``, the worst rank (share of the group) first."""
    if group is None:
        return []
    found = []
    for row in rows:
        entry = next((r for r in row.ranks if r["group_id"] == group.id and r["rank"] is not None), None)
        if entry:
            found.append((row, entry))
    return sorted(found, key=lambda pair: (-pair[1]["rank"] / pair[1]["of"], pair[0].indicator.name))


def rank_summary(ranked: list[tuple]) -> list[dict]:
    return [
        {"name": row.indicator.name, "rank": entry["rank"], "of": entry["of"], "change": entry["change"],
         "level": row.level}
        for row, entry in ranked
    ]


def overview_charts(rows, region: Region, by_department: list[RollUpRow]) -> dict:
    """What the overview draws: the levels, completion against 序时进度, ranks in the prefecture."""
    paced = [r for r in rows if r.status and r.status.completion_pct is not None]
    group = prefecture(region)
    names = {level: str(WarningLevel(level).label) for level in SEVERITY_ORDER}
    return {
        "levels": [{"level": level, "name": names[level], "value": n} for level, n in level_counts(rows).items() if n],
        "pace": [
            {"name": r.indicator.name, "completion": round(r.status.completion_pct, 1),
             "time_progress": None if r.status.time_progress_pct is None else round(r.status.time_progress_pct, 1),
             "level": r.level}
            for r in paced
        ],
        "ranks": rank_summary(ranks_in(rows, group)),
        "group": (group.short_name or group.name) if group else "",
        "departments": [{"name": d.name, "counts": dict(d.counts)} for d in by_department],
        "labels": {**names, "completion": _("完成率"), "time_progress": _("序时进度"), "rank": _("第{rank}/{of}位")},
    }


def overview(region: Region, period: Period, *, as_of: date) -> dict:
    updating = not freshness.require(period, as_of=as_of, year=True)
    rows = services.region_status(region, period, as_of=as_of)
    counts = level_counts(rows)
    by_department = _roll_ups(rows, lambda i: i.department)
    movers = sorted(
        [(row, r) for row in rows for r in row.ranks if r["change"]],
        key=lambda pair: -abs(pair[1]["change"]),
    )[:10]
    return {
        "rows": rows,
        "counts": [(level, WarningLevel(level).label, n) for level, n in counts.items()],
        "red": [r for r in rows if r.level == WarningLevel.RED],
        "red_items": warn_list_items([r for r in rows if r.level == WarningLevel.RED], period),
        "pending": [r for r in rows if r.level == WarningLevel.PENDING],
        "yellow": [r for r in rows if r.level == WarningLevel.YELLOW],
        "yellow_items": warn_list_items([r for r in rows if r.level == WarningLevel.YELLOW], period),
        "status_rows": status_table_rows(rows, period),
        "at_risk": [r for r in rows if r.status and r.status.projection and r.status.projection["at_risk"]],
        "movers": movers,
        "by_department": by_department,
        "by_task_force": _roll_ups(rows, lambda i: i.task_force),
        "by_category": _roll_ups(rows, lambda i: i.category),
        "projection_method": PROJECTION_METHOD,
        "charts": overview_charts(rows, region, by_department),
        "updating": updating,
    }


def board(group: PeerGroup, period: Period, home: Region | None, *, as_of: date) -> dict:
    """The group's regions × indicators, each cell the region's rank in the group.

    One row per region, so 90 names read across; rows sorted by the mean of their ranks, the
    home region pinned above them (``home_row``).
    """
    updating = not freshness.require(period, as_of=as_of)
    regions = list(group.members.order_by("code"))
    indicators = list(Indicator.objects.filter(frequency=str(period.kind)))
    ranks: dict[tuple[int, int], int] = {}
    members = [r.id for r in regions]  # the unique key (period, region, …) serves the lookup
    for indicator_id, region_id, rank in GroupRank.objects.filter(
        period=period.code, region__in=members, group=group
    ).values_list("indicator_id", "region_id", "rank"):
        if rank is not None:
            ranks[(indicator_id, region_id)] = rank
    of = len(regions)
    rows = []
    for region in regions:
        cells = []
        for indicator in indicators:
            rank = ranks.get((indicator.id, region.id))
            # Heat from green (1st) to red (last), in five steps the CSS colours.
            heat = None if rank is None or of < 2 else min(4, (rank - 1) * 5 // of)
            cells.append({"rank": rank, "heat": heat})
        known = [c["rank"] for c in cells if c["rank"] is not None]
        mean = round(sum(known) / len(known), 1) if known else None
        rows.append({"region": region, "cells": cells, "mean": mean, "home": home is not None and region.id == home.id})
    rows.sort(key=lambda row: (row["mean"] is None, row["mean"] or 0, row["region"].code))
    for place, row in enumerate(rows, 1):
        row["place"] = place if row["mean"] is not None else None
    home_row = next((row for row in rows if row["home"]), None)
    return {
        "indicators": indicators, "rows": [row for row in rows if not row["home"]], "home_row": home_row,
        "updating": updating,
    }


def indicator_page(indicator: Indicator, region: Region, period: Period, *, as_of: date) -> dict:
    history = services.indicator_history(indicator, region, period, as_of=as_of)
    groups = {g.id: g for g in PeerGroup.objects.filter(members=region)}
    this_year = [s for s in history if s.period_end.year == period.year]
    charts = {
        "labels": {"values": _("数值"), "value": _("当期值"), "yoy": _("同比") + "%", "rank": _("位次"),
                   "completion": _("完成率") + "%", "time_progress": _("序时进度") + "%"},
        "periods": [s.period for s in history],
        "value": [s.value for s in history],
        "yoy": [s.yoy_pct for s in history],
        "pace_periods": [s.period for s in this_year],
        "ytd": [s.ytd for s in this_year],
        "completion": [s.completion_pct for s in this_year],
        "time_progress": [s.time_progress_pct for s in this_year],
        "ranks": [
            {"name": g.name, "data": [_rank_in(s, gid) for s in history]} for gid, g in sorted(groups.items())
        ],
    }
    peers = {}
    for gid, group in groups.items():
        rows = services.group_ranking(indicator, period, group, as_of=as_of)
        peers[group.name] = [
            {"name": r.region.name, "figure": r.figure, "home": r.region.id == region.id} for r in rows
        ]
    charts["peers"] = peers
    current = next((s for s in history if s.period == period.code), None)
    return {
        "current": current,
        "current_ranks": [dict(r, text=_rank_label(r)) for r in (services.ranked(r, groups[r["group_id"]]) for r in (current.ranks if current else []))],
        "history": history,
        "charts": charts,
        "projection_method": PROJECTION_METHOD,
        "updating": history.updating,
    }


def _rank_in(status: IndicatorStatus, group_id: int) -> int | None:
    return next((r["rank"] for r in status.ranks if r["group_id"] == group_id), None)
