"""The bulk write path for large imports: same outcome and ledger as ``save_observations``, set-wise in SQL.

The incoming figures go into a temporary table (PostgreSQL: COPY; SQLite: executemany),
then a few statements do the rest, whatever the row count.

PostgreSQL, two statements:

1. the figures that differ from the stored ones: update them (version + 1) and write
   their ledger rows ("update", old → new), one statement with a data-modifying CTE;
2. the figures not stored yet: insert them and write their ledger rows ("create") from
   the ``RETURNING`` rows of the insert, one statement.

SQLite (no data-modifying CTEs):

1. mark each incoming row with the id of the observation it updates, if any;
2. write ledger rows ("update", old → new) for rows that differ, before they change;
3. update those rows (version + 1);
4. insert the new rows;
5. write ledger rows ("create") for them: the rows above the largest id before step 4
   (SQLite ids only grow, and the transaction holds the database's write lock).

Every constraint (unique key, foreign keys, checks) stays in force; nothing is deferred
beyond what the schema declares.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import DatabaseError, connection
from django.utils import timezone

from duban.observations.models import Observation, ObservationRevision

# Below this many figures the ORM path is simpler and as fast.
BULK_THRESHOLD = 20_000
CHUNK = 100_000
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
    from duban.observations.services import SaveOutcome

    postgres = connection.vendor == "postgresql"
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    user_id = user.pk if user is not None else None
    columns = _columns(batch)
    with connection.cursor() as cursor:
        if postgres:
            _create_incoming(cursor)
            _copy(cursor, columns, progress)
            created, updated = _write_postgres(cursor, status=status, source=source, user_id=user_id, actor=actor,
                                               reason=reason, now=now)
            cursor.execute(f"DROP TABLE {INCOMING}")
        else:
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


def _create_incoming(cursor) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {INCOMING}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {INCOMING} (indicator_id bigint, region_id bigint, period varchar(12), "
        f"period_kind varchar(8), period_end date, basis varchar(8), value numeric(20, 4), "
        f"yoy_pct numeric(10, 4), reported_rank integer, existing_id bigint)"
    )


KEYS = "o.indicator_id = i.indicator_id AND o.region_id = i.region_id AND o.period = i.period AND o.basis = i.basis"


def _changed(differs: str) -> str:
    return (f"(o.value {differs} i.value OR o.yoy_pct {differs} i.yoy_pct "
            f"OR o.reported_rank {differs} i.reported_rank OR o.status {differs} %s)")


def _write_postgres(cursor, *, status, source, user_id, actor, reason, now) -> tuple[int, int]:
    observation, revision = _tables()
    cursor.execute(f"ANALYZE {INCOMING}")
    cursor.execute(
        f"WITH changed AS MATERIALIZED ("
        f"  SELECT o.id, o.value AS old_value, o.yoy_pct AS old_yoy_pct, o.status AS old_status, "
        f"         i.value, i.yoy_pct, i.reported_rank "
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
    if stored_when_checked is None:
        direct, staged = [], list(range(total))
    else:
        direct = [i for i, stored in enumerate(stored_when_checked.tolist()) if not stored]
        staged = [i for i, stored in enumerate(stored_when_checked.tolist()) if stored]
    updated = staged_new = 0
    if staged:
        _create_incoming(cursor)
        _insert_many(cursor, _take(columns, staged, total), progress)
        changed = _changed("IS NOT")
        cursor.execute(f"UPDATE {INCOMING} AS i SET existing_id = (SELECT o.id FROM {observation} o WHERE {KEYS})")
        cursor.execute(
            f"INSERT INTO {revision} ({REVISION_COLUMNS}) "
            f"SELECT o.id, %s, %s, %s, 'update', o.value, i.value, o.yoy_pct, i.yoy_pct, o.status, %s, %s "
            f"FROM {INCOMING} i JOIN {observation} o ON o.id = i.existing_id WHERE {changed}",
            [now, user_id, actor, status, reason, status],
        )
        updated = cursor.rowcount
        cursor.execute(
            f"UPDATE {observation} AS o SET value = i.value, yoy_pct = i.yoy_pct, reported_rank = i.reported_rank, "
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


def _columns(batch) -> list[list]:
    """The incoming table's columns, as the database takes them (numbers at 4 places, as text)."""
    from duban.observations.services import quantize

    def number(value):
        return None if value is None else str(quantize(value))

    periods = _mapped(batch.periods, lambda p: (p.code, str(p.kind), p.end.isoformat()))
    return [
        _mapped(batch.indicators, lambda i: i.id),
        _mapped(batch.regions, lambda r: r.id),
        [p[0] for p in periods],
        [p[1] for p in periods],
        [p[2] for p in periods],
        list(batch.bases),
        _mapped(batch.values, number),
        _mapped(batch.yoy_pcts, number),
        list(batch.ranks),
    ]


def _copy(cursor, columns: list[list], progress) -> None:
    """COPY's text format: tab-separated, \\N for NULL; none of our values hold tabs or newlines."""
    texts = [_mapped(column, lambda v: "\\N" if v is None else str(v)) for column in columns]
    total = len(columns[0])
    with cursor.cursor.copy(f"COPY {INCOMING} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
        for start in range(0, total, CHUNK):
            rows = zip(*(column[start:start + CHUNK] for column in texts))
            copy.write("\n".join(map("\t".join, rows)) + "\n")
            if progress:
                progress(min(CHUNK, total - start))


def _insert_many(cursor, columns: list[list], progress) -> None:
    sql = f"INSERT INTO {INCOMING} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
    total = len(columns[0])
    for start in range(0, total, CHUNK):
        cursor.executemany(sql, list(zip(*(column[start:start + CHUNK] for column in columns))))
        if progress:
            progress(min(CHUNK, total - start))
