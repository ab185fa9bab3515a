"""The SQLite writer of a checked batch: figures and ledger rows set-wise, in a few statements.

1. figures already stored when checked go into the incoming table (executemany), each marked
   with the id of the figure it updates, if any;
2. ledger rows ("update", old → new) for those that differ, before they change; then the update
   (version + 1);
3. the figures not stored when checked are inserted directly (executemany: should one have
   been stored since, the unique key refuses it and the import with it), and the staged ones
   gone since;
4. the "create" ledger rows: the figures above the largest id before step 3 (SQLite ids only
   grow, and the transaction holds the database's write lock).

SQLite cannot write while Python checks (one process, one lock): ``begin`` only keeps the batch,
``finish`` writes it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import DatabaseError, connection
from django.utils import timezone

from duban.observations import incoming
from duban.observations.figures import ObservationBatch, SaveOutcome
from duban.observations.incoming import FIGURES, KEPT_RANK, KEPT_VALUE, KEPT_YOY, KEYS
from duban.observations.ledger import SetWise

CHUNK = 100_000
# The page cache for the write, in KiB (negative pragma value): index maintenance of a million
# inserted rows is several times faster with room to work.
CACHE_KIB = 262_144
INSERT = (f"INSERT INTO {FIGURES} (indicator_id, region_id, period, period_kind, period_end, basis, value, "
          f"yoy_pct, reported_rank, source, status, version, updated_at, updated_by_id) ")


class SQLiteWrite:
    def __init__(self, batch: ObservationBatch, stored: list[bool], *, status: str, source: str, user=None):
        self.batch, self.stored, self.status, self.source = batch, stored, status, source
        self.user_id = user.pk if user is not None else None

    def wait(self) -> BaseException | None:
        return None

    def abandon(self) -> None:
        pass

    def finish(self, *, actor: str, reason: str, progress: Callable[[int], None] | None = None) -> SaveOutcome:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        ledger = SetWise(now, self.user_id, actor, reason)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            cache_size = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            try:
                created, updated = self._write(cursor, ledger, now, progress)
            finally:
                cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
        return SaveOutcome(created=created, updated=updated, unchanged=len(self.batch) - created - updated)

    def _write(self, cursor, ledger: SetWise, now, progress) -> tuple[int, int]:
        columns = incoming.columns(self.batch)
        total = len(self.batch)
        direct, staged = incoming.split(self.stored)
        status, source, user_id = self.status, self.source, self.user_id
        updated = staged_new = 0
        if staged:
            incoming.create(cursor)
            _insert_many(cursor, incoming.take(columns, staged, total), progress)
            changed = incoming.changed("IS NOT")
            cursor.execute(f"UPDATE {incoming.TABLE} AS i SET existing_id = (SELECT o.id FROM {FIGURES} o WHERE {KEYS})")
            sql, params = ledger.insert_select("update", figure="o.id", old=("o.value", "o.yoy_pct", "o.status"),
                                               new=(KEPT_VALUE, KEPT_YOY, ""), new_status=status)
            cursor.execute(sql + f"FROM {incoming.TABLE} i JOIN {FIGURES} o ON o.id = i.existing_id WHERE {changed}",
                           params + [status])
            updated = cursor.rowcount
            cursor.execute(
                f"UPDATE {FIGURES} AS o SET value = {KEPT_VALUE}, yoy_pct = {KEPT_YOY}, reported_rank = {KEPT_RANK}, "
                f"status = %s, source = %s, updated_by_id = %s, version = o.version + 1, updated_at = %s "
                f"FROM {incoming.TABLE} i WHERE o.id = i.existing_id AND {changed}",
                [status, source, user_id, now, status],
            )
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {FIGURES}")
        last_id = cursor.fetchone()[0]
        if direct:
            sql = INSERT + "VALUES (" + ", ".join(["%s"] * (len(incoming.COLUMNS) + 2) + ["1", "%s", "%s"]) + ")"
            constants = (source, status, now, user_id)
            part = incoming.take(columns, direct, total)
            for start in range(0, len(direct), CHUNK):
                rows = zip(*(column[start:start + CHUNK] for column in part))
                cursor.executemany(sql, [(*row, *constants) for row in rows])
                if progress:
                    progress(min(CHUNK, len(direct) - start))
        if staged:
            cursor.execute(
                INSERT + f"SELECT indicator_id, region_id, period, period_kind, period_end, basis, value, yoy_pct, "
                f"reported_rank, %s, %s, 1, %s, %s FROM {incoming.TABLE} WHERE existing_id IS NULL",
                [source, status, now, user_id],
            )
            staged_new = cursor.rowcount
            cursor.execute(f"DROP TABLE {incoming.TABLE}")
        created = len(direct) + staged_new
        sql, params = ledger.insert_select("create", figure="id", old=("NULL", "NULL", "''"),
                                           new=("value", "yoy_pct", "status"))
        cursor.execute(sql + f"FROM {FIGURES} WHERE id > %s", params + [last_id])
        if cursor.rowcount != created:
            raise DatabaseError(f"新建 {created} 条数据却写入 {cursor.rowcount} 条修改记录")
        return created, updated


def _insert_many(cursor, columns: list[list], progress) -> None:
    names = incoming.COLUMNS
    sql = f"INSERT INTO {incoming.TABLE} ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))})"
    total = len(columns[0])
    for start in range(0, total, CHUNK):
        cursor.executemany(sql, list(zip(*(column[start:start + CHUNK] for column in columns))))
        if progress:
            progress(min(CHUNK, total - start))
