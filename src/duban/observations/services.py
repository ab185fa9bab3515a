"""Turning figures into Observation rows and back, keeping every change in the ledger."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from duban.catalogue.models import Indicator, Region
from duban.observations import bulk
from duban.core.numbers import fit_digits
from duban.core.periods import Period
from duban.observations.models import Observation, ObservationRevision, Status

# Coarse to fine; an indicator may be reported at its own frequency or any coarser one.
KIND_FINENESS = {"year": 0, "half": 1, "quarter": 2, "month": 3, "dekad": 4, "week": 4, "day": 5}

BATCH = 2000


def _digits(field_name: str) -> tuple[int, int]:
    field = Observation._meta.get_field(field_name)
    return field.max_digits - field.decimal_places, field.decimal_places


# What each number of a figure can hold (the model's columns): checked before anything is written.
FIGURE_DIGITS = {"value": _digits("value"), "yoy_pct": _digits("yoy_pct")}
RANK_MAX = 32_767  # a PositiveSmallIntegerField (reported_rank) on PostgreSQL


def held(field_name: str, value: Decimal | None, *, exact: bool = True) -> Decimal | None:
    """The number as the figure's field keeps it; ``DigitsError`` (core.numbers) when it cannot.
    ``exact`` False: converted from another unit, its decimals are rounded (``fit_digits``)."""
    if value is None:
        return None
    integer_digits, decimals = FIGURE_DIGITS[field_name]
    return fit_digits(value, integer_digits=integer_digits, decimals=decimals, exact=exact)


def fits_frequency(period: Period, frequency: str) -> bool:
    return KIND_FINENESS[str(period.kind)] <= KIND_FINENESS[frequency]


@dataclass
class ObservationInput:
    indicator: Indicator
    region: Region
    period: Period
    basis: str
    value: Decimal | None
    yoy_pct: Decimal | None = None
    reported_rank: int | None = None


@dataclass
class ObservationBatch:
    """Many figures held column by column (entry ``i`` of each list is one figure): how large
    imports keep a million figures without a million objects. ``items()`` gives them as
    ``ObservationInput``; ``from_items`` the other way."""

    indicators: list[Indicator]
    regions: list[Region]
    periods: list[Period]
    bases: list[str]
    values: list[Decimal | None]
    yoy_pcts: list[Decimal | None]
    ranks: list[int | None]
    # Which figures were stored when the checks read the database (set by ``check_batch``):
    # the bulk write inserts the others directly, and a figure stored since then makes the
    # insert fail on the unique key rather than pass unnoticed.
    stored_when_checked: object = None

    def __len__(self) -> int:
        return len(self.indicators)

    def items(self) -> list[ObservationInput]:
        return list(map(ObservationInput, self.indicators, self.regions, self.periods, self.bases,
                        self.values, self.yoy_pcts, self.ranks))

    @classmethod
    def from_items(cls, items: list[ObservationInput]) -> ObservationBatch:
        return cls([i.indicator for i in items], [i.region for i in items], [i.period for i in items],
                   [i.basis for i in items], [i.value for i in items], [i.yoy_pct for i in items],
                   [i.reported_rank for i in items])


@dataclass
class SaveOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def quantize(value: Decimal | None) -> Decimal | None:
    """The value as the database keeps it (4 places), so comparisons do not see phantom changes."""
    return None if value is None else value.quantize(Decimal("0.0001"))


def save_observations(
    items: list[ObservationInput] | ObservationBatch, *, status: str, source: str, user=None, actor: str = "", reason: str = "",
    progress=None,
) -> SaveOutcome:
    """Create or update observations set-wise; every created or changed figure gets a ledger row.

    One query loads the existing rows of the periods involved; writes go in batches.
    Large sets (``bulk.BULK_THRESHOLD`` and more) go through ``bulk.bulk_save``, set-wise in SQL.
    """
    outcome = SaveOutcome()
    if not len(items):
        return outcome
    if len(items) >= bulk.BULK_THRESHOLD:
        batch = items if isinstance(items, ObservationBatch) else ObservationBatch.from_items(items)
        return bulk.bulk_save(batch, status=status, source=source, user=user, actor=actor, reason=reason,
                              progress=progress)
    if isinstance(items, ObservationBatch):
        items = items.items()
    now = timezone.now()
    existing = _existing(items)
    new_rows: list[Observation] = []
    changed: list[tuple[Observation, Decimal | None, Decimal | None, str]] = []
    for item in items:
        key = (item.indicator.pk, item.region.pk, item.period.code, item.basis)
        value, yoy = quantize(item.value), quantize(item.yoy_pct)
        row = existing.get(key)
        if row is not None:
            # A blank cell means "not in this file": the stored figure keeps what the file does not hold.
            value, yoy = _kept(value, row.value), _kept(yoy, row.yoy_pct)
            rank = _kept(item.reported_rank, row.reported_rank)
        else:
            rank = item.reported_rank
        if row is None:
            new_rows.append(
                Observation(
                    indicator=item.indicator, region=item.region, period=item.period.code,
                    period_kind=str(item.period.kind), period_end=item.period.end, basis=item.basis,
                    value=value, yoy_pct=yoy, reported_rank=rank, source=source,
                    status=status, updated_by=user,
                )
            )
        elif (row.value, row.yoy_pct, row.reported_rank, row.status) != (value, yoy, rank, status):
            changed.append((row, row.value, row.yoy_pct, row.status))
            row.value, row.yoy_pct, row.reported_rank = value, yoy, rank
            row.status, row.source, row.updated_by = status, source, user
            row.version += 1
            row.updated_at = now
        else:
            outcome.unchanged += 1
    Observation.objects.bulk_create(new_rows, batch_size=BATCH)
    if any(row.pk is None for row in new_rows):  # backends that do not return ids on bulk insert
        new_rows = list(_existing_rows([(o.indicator_id, o.region_id, o.period, o.basis) for o in new_rows]).values())
    Observation.objects.bulk_update(
        [row for row, *_ in changed],
        ["value", "yoy_pct", "reported_rank", "status", "source", "updated_by", "version", "updated_at"],
        batch_size=BATCH,
    )
    revisions = [
        ObservationRevision(
            observation=row, changed_at=now, changed_by=user, actor=actor, action="create",
            new_value=row.value, new_yoy_pct=row.yoy_pct, new_status=row.status, reason=reason,
        )
        for row in new_rows
    ] + [
        ObservationRevision(
            observation=row, changed_at=now, changed_by=user, actor=actor, action="update",
            old_value=old_value, new_value=row.value, old_yoy_pct=old_yoy, new_yoy_pct=row.yoy_pct,
            old_status=old_status, new_status=row.status, reason=reason,
        )
        for row, old_value, old_yoy, old_status in changed
    ]
    ObservationRevision.objects.bulk_create(revisions, batch_size=BATCH)
    outcome.created, outcome.updated = len(new_rows), len(changed)
    return outcome


def ledger_mark() -> int:
    """The newest ledger row's id: the rows a write adds after this have larger ids."""
    return ObservationRevision.objects.aggregate(m=Max("id"))["m"] or 0


def note_in_ledger(items: list[ObservationInput] | ObservationBatch, notes: dict[int, str], *, since: int) -> None:
    """Append ``notes[i]`` to the reason of the ledger row the last write gave figure ``items[i]``
    (a row after ``since``; a figure left unchanged got none and keeps its history as it was)."""
    if isinstance(items, ObservationBatch):
        keys = {i: (items.indicators[i].pk, items.regions[i].pk, items.periods[i].code, items.bases[i]) for i in notes}
    else:
        keys = {i: (items[i].indicator.pk, items[i].region.pk, items[i].period.code, items[i].basis) for i in notes}
    observation, revision = Observation._meta.db_table, ObservationRevision._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {revision} SET reason = reason || %s WHERE id = ("
            f"  SELECT MAX(r.id) FROM {revision} r JOIN {observation} o ON o.id = r.observation_id"
            f"  WHERE r.id > %s AND o.indicator_id = %s AND o.region_id = %s AND o.period = %s AND o.basis = %s)",
            [(note, since, *keys[i]) for i, note in notes.items()],
        )


def _kept(incoming, stored):
    """What a figure holds after an import: the file's number, or the stored one where the file has none.
    Removing a number is its own action (``workflow.remove_figure``), never a blank cell."""
    return stored if incoming is None else incoming


def _existing(items: list[ObservationInput]) -> dict[tuple, Observation]:
    return _existing_rows([(i.indicator.pk, i.region.pk, i.period.code, i.basis) for i in items])


def _existing_rows(keys: list[tuple]) -> dict[tuple, Observation]:
    """Existing observations for these keys, fetched per (period, indicator) set rather than per row."""
    wanted = set(keys)
    by_period: dict[str, set[int]] = defaultdict(set)
    for indicator_id, _, period, _ in wanted:
        by_period[period].add(indicator_id)
    condition = Q()
    for period, indicator_ids in by_period.items():
        condition |= Q(period=period, indicator_id__in=indicator_ids)
    found = {}
    for row in Observation.objects.filter(condition).iterator(chunk_size=BATCH):
        key = (row.indicator_id, row.region_id, row.period, row.basis)
        if key in wanted:
            found[key] = row
    return found


# -- which period a page opens on ----------------------------------------------------

# The frequencies a page can switch between, in the order offices speak of them (月/季/年/旬).
KIND_LABELS = {"month": gettext_lazy("月度"), "quarter": gettext_lazy("季度"), "half": gettext_lazy("半年"), "year": gettext_lazy("年度"), "dekad": gettext_lazy("旬"), "week": gettext_lazy("周")}
WAITING = (Status.SUBMITTED, Status.APPROVED)  # figures waiting for the data office


def department_kinds(department) -> list[str]:
    """The frequencies the department's indicators are reported at, in ``KIND_LABELS`` order."""
    found = set(Indicator.objects.filter(department=department).values_list("frequency", flat=True))
    return [kind for kind in KIND_LABELS if kind in found]


def periods_with_data(kind: str, *, indicators=None, region=None) -> list[Period]:
    """The periods of this kind holding any figure (of these indicators, in this region), latest first."""
    rows = Observation.objects.filter(period_kind=kind)
    if indicators is not None:
        rows = rows.filter(indicator__in=indicators)
    if region is not None:
        rows = rows.filter(region=region)
    codes = rows.values_list("period", flat=True).distinct().order_by()
    return sorted((Period.parse(code) for code in codes), reverse=True)


def period_needing(*, kind: str | None, as_of, department=None, region=None) -> Period | None:
    """The period a page opens on: the one that needs its user, never the clock's month.

    With a department (its reporter, or the data office entering for it): the earliest period
    with one of its figures returned or not yet submitted, or due — the period after an
    indicator's latest figure, once that period has ended by ``as_of`` (a January is not due
    where the indicator's last January had no figure: 1-2月 are published together).
    Without one (the reviewer): the earliest period with figures waiting for review, of any
    frequency when ``kind`` is None. Else the latest period with data (monthly when ``kind`` is
    None); None when there is none.
    """
    rows = Observation.objects.filter(period_kind=kind) if kind else Observation.objects.all()
    if department is not None:
        rows = rows.filter(indicator__department=department, indicator__frequency=kind, region=region)
        open_status = [Status.DRAFT]
    else:
        open_status = list(WAITING)
    waiting = [Period.parse(c) for c in rows.filter(status__in=open_status).values_list("period", flat=True).distinct().order_by()]
    candidates = set(waiting)
    if department is not None:
        candidates |= _due(rows, as_of)
    if candidates:
        return min(candidates)
    rows = rows if kind else rows.filter(period_kind="month")
    latest = sorted({Period.parse(c) for c in rows.values_list("period", flat=True).distinct().order_by()})
    return latest[-1] if latest else None


def _due(rows, as_of) -> set[Period]:
    stored: dict[int, set[str]] = defaultdict(set)
    for indicator_id, code in rows.values_list("indicator_id", "period").distinct().order_by():
        stored[indicator_id].add(code)
    due = set()
    for codes in stored.values():
        latest = max(Period.parse(c) for c in codes)
        following = latest.next()
        if str(following.kind) == "month" and following.index == 1 and f"{latest.year}-01" not in codes:
            following = following.next()
        if following.end < as_of:
            due.add(following)
    return due
