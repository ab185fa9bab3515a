"""Scoring a scheme for a period: the figures from the monitoring engine (regions) or the department
measures, scored set-wise by ``duban.core.scoring``. Nothing is stored: a score reads the engine's
stored results, so it changes as soon as they do; when they are stale (``freshness.require``) the
refresh is queued and the sheet says it is being updated (the command line refreshes at once)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q

from duban.catalogue.models import Department, Indicator
from duban.core import scoring as core
from duban.core.periods import Period, PeriodError
from duban.core.period_text import parse_period
from duban.monitoring import documents, freshness
from duban.scoring.measures import MEASURES
from duban.scoring.models import Scheme, ScoreAdjustment, SubjectKind


class BadScoreRequest(ValueError):
    """A scheme or period that cannot be scored, said in Chinese."""


@dataclass
class Subject:
    id: int
    code: str  # region code; a department's name (departments have no code)
    name: str


@dataclass
class Row:
    subject: Subject
    result: core.SubjectScore
    adjustments: list[ScoreAdjustment] = field(default_factory=list)


@dataclass
class ScoreSheet:
    scheme: Scheme
    period: Period
    items: list  # SchemeItem, in order
    rows: list[Row]
    full_marks: Decimal
    updating: bool = False  # the engine's results it read were stale; their refresh is queued


def find_scheme(code: str) -> Scheme:
    scheme = Scheme.objects.select_related("group").filter(code=code).first()
    if scheme is None:
        known = "、".join(Scheme.objects.values_list("code", flat=True)) or "（尚无方案）"
        raise BadScoreRequest(f"没有代码为“{code}”的考核方案；已有：{known}")
    return scheme


def parse_scheme_period(scheme: Scheme, text: str) -> Period:
    try:
        period = parse_period(text).period
        period.previous()  # the rank change needs it (year 1 has none)
    except (PeriodError, ValueError):
        raise BadScoreRequest(f"期间“{text}”无法识别，应形如 2024-03、2024Q1 或 2024年3月") from None
    if str(period.kind) != scheme.frequency:
        raise BadScoreRequest(f"方案“{scheme.name}”按{scheme.get_frequency_display()}考核，期间“{text}”不是这一频度")
    return period


def subjects_of(scheme: Scheme) -> list[Subject]:
    """A region scheme's group members; for a department scheme, the departments that own something
    to be judged by (an indicator, a task they lead or a major project)."""
    if scheme.subjects == SubjectKind.DEPARTMENTS:
        owners = Department.objects.filter(
            Q(indicators__isnull=False) | Q(lead_tasks__isnull=False) | Q(projects__isnull=False)
        ).distinct()
        return [Subject(d.pk, d.name, d.name) for d in owners.order_by("pk")]
    return [Subject(r.pk, r.code, r.name) for r in scheme.group.members.order_by("code")]


def _target_check(status) -> core.TargetCheck | None:
    """Met when the figure is at or ahead of its time progress and its growth target, where set."""
    gaps = [g for g in (status.pace_gap_pp, status.growth_gap_pp) if g is not None]
    if not gaps:
        return None
    ratio = None
    if status.completion_pct is not None and status.time_progress_pct:
        ratio = 100 * status.completion_pct / status.time_progress_pct
    return core.TargetCheck(all(g >= 0 for g in gaps), ratio)


def _region_figures(keys: set[str], subjects: list[Subject], period: Period, as_of: date):
    from duban.monitoring.models import IndicatorStatus

    figures = {key: {} for key in keys}
    targets: dict[str, dict] = defaultdict(dict)
    by_id = {s.id: s.id for s in subjects}
    for status in IndicatorStatus.objects.filter(
        period=period.code, region_id__in=list(by_id), indicator__code__in=keys
    ).select_related("indicator"):
        figures[status.indicator.code][status.region_id] = status.figure
        targets[status.indicator.code][status.region_id] = _target_check(status)
    return figures, targets


def _department_figures(keys: set[str], subjects: list[Subject], period: Period, as_of: date):
    ids = [s.id for s in subjects]
    return {key: MEASURES[key].compute(ids, period, as_of) for key in keys}, {}


def _check_items(scheme: Scheme, items: list) -> None:
    if not items:
        raise BadScoreRequest(f"方案“{scheme.name}”还没有考核项")
    for item in items:
        if scheme.subjects == SubjectKind.DEPARTMENTS and item.indicator_id:
            raise BadScoreRequest(f"部门方案“{scheme.name}”的考核项须为部门考核项，不能是指标“{item.indicator.name}”")
        if scheme.subjects == SubjectKind.REGIONS and not item.indicator_id:
            raise BadScoreRequest(f"区域方案“{scheme.name}”的考核项须为指标")


def _gates(scheme: Scheme) -> tuple[tuple[core.Gate, ...], dict[str, int]]:
    try:
        gates = core.parse_gates(scheme.gates)
    except core.SchemeError as error:
        raise BadScoreRequest(str(error)) from None
    decimals = {}
    for gate in gates:
        if scheme.subjects == SubjectKind.DEPARTMENTS:
            if gate.key not in MEASURES:
                raise BadScoreRequest(f"门槛“{gate.key}”不是部门考核项")
            decimals[gate.key] = MEASURES[gate.key].decimals
        else:
            indicator = Indicator.objects.filter(code=gate.key).first()
            if indicator is None:
                raise BadScoreRequest(f"门槛指标“{gate.key}”不存在")
            decimals[gate.key] = indicator.decimals
    return gates, decimals


def score_scheme(scheme: Scheme, period: Period, *, as_of: date, previous: bool = True) -> ScoreSheet:
    """Every subject's score for the period, with its rank change since the previous period."""
    items = list(scheme.items.select_related("indicator"))
    _check_items(scheme, items)
    gates, gate_decimals = _gates(scheme)
    subjects = subjects_of(scheme)
    keys = {item.key for item in items} | {gate.key for gate in gates}
    departments = scheme.subjects == SubjectKind.DEPARTMENTS
    current = True
    if not departments or any(MEASURES[key].reads_engine for key in keys if key in MEASURES):
        current = freshness.require(period, as_of=as_of)
    figures, targets = (_department_figures if departments else _region_figures)(keys, subjects, period, as_of)
    adjustments = list(ScoreAdjustment.objects.filter(scheme=scheme, period=period.code).order_by("pk"))
    by_subject = defaultdict(list)
    for adjustment in adjustments:
        by_subject[adjustment.region_id or adjustment.department_id].append(adjustment)
    previous_ranks = {}
    if previous:
        before = score_scheme(scheme, period.previous(), as_of=as_of, previous=False)
        previous_ranks = {row.subject.id: row.result.rank for row in before.rows}
        current = current and not before.updating
    results = core.score(
        [s.id for s in subjects], [item.as_core() for item in items], figures,
        targets=targets, gates=gates, gate_decimals=gate_decimals,
        adjustments={s: sum((a.points for a in rows), Decimal(0)) for s, rows in by_subject.items()},
        previous_ranks=previous_ranks,
    )
    named = {s.id: s for s in subjects}
    rows = [Row(named[r.subject], r, by_subject.get(r.subject, [])) for r in results]
    return ScoreSheet(scheme, period, items, rows, core.full_marks([i.as_core() for i in items]),
                      updating=not current)


def _figure(value: Decimal | None):
    return None if value is None else float(value)


def as_document(sheet: ScoreSheet) -> dict:
    """The ``duban score --json`` contract; points are numbers already rounded to two decimals.
    ``updating``/``message``: as in the monitoring documents (``documents.being_updated``)."""
    return {
        "scheme": sheet.scheme.code,
        "period": sheet.period.code,
        "rows": [
            {
                "region": row.subject.code,
                "name": row.subject.name,
                "score": float(row.result.score),
                "rank": row.result.rank,
                "change": row.result.change,
                "adjustments": float(row.result.adjustments),
                "items": [
                    {"indicator": i.key, "figure": _figure(i.figure), "points": float(i.points), "missing": i.missing}
                    for i in row.result.items
                ],
            }
            for row in sheet.rows
        ],
        **documents.being_updated(sheet.updating),
    }
