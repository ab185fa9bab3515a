"""Keeping the stored results current: change marks, invalidation, ``ensure_current``.

Results are stored per period in ``IndicatorStatus`` and kept current lazily: before a
period is read, ``ensure_current`` compares the period's snapshot with the data's change
marks (the observation ledger and the targets' history, whose ids only grow) and
recomputes what is stale, oldest first, because each period chains on the previous one
and on the same period last year.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Max, Min

from duban.core.periods import Period, PeriodKind
from duban.monitoring.models import PeriodSnapshot
from duban.monitoring.storage import change_marks, refresh_period
from duban.observations.models import Observation, ObservationRevision, Status


def invalidate(since: date | None = None) -> None:
    """Forget the stored results of periods ending on or after ``since`` (all when None)."""
    forget_data_ends()
    snapshots = PeriodSnapshot.objects.all()
    if since is not None:
        snapshots = snapshots.filter(period_end__gte=since)
    snapshots.delete()


def _sync_marks() -> tuple[int, int]:
    """Drop snapshots older than the latest data change; return the current marks."""
    revision, targets = change_marks()
    oldest = PeriodSnapshot.objects.aggregate(r=Min("revision_mark"), t=Min("target_mark"))
    if oldest["t"] is not None and oldest["t"] != targets:
        invalidate()
    elif oldest["r"] is not None and oldest["r"] != revision:
        changed_from = ObservationRevision.objects.filter(id__gt=oldest["r"]).aggregate(
            d=Min("observation__period_end")
        )["d"]
        invalidate(changed_from)
        PeriodSnapshot.objects.update(revision_mark=revision)
    return revision, targets


def _is_current(snapshot: PeriodSnapshot | None, as_of: date) -> bool:
    if snapshot is None or snapshot.as_of > as_of:
        return False
    return snapshot.valid_until is None or as_of < snapshot.valid_until


# What the observations' dates say per period kind, remembered until the data change: at
# province scale these aggregates scan tens of millions of rows, and every page needs them.
_DATA_ENDS: dict[tuple, tuple[date | None, dict[int, date]]] = {}


def forget_data_ends() -> None:
    """Drop this process's remembered data dates (ids can repeat after a rolled-back transaction)."""
    _DATA_ENDS.clear()


def data_ends(kind: PeriodKind | str) -> tuple[date | None, dict[int, date]]:
    """The first period end with any data, and the latest published period end of each year.

    Keyed on the newest observation id and ledger id (imports and edits move one of them);
    ``invalidate`` (called on every single save or delete) forgets it as well.
    """
    mark = (
        str(kind),
        Observation.objects.aggregate(m=Max("id"))["m"],
        ObservationRevision.objects.aggregate(m=Max("id"))["m"],
    )
    found = _DATA_ENDS.get(mark)
    if found is None:
        first = Observation.objects.filter(period_kind=str(kind)).aggregate(d=Min("period_end"))["d"]
        latest = dict(
            Observation.objects.filter(period_kind=str(kind), status=Status.PUBLISHED)
            .values_list("period_end__year")
            .annotate(d=Max("period_end"))
            .values_list("period_end__year", "d")
        )
        _DATA_ENDS.clear()
        found = _DATA_ENDS[mark] = (first, latest)
    return found


def _first_data_end(kind: PeriodKind) -> date | None:
    return data_ends(kind)[0]


def ensure_current(period: Period, *, as_of: date) -> None:
    """Make the stored results of ``period`` (and of every earlier one it chains on) current."""
    marks = _sync_marks()
    first_end = _first_data_end(period.kind)
    if first_end is None:
        first_end = period.end
    snapshots = {
        s.period: s
        for s in PeriodSnapshot.objects.filter(period_end__lte=period.end, period_end__gte=first_end)
    }
    stale: list[Period] = []
    cursor = period
    # Walk back to the first current snapshot: everything after it chains on it. A snapshot
    # that exists but is not current only saw an earlier date (a deadline may have passed
    # since): its figures, and so its predecessors, still hold.
    while cursor.end >= first_end:
        snapshot = snapshots.get(cursor.code)
        if _is_current(snapshot, as_of):
            break
        stale.append(cursor)
        if snapshot is not None:
            break
        cursor = cursor.previous()
    if not stale and not _is_current(snapshots.get(period.code), as_of):
        stale = [period]  # before any data: store the empty period all the same
    for stale_period in reversed(stale):
        refresh_period(stale_period, as_of=as_of, marks=marks)


def ensure_year_current(period: Period, *, as_of: date) -> Period:
    """Bring the year of ``period`` current up to its latest published period; return that period."""
    latest_end = data_ends(period.kind)[1].get(period.year)
    latest = period if latest_end is None or latest_end <= period.end else Period.from_date(latest_end, period.kind)
    ensure_current(latest, as_of=as_of)
    return latest
