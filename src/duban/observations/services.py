"""Turning figures into Observation rows and back, keeping every change in the ledger."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from duban.catalogue.models import Indicator, Region
from duban.observations import bulk
from duban.core.periods import Period
from duban.observations.models import Observation, ObservationRevision

# Coarse to fine; an indicator may be reported at its own frequency or any coarser one.
KIND_FINENESS = {"year": 0, "half": 1, "quarter": 2, "month": 3, "dekad": 4, "week": 4, "day": 5}

BATCH = 2000


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
        if row is None:
            new_rows.append(
                Observation(
                    indicator=item.indicator, region=item.region, period=item.period.code,
                    period_kind=str(item.period.kind), period_end=item.period.end, basis=item.basis,
                    value=value, yoy_pct=yoy, reported_rank=item.reported_rank, source=source,
                    status=status, updated_by=user,
                )
            )
        elif (row.value, row.yoy_pct, row.reported_rank, row.status) != (value, yoy, item.reported_rank, status):
            changed.append((row, row.value, row.yoy_pct, row.status))
            row.value, row.yoy_pct, row.reported_rank = value, yoy, item.reported_rank
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
