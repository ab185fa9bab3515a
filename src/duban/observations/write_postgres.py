"""The PostgreSQL writer of a batch, begun before its checks end.

1. figures not stored when checked: ids drawn from the sequence in one query, then COPY straight
   into the figures' table, block by block, by a worker thread, which builds the COPY text and
   waits on the server without the GIL while the caller checks the batch (the server takes in
   the figures on one core, Python checks on the other);
2. figures already stored: COPY into the incoming table; one statement updates those that differ
   (version + 1) with their ledger rows ("update", old → new), a data-modifying CTE; one inserts
   those gone since, with their ledger rows;
3. the "create" ledger rows of the figures of step 1: COPY, from their ids.

All of it is one transaction: nothing is visible to others before the commit, and a rollback
(a failed check) undoes it. Should a figure COPYed directly have been stored since the checks
read the database, the unique key refuses it, and the import with it. Every constraint of the
schema stays in force (the figures' keys to the catalogue are checked by triggers, once per
statement over the distinct keys: migration 0004).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection
from psycopg.copy import QueuedLibpqWriter

from duban.observations import incoming
from duban.observations.figures import ObservationBatch, SaveOutcome
from duban.observations.incoming import FIGURES, KEPT_RANK, KEPT_VALUE, KEPT_YOY, KEYS, copy_text, mapped
from duban.observations.ledger import SetWise, escaped

# Rows per COPY block: small enough that the server works on one while the next is made.
COPY_BLOCK = 10_000
# The figures' own columns in the order ``_copy_texts`` gives them ("period" stands for three).
COPY_COLUMNS = ["indicator_id", "region_id", "period", "basis", "value", "yoy_pct", "reported_rank"]


class PostgresWrite:
    """The caller must not touch the connection between making this and ``wait``; then either
    ``finish`` (the checks passed: the rest and the ledger are written) or ``abandon`` (they did
    not: the caller rolls the transaction back)."""

    def __init__(self, batch: ObservationBatch, stored: list[bool], *, status: str, source: str, user=None):
        self.batch, self.status, self.source = batch, status, source
        self.user_id = user.pk if user is not None else None
        self.direct, self.staged = incoming.split(stored)
        self.cursor = connection.cursor()  # made here: Django's connection belongs to this thread
        # The transaction's time: the COPYed rows take it from the columns' database default,
        # the statements below are given it, so every row of the import says the same time.
        self.cursor.execute("SELECT now()")
        self.now = self.cursor.fetchone()[0]
        self.error: BaseException | None = None
        self.texts: tuple[list[str], list[str], list[str]] | None = None  # ids, values, growth rates
        self.thread = threading.Thread(target=self._begin, name="duban-copy", daemon=True)
        self.thread.start()

    def _begin(self) -> None:
        try:
            if self.direct:
                self.texts = _copy_figures(self.cursor.cursor, self.batch, self.direct, status=self.status,
                                           source=self.source, user_id=self.user_id)
        except BaseException as error:  # raised again in the caller's thread by wait()
            self.error = error

    def wait(self) -> BaseException | None:
        """Wait for the worker; the database error it met, if any (as Django's exception)."""
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        if self.error is None:
            return None
        try:
            with connection.wrap_database_errors:
                raise self.error
        except BaseException as wrapped:
            return wrapped

    def abandon(self) -> None:
        """Give up (the checks failed): the caller rolls the transaction back. A COPY still under
        way is cancelled rather than waited for (a cancel reaching the server after it ended finds
        the session idle and is dropped)."""
        if self.thread is not None and self.thread.is_alive():
            connection.connection.cancel()
        self.wait()
        self.cursor.close()

    def finish(self, *, actor: str, reason: str, progress: Callable[[int], None] | None = None) -> SaveOutcome:
        error = self.wait()
        if error is not None:
            self.cursor.close()
            raise error
        created = updated = 0
        # COPY goes through psycopg's own cursor: wrap its errors as Django's (IntegrityError, ...).
        with self.cursor as cursor, connection.wrap_database_errors:
            if self.staged:
                incoming.create(cursor)
                _copy_incoming(cursor, incoming.take(incoming.columns(self.batch), self.staged, len(self.batch)))
                created, updated = self._write_staged(cursor, SetWise(self.now, self.user_id, actor, reason))
                cursor.execute(f"DROP TABLE {incoming.TABLE}")
            if self.direct:
                ledger = SetWise(None, self.user_id, actor, reason)
                with _copy_in(cursor.cursor, ledger.copy_target()) as copy:
                    for block in ledger.created_lines(*self.texts, status=self.status):
                        copy.write(block)
                created += len(self.direct)
        if progress:
            progress(len(self.batch))
        return SaveOutcome(created=created, updated=updated, unchanged=len(self.batch) - created - updated)

    def _write_staged(self, cursor, ledger: SetWise) -> tuple[int, int]:
        status, source, user_id, now = self.status, self.source, self.user_id, self.now
        cursor.execute(f"ANALYZE {incoming.TABLE}")
        sql, params = ledger.insert_select("update", figure="c.id", old=("c.old_value", "c.old_yoy_pct", "c.old_status"),
                                           new=("c.value", "c.yoy_pct", ""), new_status=status)
        cursor.execute(
            f"WITH changed AS MATERIALIZED ("
            f"  SELECT o.id, o.value AS old_value, o.yoy_pct AS old_yoy_pct, o.status AS old_status, "
            f"         {KEPT_VALUE} AS value, {KEPT_YOY} AS yoy_pct, {KEPT_RANK} AS reported_rank "
            f"  FROM {incoming.TABLE} i JOIN {FIGURES} o ON {KEYS} WHERE {incoming.changed('IS DISTINCT FROM')}), "
            f"updated AS ("
            f"  UPDATE {FIGURES} AS o SET value = c.value, yoy_pct = c.yoy_pct, reported_rank = c.reported_rank, "
            f"  status = %s, source = %s, updated_by_id = %s, version = o.version + 1, updated_at = %s "
            f"  FROM changed c WHERE o.id = c.id) " + sql + "FROM changed c",
            [status, status, source, user_id, now, *params],
        )
        updated = cursor.rowcount
        sql, params = ledger.insert_select("create", figure="id", old=("NULL", "NULL", "''"),
                                           new=("value", "yoy_pct", "status"))
        cursor.execute(
            f"WITH created AS ("
            f"  INSERT INTO {FIGURES} (indicator_id, region_id, period, period_kind, period_end, basis, value, "
            f"  yoy_pct, reported_rank, source, status, version, updated_at, updated_by_id) "
            f"  SELECT indicator_id, region_id, period, period_kind, period_end, basis, value, yoy_pct, reported_rank, "
            f"  %s, %s, 1, %s, %s FROM {incoming.TABLE} i "
            f"  WHERE NOT EXISTS (SELECT 1 FROM {FIGURES} o WHERE {KEYS}) "
            f"  RETURNING id, value, yoy_pct, status) " + sql + "FROM created",
            [source, status, now, user_id, *params],
        )
        return cursor.rowcount, updated


def _copy_figures(raw, batch: ObservationBatch, positions: list[int], *, status, source, user_id):
    """COPY the figures at ``positions`` of the batch into the figures' table, with ids drawn from
    its sequence beforehand (and ``updated_at`` from its default, the transaction's time). Block
    by block, so that the server takes in one while the next is made. Returns (ids, values,
    growth rates) as COPY text, for their ledger rows."""
    total = len(positions)
    raw.execute("SELECT pg_get_serial_sequence(%s, 'id')", [FIGURES])
    sequence = raw.fetchone()[0]  # looked up once: per row, the lookup costs more than nextval
    raw.execute("SELECT string_agg(nextval(%s::regclass)::text, ',') FROM generate_series(1, %s)",
                [sequence, total])
    ids = raw.fetchone()[0].split(",")
    values: list[str] = []
    yoys: list[str] = []
    everything = total == len(batch)
    lists = (batch.indicators, batch.regions, batch.periods, batch.bases, batch.values, batch.yoy_pcts, batch.ranks)
    # Each line is the row's own fields joined by tabs, then these constant fields.
    tail = "\t" + "\t".join([escaped(source), escaped(status), "1", escaped(user_id)])
    with _copy_in(raw, f"{FIGURES} (id, {', '.join(incoming.COLUMNS)}, source, status, version, updated_by_id)") as copy:
        for start in range(0, total, COPY_BLOCK):
            end = min(start + COPY_BLOCK, total)
            if everything:
                part = ObservationBatch(*(column[start:end] for column in lists))
            else:
                part = ObservationBatch(*([column[i] for i in positions[start:end]] for column in lists))
            texts = _copy_texts(part)
            values += texts[COPY_COLUMNS.index("value")]
            yoys += texts[COPY_COLUMNS.index("yoy_pct")]
            rows = zip(ids[start:end], *texts)
            copy.write((tail + "\n").join(map("\t".join, rows)) + tail + "\n")
    return ids, values, yoys


def _copy_texts(batch: ObservationBatch) -> list[list[str]]:
    """The figures' own columns in COPY's text format, one pass over each: indicator, region,
    period (code, kind and end in one text: the tabs between them separate the fields), basis,
    value, growth rate, rank."""
    return [
        mapped(batch.indicators, lambda i: str(i.id)),
        mapped(batch.regions, lambda r: str(r.id)),
        mapped(batch.periods, lambda p: f"{p.code}\t{str(p.kind)}\t{p.end.isoformat()}"),
        list(batch.bases),
        mapped(batch.values, copy_text("value")),
        mapped(batch.yoy_pcts, copy_text("yoy_pct")),
        mapped(batch.ranks, lambda r: "\\N" if r is None else str(r)),
    ]


def _copy_incoming(cursor, columns: list[list]) -> None:
    """The staged figures into the incoming table; none of their values hold tabs or newlines."""
    texts = [mapped(column, lambda v: "\\N" if v is None else str(v)) for column in columns]
    total = len(columns[0])
    with _copy_in(cursor.cursor, f"{incoming.TABLE} ({', '.join(incoming.COLUMNS)})") as copy:
        for start in range(0, total, COPY_BLOCK):
            rows = zip(*(column[start:start + COPY_BLOCK] for column in texts))
            copy.write("\n".join(map("\t".join, rows)) + "\n")


def _copy_in(raw, target: str):
    """``COPY target FROM STDIN`` on a psycopg cursor, sent by psycopg's writer thread: the server
    takes in one block while this thread makes the next."""
    return raw.copy(f"COPY {target} FROM STDIN", writer=QueuedLibpqWriter(raw))
