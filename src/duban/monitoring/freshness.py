"""Keeping the stored results current: change marks, invalidation, refresh.

Results are stored per period in ``IndicatorStatus``. Whatever changes an input brings them
current (``after_change``: inline when few periods are stale, otherwise as a task on the
database worker); ``duban tick`` does it for what the date alone changes (deadlines passing).
Reads only read: ``require`` tells whether a period is current without writing, and when it
is not (after a crash, or data written behind the application's back) queues the refresh on
the worker, unless the caller refreshes inline (the command line; ``settings.REFRESH_ON_READ``).
A period is stale when its snapshot is missing, saw an earlier date than a deadline now
passed, or saw older change marks (the observation ledger and the other inputs' histories,
whose ids only grow). Refreshing goes oldest first: each period chains on the previous one
and on the same period last year.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db.models import Max, Min
from django.utils import timezone

from duban.core.periods import Period, PeriodKind
from duban.monitoring.models import PeriodSnapshot
from duban.monitoring.storage import change_marks, column_aggregates, refresh_period
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


def _is_current(snapshot, as_of: date) -> bool:
    """``snapshot``: a PeriodSnapshot or its values."""
    if snapshot is None or snapshot.as_of > as_of:
        return False
    return snapshot.valid_until is None or as_of < snapshot.valid_until


# Answers drawn from the observations alone (their dates per period kind, the periods a region
# has published), remembered until the data change: at province scale they scan tens of
# thousands to millions of rows, and every page needs them.
_BY_DATA: dict[tuple, object] = {}
_BY_DATA_MARK: list[tuple | None] = [None]


def forget_data_ends() -> None:
    """Drop this process's remembered answers (ids can repeat after a rolled-back transaction)."""
    _BY_DATA.clear()
    _BY_DATA_MARK[0] = None


def remembered(key: tuple, compute):
    """``compute()``, remembered until the newest observation id or ledger id moves.

    Imports and edits move one of them; ``invalidate`` (called on every single save or
    delete) forgets everything as well.
    """
    mark = tuple(column_aggregates([(Observation, "id"), (ObservationRevision, "id")]))
    if _BY_DATA_MARK[0] != mark:
        _BY_DATA.clear()
        _BY_DATA_MARK[0] = mark
    if key not in _BY_DATA:
        _BY_DATA[key] = compute()
    return _BY_DATA[key]


def data_ends(kind: PeriodKind | str) -> tuple[date | None, dict[int, date]]:
    """The first period end with any data, and the latest published period end of each year."""

    def compute():
        first = Observation.objects.filter(period_kind=str(kind)).aggregate(d=Min("period_end"))["d"]
        # The distinct period ends (a few dozen), grouped by year here: grouping by the year in
        # SQL called SQLite's date function once per figure, half a second per 200,000.
        latest: dict[int, date] = {}
        for end in (
            Observation.objects.filter(period_kind=str(kind), status=Status.PUBLISHED)
            .order_by().values_list("period_end", flat=True).distinct()
        ):
            latest[end.year] = max(end, latest.get(end.year, end))
        return first, latest

    return remembered(("data_ends", str(kind)), compute)


def _first_data_end(kind: PeriodKind) -> date | None:
    return data_ends(kind)[0]


def _stale_chain(period: Period, as_of: date, *, marks: tuple[int, int] | None = None) -> list[Period]:
    """The periods to recompute, newest first, for ``period`` to be current (read only)."""
    revision, targets = marks or change_marks()
    first_end = _first_data_end(period.kind)
    if first_end is None:
        first_end = period.end
    snapshots = {  # as values: every read walks them
        row["period"]: SimpleNamespace(**row)
        for row in PeriodSnapshot.objects.filter(period_end__lte=period.end, period_end__gte=first_end).values(
            "period", "period_end", "as_of", "valid_until", "revision_mark", "target_mark")
    }
    # Figures changed since the oldest snapshot's mark make every period from the earliest changed one stale.
    oldest = min((s.revision_mark for s in snapshots.values()), default=revision)
    changed_from = None
    if oldest != revision:
        changed_from = ObservationRevision.objects.filter(id__gt=oldest).aggregate(
            d=Min("observation__period_end")
        )["d"]

    def current(snapshot) -> bool:
        if not _is_current(snapshot, as_of) or snapshot.target_mark != targets:
            return False
        return snapshot.revision_mark == revision or changed_from is None or snapshot.period_end < changed_from

    stale: list[Period] = []
    cursor = period
    # Walk back to the first current snapshot: everything after it chains on it. A snapshot
    # that exists with the current marks but saw an earlier date (a deadline may have passed
    # since) is stale alone: its figures, and so its predecessors, still hold.
    while cursor.end >= first_end:
        snapshot = snapshots.get(cursor.code)
        if current(snapshot):
            break
        stale.append(cursor)
        if snapshot is not None and snapshot.target_mark == targets and (
            changed_from is None or snapshot.period_end < changed_from
        ):
            break
        cursor = cursor.previous()
    if not stale and not current(snapshots.get(period.code)):
        stale = [period]  # before any data: store the empty period all the same
    return stale


def ensure_current(period: Period, *, as_of: date) -> None:
    """Make the stored results of ``period`` (and of every earlier one it chains on) current."""
    marks = _sync_marks()
    for stale_period in reversed(_stale_chain(period, as_of, marks=marks)):
        refresh_period(stale_period, as_of=as_of, marks=marks)


def ensure_year_current(period: Period, *, as_of: date) -> Period:
    """Bring the year of ``period`` current up to its latest published period; return that period."""
    latest = _latest_of_year(period)
    ensure_current(latest, as_of=as_of)
    return latest


def _latest_of_year(period: Period) -> Period:
    latest_end = data_ends(period.kind)[1].get(period.year)
    return period if latest_end is None or latest_end <= period.end else Period.from_date(latest_end, period.kind)


# -- reads only read: whether a period is current, and what to do when it is not --

_INLINE: ContextVar[bool] = ContextVar("refresh_inline", default=False)


@contextmanager
def refreshing_inline():
    """Within this block a read of a stale period refreshes it at once (the command line)."""
    token = _INLINE.set(True)
    try:
        yield
    finally:
        _INLINE.reset(token)


def is_current(period: Period, *, as_of: date, year: bool = False) -> bool:
    """Whether the stored results of ``period`` (with ``year``: of its year up to the latest
    published period) are current. Read only."""
    return not _stale_chain(_latest_of_year(period) if year else period, as_of)


def require(period: Period, *, as_of: date, year: bool = False) -> bool:
    """Before a read: True when the results are current. Otherwise refresh inline (within
    ``refreshing_inline`` or with ``settings.REFRESH_ON_READ == "inline"``) and return True, or
    queue the refresh on the worker and return False: the caller says the figures are being updated."""
    if is_current(period, as_of=as_of, year=year):
        return True
    if _INLINE.get() or settings.REFRESH_ON_READ == "inline":
        (ensure_year_current if year else ensure_current)(period, as_of=as_of)
        return True
    from duban.monitoring.tasks import refresh_results

    refresh_results.enqueue(as_of.isoformat())
    return False


def latest_periods() -> list[Period]:
    """The latest period with published figures of each period kind."""
    found = []
    for kind in Observation.objects.values_list("period_kind", flat=True).distinct().order_by("period_kind"):
        end = max(data_ends(kind)[1].values(), default=None)
        if end is not None:
            found.append(Period.from_date(end, kind))
    return found


def bring_current(*, as_of: date) -> int:
    """Every period with published figures current; returns how many periods were recomputed."""
    marks = _sync_marks()
    count = 0
    for latest in latest_periods():
        stale = _stale_chain(latest, as_of, marks=marks)
        for period in reversed(stale):
            refresh_period(period, as_of=as_of, marks=marks)
        count += len(stale)
    return count


def after_change() -> None:
    """After inputs changed (an import, an approval or publication, a rule or catalogue edit):
    recompute inline when few periods are stale, otherwise queue the work on the worker."""
    as_of = timezone.localdate()
    stale = sum(len(_stale_chain(latest, as_of)) for latest in latest_periods())
    if stale == 0:
        return
    if stale <= settings.REFRESH_INLINE_PERIODS:
        bring_current(as_of=as_of)
    else:
        from duban.monitoring.tasks import refresh_results

        refresh_results.enqueue(as_of.isoformat())
