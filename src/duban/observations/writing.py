"""Step 5 of an import: writing a checked batch of figures, with their ledger rows.

One writer per database behind one interface (``Write``): made with the batch and which of its
figures were stored when the checks read the database, then ``wait`` once the checks are done,
then ``finish`` (write the rest and the ledger; returns the counts) or ``abandon`` (the caller
rolls the transaction back). A writer may begin before the checks end (PostgreSQL sends the new
figures while Python checks); nothing of it is seen before the commit.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Protocol

from django.db import connection, transaction

from duban.observations.checking import read_stored
from duban.observations.figures import ObservationBatch, ObservationInput, SaveOutcome
from duban.observations.incoming import mapped
from duban.observations.write_postgres import PostgresWrite
from duban.observations.write_sqlite import SQLiteWrite


class Write(Protocol):
    def wait(self) -> BaseException | None: ...
    def abandon(self) -> None: ...
    def finish(self, *, actor: str, reason: str, progress: Callable[[int], None] | None = None) -> SaveOutcome: ...


def begin_write(batch: ObservationBatch, stored: list[tuple], *, status: str, source: str, user=None) -> Write:
    """The database's writer for ``batch``; ``stored``: its stored rows as ``checking.read_stored``
    gave them. Call inside the import's transaction, and touch the connection only after ``wait``."""
    writer = PostgresWrite if connection.vendor == "postgresql" else SQLiteWrite
    return writer(batch, stored_flags(batch, stored), status=status, source=source, user=user)


def write_figures(items: list[ObservationInput] | ObservationBatch, *, status: str, source: str, user=None,
                  actor: str = "", reason: str = "") -> SaveOutcome:
    """Write figures that need no checks (set up by code, as the demo and tests do): the import's
    writer, in a transaction of its own; every created or changed figure gets a ledger row."""
    batch = items if isinstance(items, ObservationBatch) else ObservationBatch.from_items(items)
    if not len(batch):
        return SaveOutcome()
    with transaction.atomic():
        write = begin_write(batch, read_stored(batch), status=status, source=source, user=user)
        error = write.wait()
        if error is not None:
            write.abandon()
            raise error
        return write.finish(actor=actor, reason=reason)


def stored_flags(batch: ObservationBatch, stored: list[tuple]) -> list[bool]:
    """Which figures of the batch are among ``stored``: the writers insert the others directly,
    and a figure stored since makes the insert fail on the unique key rather than pass unnoticed."""
    if not stored:
        return [False] * len(batch)
    keys = {(row[0], row[1], row[4], row[2]) for row in stored}  # indicator, region, period, basis
    wanted = zip(mapped(batch.indicators, attrgetter("id")), mapped(batch.regions, attrgetter("id")),
                 mapped(batch.periods, attrgetter("code")), batch.bases)
    return [key in keys for key in wanted]
