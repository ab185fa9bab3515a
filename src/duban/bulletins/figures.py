"""The home region's figures for a bulletin, read from the monitoring engine's documents.

Everything numeric comes from ``duban.monitoring.documents.status_document`` (the JSON of
``duban status``), for every frequency whose period ends on the bulletin's date (a March
bulletin holds the monthly figures for 1-3月, the quarterly ones for the first quarter and the
last dekad of March). Added here: the catalogue's owners and targets, which peer shares a rank
(并列), the group totals the sentence compares with, and the sentence itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max

from duban.catalogue.models import Indicator, PeerGroup, Region
from duban.core.periods import Period, PeriodKind
from duban.core.period_text import format_period
from duban.core.published import PREVIOUS_WORD, Place, Reference, published_sentence
from duban.core.ranking import strength
from duban.monitoring.documents import status_document
from duban.monitoring.models import GroupRank
from duban.observations.models import Observation, Status
from duban.targets.models import RankTarget, Target

# The frequencies a bulletin reports, in the order their rows are listed within a category.
BULLETIN_KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR, PeriodKind.DEKAD)


@dataclass
class GroupPlace:
    code: str
    short: str
    rank: int | None
    of: int
    change: int | None
    tied: bool = False

    @property
    def strength(self) -> str | None:
        grade = strength(self.rank, self.of)
        return None if grade is None else str(grade)


@dataclass
class Row:
    """One indicator's line in a bulletin."""

    code: str
    name: str
    unit: str
    category: str
    department: str
    leader: str
    rank_by: str
    decimals: int
    period: str
    period_label: str
    target: str
    value: float | None
    ytd: float | None
    yoy_pct: float | None
    completion_pct: float | None
    time_progress_pct: float | None
    pace_gap_pp: float | None
    growth_gap_pp: float | None
    level: str
    reasons: list[str]
    places: list[GroupPlace] = field(default_factory=list)
    sentence: str = ""

    @property
    def reported(self) -> bool:
        return any(x is not None for x in (self.value, self.ytd, self.yoy_pct))

    @property
    def ranked(self) -> bool:
        return any(p.rank is not None for p in self.places)


@dataclass
class Figures:
    region: Region
    period: Period | None
    groups: list[PeerGroup]
    rows: list[Row]

    @property
    def has_figures(self) -> bool:
        return any(r.reported for r in self.rows)


def period_words(period: Period | None) -> str:
    """2024年1-3月 for a year to date, 2024年一季度, 2024年3月下旬; 暂无已公布数据 for none."""
    if period is None:
        return "暂无已公布数据"
    ytd = period.kind in (PeriodKind.MONTH, PeriodKind.QUARTER) and period.index > 1
    return format_period(period, "ytd" if ytd else None)


def latest_period(region: Region, as_of: date, kind: str = PeriodKind.MONTH) -> Period | None:
    """The latest period of ``kind`` with the region's published figures that ended before ``as_of``."""
    end = Observation.objects.filter(
        region=region, status=Status.PUBLISHED, period_kind=str(kind), period_end__lt=as_of
    ).aggregate(end=Max("period_end"))["end"]
    return None if end is None else Period.from_date(end, kind)


def periods_ending_with(period: Period) -> list[Period]:
    """The periods of the catalogue's frequencies that end on the same day as ``period``."""
    found = []
    used = set(Indicator.objects.values_list("frequency", flat=True))
    for kind in (k for k in BULLETIN_KINDS if k in used):
        candidate = Period.from_date(period.end, kind)
        if candidate.end == period.end:
            found.append(candidate)
    return found


def bulletin_groups(region: Region) -> list[PeerGroup]:
    """The region's peer groups, the smaller (the prefecture's) first."""
    groups = PeerGroup.objects.filter(members=region).annotate(size=Count("members")).order_by("size", "code")
    return list(groups)


def total_region(group: PeerGroup, parents: dict[int, int | None]) -> int | None:
    """The region above all of a group's members (金华市 above its nine): the group's total row."""
    level = set(group.members.values_list("id", flat=True))
    for _ in range(4):
        level = {parents.get(member) for member in level}
        if len(level) == 1:
            return next(iter(level))
        if None in level:
            return None
    return None


def _target_words(indicator: Indicator, annual: Target | None, rank_targets: list[RankTarget]) -> str:
    words = []
    if annual is not None and annual.value is not None:
        words.append(f"{annual.value.normalize():f}{indicator.unit}")
    if annual is not None and annual.growth_pct is not None:
        words.append(f"增长{annual.growth_pct.normalize():f}%")
    words += [f"{t.group.short_name or t.group.name}前{t.rank_max}" for t in rank_targets]
    return "；".join(words)


def _tied(codes: list[str], region: Region, groups: list[PeerGroup]) -> set[tuple[int, int, str]]:
    """(indicator id, group id, period) where another member shares the region's rank: one query."""
    shared = (
        GroupRank.objects.filter(period__in=codes, group__in=groups, rank__isnull=False)
        .values("indicator_id", "group_id", "period", "rank")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    shared_ranks = {(r["indicator_id"], r["group_id"], r["period"], r["rank"]) for r in shared}
    mine = GroupRank.objects.filter(period__in=codes, group__in=groups, region=region).values_list(
        "indicator_id", "group_id", "period", "rank"
    )
    return {(i, g, p) for i, g, p, rank in mine if (i, g, p, rank) in shared_ranks}


def _references(groups, periods, as_of) -> dict[tuple[str, str], Reference]:
    """(indicator code, period) → the total of the widest group that publishes one."""
    parents = dict(Region.objects.values_list("id", "parent_id"))
    found: dict[tuple[str, str], Reference] = {}
    for group in groups:  # smaller first: the widest group's total wins
        total_id = total_region(group, parents)
        if total_id is None:
            continue
        total = Region.objects.get(pk=total_id)
        for period in periods:
            for item in status_document(total, period, as_of=as_of)["indicators"]:
                figure = item["yoy_pct"] if item.get("yoy_pct") is not None else None
                if figure is not None:
                    found[(item["code"], period.code, "growth")] = Reference(group.short_name or group.name, figure)
                if item.get("value") is not None:
                    found[(item["code"], period.code, "value")] = Reference(group.short_name or group.name,
                                                                           item["value"])
    return found


def gather(region: Region, period: Period | None, *, as_of: date) -> Figures:
    """Every indicator of the bulletin's frequencies for ``region`` at ``period`` (None: no data)."""
    groups = bulletin_groups(region)
    if period is None:
        return Figures(region, None, groups, [])
    periods = periods_ending_with(period)
    catalogue = {i.code: i for i in Indicator.objects.select_related("department", "leader")}
    annual = {t.indicator_id: t for t in Target.objects.filter(region=region, period=str(period.year))}
    rank_targets: dict[int, list[RankTarget]] = {}
    for t in RankTarget.objects.filter(region=region, period=str(period.year)).select_related("group"):
        rank_targets.setdefault(t.indicator_id, []).append(t)
    short = {g.code: g.short_name or g.name for g in groups}
    group_ids = {g.code: g.id for g in groups}
    documents = {p: status_document(region, p, as_of=as_of) for p in periods}  # brings the ranks current
    tied = _tied([p.code for p in periods], region, groups)
    references = _references(groups, periods, as_of)
    rows = []
    for p, document in documents.items():
        label = period_words(p)
        for item in document["indicators"]:
            indicator = catalogue[item["code"]]
            places = [
                GroupPlace(r["group"], short.get(r["group"], r["group"]), r["rank"], r["of"], r["change"],
                           (indicator.id, group_ids.get(r["group"]), p.code) in tied)
                for r in item["ranks"] if r["group"] in short
            ]
            row = Row(
                code=indicator.code, name=indicator.name, unit=indicator.unit, category=indicator.category or "其他",
                department=indicator.department.name if indicator.department else "",
                leader=indicator.leader.name if indicator.leader else "", rank_by=indicator.rank_by,
                decimals=indicator.decimals,
                period=p.code, period_label=label,
                target=_target_words(indicator, annual.get(indicator.id), rank_targets.get(indicator.id, [])),
                value=item["value"], ytd=item["ytd"], yoy_pct=item["yoy_pct"],
                completion_pct=item["completion_pct"], time_progress_pct=item["time_progress_pct"],
                pace_gap_pp=item["pace_gap_pp"], growth_gap_pp=item["growth_gap_pp"],
                level=item["warning"]["level"], reasons=item["warning"]["reasons"], places=places,
            )
            row.sentence = sentence_for(row, references, PREVIOUS_WORD[p.kind])
            rows.append(row)
    order = {kind: n for n, kind in enumerate(BULLETIN_KINDS)}
    kind_of = {p.code: p.kind for p in periods}
    rows.sort(key=lambda r: (r.category, order[kind_of[r.period]]))
    return Figures(region, period, groups, rows)


def ranked_figure(row: Row) -> tuple[float | None, bool]:
    """The figure the indicator is ranked by, and whether it is a growth rate."""
    if row.rank_by == "yoy_pct":
        return row.yoy_pct, True
    return (row.ytd if row.rank_by == "ytd" else row.value), False


def sentence_for(row: Row, references: dict, previous_word: str) -> str:
    figure, growth = ranked_figure(row)
    reference = references.get((row.code, row.period, "growth" if growth else "value"))
    places = [Place(p.short, p.rank, p.tied, p.change) for p in row.places]
    return published_sentence(name=row.name, figure=figure, growth=growth, unit=row.unit, decimals=row.decimals,
                              reference=reference, places=places, previous_word=previous_word)
