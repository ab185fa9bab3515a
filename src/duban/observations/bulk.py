"""The bulk write path for large imports: same outcome and ledger as ``save_observations``, set-wise in SQL.

Figures not stored when the checks read the database ("new") are inserted directly; the
others ("staged") go through a temporary table and a few statements, whatever the row count.
Should a new figure have been stored since the checks, the unique key refuses the insert,
and the import with it: nothing is overwritten unseen.

PostgreSQL (``PendingSave``):

1. new figures: ids drawn from the sequence in one query, then COPY straight into the
   figures' table, block by block; for a large import this runs in a worker thread while
   the checks run (the server takes in the figures on one core, Python checks on the other),
   and the transaction is rolled back if a check fails;
2. staged figures: COPY into a temporary table; one statement updates the figures that
   differ from the stored ones (version + 1) with their ledger rows ("update", old → new),
   a data-modifying CTE; one inserts those gone since, with their ledger rows;
3. the "create" ledger rows of the new figures: COPY, from the ids of step 1.

SQLite (no data-modifying CTEs):

1. staged figures go into a temporary table (executemany); mark each with the id of the
   observation it updates, if any;
2. write ledger rows ("update", old → new) for rows that differ, before they change;
3. update those rows (version + 1);
4. insert the new figures (executemany) and the staged ones gone since;
5. write ledger rows ("create") for them: the rows above the largest id before step 4
   (SQLite ids only grow, and the transaction holds the database's write lock).

Every constraint of the schema stays in force (on PostgreSQL the figures' keys to the
catalogue are checked by triggers, once per statement over the distinct keys: migration
0004); nothing is deferred beyond what the schema declares.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from itertools import repeat
from operator import attrgetter

import numpy as np

from django.db import DatabaseError, connection
from django.utils import timezone

from duban.exact_decimal import decimal_text
from duban.observations.models import Observation, ObservationRevision

# Below this many figures the ORM path is simpler and as fast.
BULK_THRESHOLD = 20_000
CHUNK = 100_000
# Rows per COPY block: small enough that the server works on one while the next is made.
COPY_CHUNK = 10_000
# SQLite's page cache for the import connection, in KiB (negative pragma value): index
# maintenance of a million inserted rows is several times faster with room to work.
SQLITE_CACHE_KIB = 262_144

INCOMING = "duban_incoming_observation"
COLUMNS = ["indicator_id", "region_id", "period", "period_kind", "period_end", "basis", "value", "yoy_pct", "reported_rank"]
REVISION_COLUMNS = ("observation_id, changed_at, changed_by_id, actor, action, old_value, new_value, "
                    "old_yoy_pct, new_yoy_pct, old_status, new_status, reason")


def _tables() -> tuple[str, str]:
    return Observation._meta.db_table, ObservationRevision._meta.db_table


def bulk_save(batch, *, status: str, source: str, user=None, actor: str = "", reason: str = "",
              progress: Callable[[int], None] | None = None):
    """Write an ``ObservationBatch`` set-wise; returns ``SaveOutcome``. Call inside a transaction."""
    if connection.vendor == "postgresql":
        pending = PendingSave(batch, batch.stored_when_checked, status=status, source=source, user=user,
                              threaded=False)
        return pending.finish(actor=actor, reason=reason, progress=progress)
    from duban.observations.services import SaveOutcome

    now = connection.ops.adapt_datetimefield_value(timezone.now())
    user_id = user.pk if user is not None else None
    columns = _columns(batch)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache_size = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        try:
            created, updated = _write_sqlite(cursor, columns, batch.stored_when_checked, status=status,
                                             source=source, user_id=user_id, actor=actor, reason=reason, now=now,
                                             progress=progress)
        finally:
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
    return SaveOutcome(created=created, updated=updated, unchanged=len(batch) - created - updated)


def overlaps(count: int) -> bool:
    """Whether a batch this large is written while it is checked (``PendingSave``): PostgreSQL only,
    where the server takes in the figures on one core while Python checks them on the other."""
    return connection.vendor == "postgresql" and count >= BULK_THRESHOLD


def stored_flags(batch, stored: list[tuple]) -> np.ndarray:
    """Which figures of the batch are among ``stored`` (rows as ``checking.read_stored`` gives them)."""
    flags = np.zeros(len(batch), dtype=bool)
    if stored:
        keys = {(row[0], row[1], row[4], row[2]) for row in stored}  # indicator, region, period, basis
        codes = _mapped(batch.periods, attrgetter("code"))
        wanted = zip(_mapped(batch.indicators, attrgetter("id")), _mapped(batch.regions, attrgetter("id")), codes,
                     batch.bases)
        flags[:] = [key in keys for key in wanted]
    return flags


class PendingSave:
    """The PostgreSQL write of a batch, begun before its checks end.

    The figures not stored when checked are COPYed straight into the figures' table (ids drawn
    from its sequence beforehand); with ``threaded``, by a worker thread, which builds the COPY
    text and waits on the server without the GIL while the caller checks the batch. The caller
    must not touch the connection until ``finish`` (the checks passed: the rest and the ledger
    are written) or ``close`` (they did not: the caller rolls the transaction back). All of it is
    one transaction: nothing is visible to others before the commit, and a rollback undoes it.
    Should a figure COPYed directly have been stored since the checks read the database, the
    unique key refuses it, and the import with it.
    """

    def __init__(self, batch, stored_when_checked, *, status: str, source: str, user=None, threaded: bool = True):
        self.batch, self.status, self.source = batch, status, source
        self.user_id = user.pk if user is not None else None
        self.direct, self.staged = _split(stored_when_checked, len(batch))
        self.cursor = connection.cursor()  # made here: Django's connection belongs to this thread
        # The transaction's time: the COPYed rows take it from the columns' database default,
        # the statements below are given it, so every row of the import says the same time.
        self.cursor.execute("SELECT now()")
        self.now = self.cursor.fetchone()[0]
        self.error: BaseException | None = None
        self.texts: tuple[list[str], list[str], list[str]] | None = None  # ids, values, growth rates
        self.thread = None
        if threaded:
            self.thread = threading.Thread(target=self._begin, name="duban-copy", daemon=True)
            self.thread.start()
        else:
            self._begin()

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

    def close(self) -> None:
        """Give up (the checks failed): the caller rolls the transaction back. A COPY still under
        way is cancelled rather than waited for (a cancel reaching the server after it ended finds
        the session idle and is dropped)."""
        if self.thread is not None and self.thread.is_alive():
            connection.connection.cancel()
        self.wait()
        self.cursor.close()

    def finish(self, *, actor: str, reason: str, progress: Callable[[int], None] | None = None):
        from duban.observations.services import SaveOutcome

        error = self.wait()
        if error is not None:
            self.cursor.close()
            raise error
        created = updated = 0
        # COPY goes through psycopg's own cursor: wrap its errors as Django's (IntegrityError, ...).
        with self.cursor as cursor, connection.wrap_database_errors:
            if self.staged:
                _create_incoming(cursor)
                _copy(cursor, _take(_columns(self.batch), self.staged, len(self.batch)), None)
                created, updated = _write_postgres(cursor, status=self.status, source=self.source,
                                                   user_id=self.user_id, actor=actor, reason=reason, now=self.now)
                cursor.execute(f"DROP TABLE {INCOMING}")
            if self.direct:
                _copy_ledger(cursor.cursor, *self.texts, status=self.status, user_id=self.user_id,
                             actor=actor, reason=reason)
                created += len(self.direct)
        if progress:
            progress(len(self.batch))
        return SaveOutcome(created=created, updated=updated, unchanged=len(self.batch) - created - updated)


def _create_incoming(cursor) -> None:
    value, yoy_pct = (Observation._meta.get_field(name).db_type(connection) for name in ("value", "yoy_pct"))
    cursor.execute(f"DROP TABLE IF EXISTS {INCOMING}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {INCOMING} (indicator_id bigint, region_id bigint, period varchar(12), "
        f"period_kind varchar(8), period_end date, basis varchar(8), value {value}, "
        f"yoy_pct {yoy_pct}, reported_rank integer, existing_id bigint)"
    )


KEYS = "o.indicator_id = i.indicator_id AND o.region_id = i.region_id AND o.period = i.period AND o.basis = i.basis"


# A blank cell means "not in this file": the stored figure keeps what the file does not hold
# (removing a number is its own action, ``workflow.remove_figure``).
KEPT_VALUE, KEPT_YOY, KEPT_RANK = ("COALESCE(i.value, o.value)", "COALESCE(i.yoy_pct, o.yoy_pct)",
                                   "COALESCE(i.reported_rank, o.reported_rank)")


def _changed(differs: str) -> str:
    return (f"(o.value {differs} {KEPT_VALUE} OR o.yoy_pct {differs} {KEPT_YOY} "
            f"OR o.reported_rank {differs} {KEPT_RANK} OR o.status {differs} %s)")


def _write_postgres(cursor, *, status, source, user_id, actor, reason, now) -> tuple[int, int]:
    observation, revision = _tables()
    cursor.execute(f"ANALYZE {INCOMING}")
    cursor.execute(
        f"WITH changed AS MATERIALIZED ("
        f"  SELECT o.id, o.value AS old_value, o.yoy_pct AS old_yoy_pct, o.status AS old_status, "
        f"         {KEPT_VALUE} AS value, {KEPT_YOY} AS yoy_pct, {KEPT_RANK} AS reported_rank "
        f"  FROM {INCOMING} i JOIN {observation} o ON {KEYS} WHERE {_changed('IS DISTINCT FROM')}), "
        f"updated AS ("
        f"  UPDATE {observation} AS o SET value = c.value, yoy_pct = c.yoy_pct, reported_rank = c.reported_rank, "
        f"  status = %s, source = %s, updated_by_id = %s, version = o.version + 1, updated_at = %s "
        f"  FROM changed c WHERE o.id = c.id) "
        f"INSERT INTO {revision} ({REVISION_COLUMNS}) "
        f"SELECT c.id, %s, %s, %s, 'update', c.old_value, c.value, c.old_yoy_pct, c.yoy_pct, c.old_status, %s, %s "
        f"FROM changed c",
        [status, status, source, user_id, now, now, user_id, actor, status, reason],
    )
    updated = cursor.rowcount
    cursor.execute(
        f"WITH created AS ("
        f"  INSERT INTO {observation} (indicator_id, region_id, period, period_kind, period_end, basis, value, "
        f"  yoy_pct, reported_rank, source, status, version, updated_at, updated_by_id) "
        f"  SELECT indicator_id, region_id, period, period_kind, period_end, basis, value, yoy_pct, reported_rank, "
        f"  %s, %s, 1, %s, %s FROM {INCOMING} i "
        f"  WHERE NOT EXISTS (SELECT 1 FROM {observation} o WHERE {KEYS}) "
        f"  RETURNING id, value, yoy_pct, status) "
        f"INSERT INTO {revision} ({REVISION_COLUMNS}) "
        f"SELECT id, %s, %s, %s, 'create', NULL, value, NULL, yoy_pct, '', status, %s FROM created",
        [source, status, now, user_id, now, user_id, actor, reason],
    )
    return cursor.rowcount, updated


def _write_sqlite(cursor, columns, stored_when_checked, *, status, source, user_id, actor, reason, now,
                  progress) -> tuple[int, int]:
    """Figures not stored when checked are inserted directly (one pass; should one have been
    stored since, the unique key refuses the insert and the import with it). The others go
    through the incoming table: update where changed, insert where gone."""
    observation, revision = _tables()
    total = len(columns[0])
    direct, staged = _split(stored_when_checked, total)
    updated = staged_new = 0
    if staged:
        _create_incoming(cursor)
        _insert_many(cursor, _take(columns, staged, total), progress)
        changed = _changed("IS NOT")
        cursor.execute(f"UPDATE {INCOMING} AS i SET existing_id = (SELECT o.id FROM {observation} o WHERE {KEYS})")
        cursor.execute(
            f"INSERT INTO {revision} ({REVISION_COLUMNS}) "
            f"SELECT o.id, %s, %s, %s, 'update', o.value, {KEPT_VALUE}, o.yoy_pct, {KEPT_YOY}, o.status, %s, %s "
            f"FROM {INCOMING} i JOIN {observation} o ON o.id = i.existing_id WHERE {changed}",
            [now, user_id, actor, status, reason, status],
        )
        updated = cursor.rowcount
        cursor.execute(
            f"UPDATE {observation} AS o SET value = {KEPT_VALUE}, yoy_pct = {KEPT_YOY}, reported_rank = {KEPT_RANK}, "
            f"status = %s, source = %s, updated_by_id = %s, version = o.version + 1, updated_at = %s "
            f"FROM {INCOMING} i WHERE o.id = i.existing_id AND {changed}",
            [status, source, user_id, now, status],
        )
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {observation}")
    last_id = cursor.fetchone()[0]
    insert = (f"INSERT INTO {observation} (indicator_id, region_id, period, period_kind, period_end, basis, value, "
              f"yoy_pct, reported_rank, source, status, version, updated_at, updated_by_id) ")
    if direct:
        sql = insert + "VALUES (" + ", ".join(["%s"] * (len(COLUMNS) + 2) + ["1", "%s", "%s"]) + ")"
        constants = (source, status, now, user_id)
        part = _take(columns, direct, total)
        for start in range(0, len(direct), CHUNK):
            rows = zip(*(column[start:start + CHUNK] for column in part))
            cursor.executemany(sql, [(*row, *constants) for row in rows])
            if progress:
                progress(min(CHUNK, len(direct) - start))
    if staged:
        cursor.execute(
            insert + f"SELECT indicator_id, region_id, period, period_kind, period_end, basis, value, yoy_pct, "
            f"reported_rank, %s, %s, 1, %s, %s FROM {INCOMING} WHERE existing_id IS NULL",
            [source, status, now, user_id],
        )
        staged_new = cursor.rowcount
        cursor.execute(f"DROP TABLE {INCOMING}")
    created = len(direct) + staged_new
    cursor.execute(
        f"INSERT INTO {revision} ({REVISION_COLUMNS}) "
        f"SELECT id, %s, %s, %s, 'create', NULL, value, NULL, yoy_pct, '', status, %s "
        f"FROM {observation} WHERE id > %s",
        [now, user_id, actor, reason, last_id],
    )
    if cursor.rowcount != created:
        raise DatabaseError(f"新建 {created} 条数据却写入 {cursor.rowcount} 条修改记录")
    return created, updated


def _split(stored_when_checked, total: int) -> tuple[list[int], list[int]]:
    """(positions of figures not stored when checked, positions of the others); all staged when unknown."""
    if stored_when_checked is None:
        return [], list(range(total))
    flags = stored_when_checked.tolist()
    return [i for i, stored in enumerate(flags) if not stored], [i for i, stored in enumerate(flags) if stored]


def _escaped(value) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    return (str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def _copy_figures(raw, batch, positions: list[int], *, status, source, user_id):
    """COPY the figures at ``positions`` of the batch into the figures' table, with ids drawn from
    its sequence beforehand (and ``updated_at`` from its default, the transaction's time). Block
    by block, so that the server takes in one while the next is made. Returns (ids, values,
    growth rates) as COPY text, for their ledger rows."""
    from duban.observations.services import ObservationBatch

    observation, _ = _tables()
    total = len(positions)
    raw.execute("SELECT pg_get_serial_sequence(%s, 'id')", [observation])
    sequence = raw.fetchone()[0]  # looked up once: per row, the lookup costs more than nextval
    raw.execute("SELECT string_agg(nextval(%s::regclass)::text, ',') FROM generate_series(1, %s)",
                [sequence, total])
    ids = raw.fetchone()[0].split(",")
    values: list[str] = []
    yoys: list[str] = []
    everything = total == len(batch)
    lists = (batch.indicators, batch.regions, batch.periods, batch.bases, batch.values, batch.yoy_pcts, batch.ranks)
    # Each line is the row's own fields joined by tabs, then these constant fields.
    tail = "\t" + "\t".join([_escaped(source), _escaped(status), "1", _escaped(user_id)])
    with _copy_in(raw, f"{observation} (id, {', '.join(COLUMNS)}, source, status, version, updated_by_id)") as copy:
        for start in range(0, total, COPY_CHUNK):
            end = min(start + COPY_CHUNK, total)
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


# The figures' own columns in the order ``_copy_texts`` gives them ("period" stands for three).
COPY_COLUMNS = ["indicator_id", "region_id", "period", "basis", "value", "yoy_pct", "reported_rank"]


def _copy_texts(batch) -> list[list[str]]:
    """The figures' own columns in COPY's text format, one pass over each: indicator, region,
    period (code, kind and end in one text: the tabs between them separate the fields), basis,
    value, growth rate, rank."""
    value_text, yoy_text = _figure_text("value"), _figure_text("yoy_pct")
    return [
        _mapped(batch.indicators, lambda i: str(i.id)),
        _mapped(batch.regions, lambda r: str(r.id)),
        _mapped(batch.periods, lambda p: f"{p.code}\t{str(p.kind)}\t{p.end.isoformat()}"),
        list(batch.bases),
        _mapped(batch.values, lambda v: "\\N" if v is None else value_text(v)),
        _mapped(batch.yoy_pcts, lambda v: "\\N" if v is None else yoy_text(v)),
        _mapped(batch.ranks, lambda r: "\\N" if r is None else str(r)),
    ]


def _copy_ledger(raw, ids: list[str], values: list[str], yoys: list[str], *, status, user_id, actor,
                 reason) -> None:
    """COPY the "create" ledger rows of figures just COPYed (``ids``, with their values as COPY text);
    ``changed_at`` is the column's default, the transaction's time."""
    _, revision = _tables()
    # observation_id | changed_by_id, actor, action, old_value | new_value | old_yoy_pct | new_yoy_pct | old_status,
    # new_status, reason
    middle = "\t".join([_escaped(user_id), _escaped(actor), "create", "\\N"])
    tail = "\t" + "\t".join(["", _escaped(status), _escaped(reason)])
    columns = REVISION_COLUMNS.replace("changed_at, ", "")
    with _copy_in(raw, f"{revision} ({columns})") as copy:
        for start in range(0, len(ids), COPY_CHUNK):
            end = start + COPY_CHUNK
            rows = zip(ids[start:end], repeat(middle), values[start:end], repeat("\\N"), yoys[start:end])
            copy.write((tail + "\n").join(map("\t".join, rows)) + tail + "\n")


def _copy_in(raw, target: str):
    """``COPY target FROM STDIN`` on a psycopg cursor, sent by psycopg's writer thread: the server
    takes in one block while this thread makes the next."""
    from psycopg.copy import QueuedLibpqWriter

    return raw.copy(f"COPY {target} FROM STDIN", writer=QueuedLibpqWriter(raw))


def _take(columns: list[list], indices: list[int], total: int) -> list[list]:
    if len(indices) == total:
        return columns
    return [[column[i] for i in indices] for column in columns]


def _mapped(values: list, convert: Callable) -> list:
    """``[convert(v) for v in values]``, converting each distinct object once (a column repeats a few
    objects many times: the same indicator, period or parsed number)."""
    keys = list(map(id, values))
    distinct = dict(zip(keys, values))
    converted = {key: convert(value) for key, value in distinct.items()}
    return list(map(converted.__getitem__, keys))


def _figure_text(name: str) -> Callable:
    """A number as the figure's column holds it, as text: the one text SQLite keeps for it (an
    ``ExactDecimalField`` compares stored texts), and what COPY reads on PostgreSQL."""
    field = Observation._meta.get_field(name)
    return lambda value: decimal_text(value, field.max_digits, field.decimal_places)


def _columns(batch) -> list[list]:
    """The incoming table's columns, as the database takes them (numbers as ``_figure_text``)."""
    value_text, yoy_text = _figure_text("value"), _figure_text("yoy_pct")

    periods = _mapped(batch.periods, lambda p: (p.code, str(p.kind), p.end.isoformat()))
    return [
        _mapped(batch.indicators, lambda i: i.id),
        _mapped(batch.regions, lambda r: r.id),
        [p[0] for p in periods],
        [p[1] for p in periods],
        [p[2] for p in periods],
        list(batch.bases),
        _mapped(batch.values, lambda v: None if v is None else value_text(v)),
        _mapped(batch.yoy_pcts, lambda v: None if v is None else yoy_text(v)),
        list(batch.ranks),
    ]


def _copy(cursor, columns: list[list], progress) -> None:
    """COPY's text format: tab-separated, \\N for NULL; none of our values hold tabs or newlines."""
    texts = [_mapped(column, lambda v: "\\N" if v is None else str(v)) for column in columns]
    total = len(columns[0])
    with _copy_in(cursor.cursor, f"{INCOMING} ({', '.join(COLUMNS)})") as copy:
        for start in range(0, total, COPY_CHUNK):
            rows = zip(*(column[start:start + COPY_CHUNK] for column in texts))
            copy.write("\n".join(map("\t".join, rows)) + "\n")
            if progress:
                progress(min(COPY_CHUNK, total - start))


def _insert_many(cursor, columns: list[list], progress) -> None:
    sql = f"INSERT INTO {INCOMING} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
    total = len(columns[0])
    for start in range(0, total, CHUNK):
        cursor.executemany(sql, list(zip(*(column[start:start + CHUNK] for column in columns))))
        if progress:
            progress(min(CHUNK, total - start))
