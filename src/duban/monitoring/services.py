"""The monitoring engine's reading API: stored statuses and rankings, kept current.

The figures are computed set-wise (``inputs``) and stored per period (``storage``) when
their inputs change; every function here only reads them. Before reading, they (or, for
``region_status``, its caller) ask ``freshness.require``, which queues a refresh (or, on the
command line, runs it) when a period is found stale.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Count

from duban.catalogue.models import Indicator, PeerGroup, Region
from duban.core.periods import Period
from duban.core.warnings import WarningLevel, catch_up_level, closing_period
from duban.monitoring.freshness import require
from duban.monitoring.models import GroupRank, IndicatorStatus
from duban.monitoring.text import rank_text
from duban.observations.models import Observation


class Rows(list):
    """What a read found, and ``updating``: True when the stored results were stale and their
    refresh is queued (the rows are what is stored until the worker is done). ``region_status``
    leaves the question to its caller, which asks for the whole year."""

    def __init__(self, rows=(), *, updating: bool):
        super().__init__(rows)
        self.updating = updating


@dataclass
class StatusRow:
    """One indicator's stored figures for a region and period, with the level to display."""

    indicator: Indicator
    status: SimpleNamespace | None  # a stored status (``stored_statuses``)
    level: str
    reasons: list[str]
    evaluated_level: str
    ranks: list[dict]


STATUS_FIELDS = [field.attname for field in IndicatorStatus._meta.concrete_fields]


def stored_statuses(statuses) -> list[SimpleNamespace]:
    """The stored statuses as plain records with the model's attribute names: read as values,
    a page of them costs a fraction of building model instances."""
    return [SimpleNamespace(**row) for row in statuses.values(*STATUS_FIELDS)]


def with_ranks(statuses: list, ranks) -> list:
    """Give each status its ``ranks`` from one query (``ranks``: the GroupRank rows that cover them)."""
    found: dict[tuple, list[dict]] = defaultdict(list)
    for indicator_id, region_id, code, *row in ranks.order_by("group_id").values_list(
        "indicator_id", "region_id", "period", "group_id", "rank", "of", "change", "share_pct"
    ):
        found[(indicator_id, region_id, code)].append(GroupRank.as_dict(*row))
    for status in statuses:
        status.ranks = found.get((status.indicator_id, status.region_id, status.period), [])
    return statuses


def _group_names() -> dict[int, PeerGroup]:
    """Every peer group with ``size``, its number of members (for 待公布（已公布 k/n）)."""
    return {g.id: g for g in PeerGroup.objects.annotate(size=Count("members"))}


def _catch_up(statuses: list[SimpleNamespace], period: Period, region: Region) -> dict[int, str]:
    """For each red indicator, the first later period of the year that made up what made it red."""
    causes = {s.indicator_id: s.causes for s in statuses if s.level == WarningLevel.RED and s.causes}
    if not causes:
        return {}
    later, cursor = [], period.next()
    while cursor.year == period.year:
        later.append(cursor.code)
        cursor = cursor.next()
    found: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for indicator_id, code, met in (
        IndicatorStatus.objects.filter(region=region, indicator_id__in=list(causes), period__in=later)
        .order_by("period_end")
        .values_list("indicator_id", "period", "met")
    ):
        found[indicator_id].append((code, met))
    closing = {i: closing_period(causes[i], found[i]) for i in causes}
    return {i: code for i, code in closing.items() if code is not None}


def region_status(region: Region, period: Period, *, as_of: date) -> list[StatusRow]:
    """Every indicator of the period's frequency for one region, in catalogue order.

    The caller asks ``freshness.require(period, as_of=as_of, year=True)`` first: it also
    needs the answer, to say when the figures are being updated.
    """
    indicators = list(
        Indicator.objects.filter(frequency=str(period.kind)).select_related("department", "task_force", "leader")
    )
    statuses = {
        s.indicator_id: s
        for s in with_ranks(
            stored_statuses(IndicatorStatus.objects.filter(period=period.code, region=region)),
            GroupRank.objects.filter(period=period.code, region=region),
        )
    }
    closing = _catch_up(list(statuses.values()), period, region)
    groups = _group_names()
    rows = []
    for indicator in indicators:
        status = statuses.get(indicator.id)
        evaluated = status.level if status else WarningLevel.NONE
        level, catch_up_reason = catch_up_level(evaluated, closed_by=closing.get(indicator.id))
        reasons = ([catch_up_reason] if catch_up_reason else []) + (status.reasons if status else [])
        ranks = [ranked(r, groups[r["group_id"]]) for r in (status.ranks if status else [])]
        rows.append(StatusRow(indicator, status, str(level), reasons, str(evaluated), ranks))
    return rows


def ranked(entry: dict, group: PeerGroup) -> dict:
    """A stored rank with its group, the group's size and whether the group is still awaiting
    figures (no ranks until more than ``settings.RANK_QUORUM`` of it has published)."""
    size = getattr(group, "size", None)
    if size is None:
        size = group.members.count()
    found = dict(entry, group=group, members=size, awaiting=entry["of"] <= settings.RANK_QUORUM * size)
    return dict(found, text=rank_text(found))


@dataclass
class RankRow:
    region: Region
    figure: float | None
    rank: int | None
    of: int
    change: int | None
    share_pct: float | None
    status: IndicatorStatus


def group_ranking(indicator: Indicator, period: Period, group: PeerGroup, *, as_of: date) -> Rows:
    """One peer-group ranking, ranked regions first, then the missing ones by code."""
    current = require(period, as_of=as_of)
    rows = []
    statuses = list(
        IndicatorStatus.objects.filter(indicator=indicator, period=period.code, region__in=group.members.all())
        .select_related("region")
    )
    ranks = GroupRank.objects.filter(period=period.code, region__in=group.members.all(), indicator=indicator, group=group)
    for status in with_ranks(statuses, ranks):
        entry = next((r for r in status.ranks if r["group_id"] == group.id), None)
        if entry is None:
            continue
        rows.append(
            RankRow(status.region, status.figure, entry["rank"], entry["of"], entry["change"], entry["share_pct"], status)
        )
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.region.code))
    return Rows(rows, updating=not current)


def bureau_ranks(indicator: Indicator, period: Period, regions: list[Region]) -> dict[int, int]:
    """The ranks a statistics bureau printed for the period (``reported_rank``), by region id."""
    return dict(
        Observation.objects.filter(indicator=indicator, period=period.code, region__in=regions,
                                   reported_rank__isnull=False).values_list("region_id", "reported_rank")
    )


def indicator_history(indicator: Indicator, region: Region, period: Period, *, as_of: date) -> Rows:
    """The region's statuses for the indicator from the start of last year through ``period``."""
    current = require(period, as_of=as_of)
    periods, cursor = [], period
    while cursor.year >= period.year - 1:
        periods.append(cursor.code)
        cursor = cursor.previous()
    statuses = list(
        IndicatorStatus.objects.filter(indicator=indicator, region=region, period__in=periods).order_by("period_end")
    )
    ranks = GroupRank.objects.filter(indicator=indicator, region=region, period__in=[s.period for s in statuses])
    return Rows(with_ranks(statuses, ranks), updating=not current)


def home_region() -> Region | None:
    return Region.objects.filter(code=settings.HOME_REGION).first()
