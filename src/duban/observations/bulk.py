"""The bulk write path for large imports: same outcome and ledger as ``save_observations``, set-wise in SQL.

The incoming figures go into a temporary table (PostgreSQL: COPY; SQLite: executemany),
then five statements do the rest, whatever the row count:

1. mark each incoming row with the id of the observation it updates, if any;
2. write ledger rows ("update", old → new) for rows that differ, before they change;
3. update those rows (version + 1);
4. insert the new rows;
5. write ledger rows ("create") for them.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.db import connection
from django.utils import timezone

from duban.observations.models import Observation, ObservationRevision

# Below this many figures the ORM path is simpler and as fast.
BULK_THRESHOLD = 20_000
COPY_CHUNK = 50_000

INCOMING = "duban_incoming_observation"
COLUMNS = ["indicator_id", "region_id", "period", "period_kind", "period_end", "basis", "value", "yoy_pct", "reported_rank"]


def _tables() -> tuple[str, str]:
    return Observation._meta.db_table, ObservationRevision._meta.db_table


def bulk_save(items, *, status: str, source: str, user=None, actor: str = "", reason: str = "",
              progress: Callable[[int], None] | None = None):
    """Write many figures set-wise; returns ``SaveOutcome``. Call inside a transaction."""
    from duban.observations.services import SaveOutcome

    observation, revision = _tables()
    postgres = connection.vendor == "postgresql"
    differs = "IS DISTINCT FROM" if postgres else "IS NOT"
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    user_id = user.pk if user is not None else None
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {INCOMING}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {INCOMING} (indicator_id bigint, region_id bigint, period varchar(12), "
            f"period_kind varchar(8), period_end date, basis varchar(8), value numeric(20, 4), "
            f"yoy_pct numeric(10, 4), reported_rank integer, existing_id bigint)"
        )
        _load(cursor, items, postgres, progress)
        keys = (f"o.indicator_id = i.indicator_id AND o.region_id = i.region_id "
                f"AND o.period = i.period AND o.basis = i.basis")
        if postgres:
            cursor.execute(f"CREATE INDEX ON {INCOMING} (indicator_id, region_id, period, basis)")
            cursor.execute(f"ANALYZE {INCOMING}")
            cursor.execute(f"UPDATE {INCOMING} i SET existing_id = o.id FROM {observation} o WHERE {keys}")
        else:
            cursor.execute(f"UPDATE {INCOMING} AS i SET existing_id = (SELECT o.id FROM {observation} o WHERE {keys})")
        changed = (f"(o.value {differs} i.value OR o.yoy_pct {differs} i.yoy_pct "
                   f"OR o.reported_rank {differs} i.reported_rank OR o.status {differs} %s)")
        cursor.execute(
            f"INSERT INTO {revision} (observation_id, changed_at, changed_by_id, actor, action, old_value, new_value, "
            f"old_yoy_pct, new_yoy_pct, old_status, new_status, reason) "
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
        cursor.execute(
            f"INSERT INTO {observation} (indicator_id, region_id, period, period_kind, period_end, basis, value, "
            f"yoy_pct, reported_rank, source, status, version, updated_at, updated_by_id) "
            f"SELECT indicator_id, region_id, period, period_kind, period_end, basis, value, yoy_pct, reported_rank, "
            f"%s, %s, 1, %s, %s FROM {INCOMING} WHERE existing_id IS NULL",
            [source, status, now, user_id],
        )
        created = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {revision} (observation_id, changed_at, changed_by_id, actor, action, old_value, new_value, "
            f"old_yoy_pct, new_yoy_pct, old_status, new_status, reason) "
            f"SELECT o.id, %s, %s, %s, 'create', NULL, o.value, NULL, o.yoy_pct, '', o.status, %s "
            f"FROM {INCOMING} i JOIN {observation} o ON {keys} WHERE i.existing_id IS NULL",
            [now, user_id, actor, reason],
        )
        cursor.execute(f"DROP TABLE {INCOMING}")
    return SaveOutcome(created=created, updated=updated, unchanged=len(items) - created - updated)


def _text(value) -> str:
    return "" if value is None else str(value)


def _load(cursor, items, postgres: bool, progress) -> None:
    from duban.observations.services import quantize

    rows = (
        (i.indicator.id, i.region.id, i.period.code, str(i.period.kind), i.period.end, i.basis,
         quantize(i.value), quantize(i.yoy_pct), i.reported_rank)
        for i in items
    )
    if postgres:
        # COPY's text format: tab-separated, \N for NULL; none of our values hold tabs or newlines.
        with cursor.cursor.copy(f"COPY {INCOMING} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            buffer, count = io.StringIO(), 0
            for row in rows:
                buffer.write("\t".join("\\N" if v is None else str(v) for v in row))
                buffer.write("\n")
                count += 1
                if count % COPY_CHUNK == 0:
                    copy.write(buffer.getvalue())
                    buffer = io.StringIO()
                    if progress:
                        progress(COPY_CHUNK)
            copy.write(buffer.getvalue())
            if progress:
                progress(count % COPY_CHUNK)
        return
    sql = f"INSERT INTO {INCOMING} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
    batch = []
    for row in rows:
        batch.append((row[0], row[1], row[2], row[3], row[4].isoformat(), row[5],
                      _text(row[6]) or None, _text(row[7]) or None, row[8]))
        if len(batch) == COPY_CHUNK:
            cursor.executemany(sql, batch)
            if progress:
                progress(len(batch))
            batch = []
    cursor.executemany(sql, batch)
    if progress:
        progress(len(batch))
