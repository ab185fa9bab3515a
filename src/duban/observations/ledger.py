"""The ledger of figure changes (``ObservationRevision``): every row of it is written here.

One change at a time (data entry, the workflow, reverts, removals) makes its rows with
``revision`` and keeps them with ``record``. An import writes its rows set-wise in the same
statements as its figures: the writers of ``write_sqlite`` and ``write_postgres`` take the SQL
and COPY text from ``SetWise``, so who, when, why, old and new are laid out in one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import repeat

from django.db import connection
from django.db.models import Max

from duban.observations.figures import ObservationBatch
from duban.observations.models import Observation, ObservationRevision

BATCH = 2000
TABLE = ObservationRevision._meta.db_table
COLUMNS = ("observation_id, changed_at, changed_by_id, actor, action, old_value, new_value, "
           "old_yoy_pct, new_yoy_pct, old_status, new_status, reason")
# COPY lines are cut into blocks of this many rows: the server takes in one while the next is made.
COPY_BLOCK = 10_000


def author(user) -> str:
    """Who, as the ledger keeps it: the account's name outlives the account (a deleted user's
    changes lose ``changed_by``, not their author)."""
    return user.get_username() if user is not None else ""


def revision(row: Observation, user, action: str, *, old_value, old_yoy, old_status, reason: str,
             now) -> ObservationRevision:
    """The ledger row of one change to ``row``, which already holds its new numbers and status."""
    return ObservationRevision(
        observation=row, changed_at=now, changed_by=user, actor=author(user), action=action,
        old_value=old_value, new_value=row.value, old_yoy_pct=old_yoy, new_yoy_pct=row.yoy_pct,
        old_status=old_status, new_status=row.status, reason=reason,
    )


def record(revisions: list[ObservationRevision]) -> None:
    ObservationRevision.objects.bulk_create(revisions, batch_size=BATCH)


@dataclass(frozen=True)
class SetWise:
    """Who, when and why of an import's ledger rows, written in the statements that write its figures.

    ``now`` is None where the rows take the column's database default (PostgreSQL's COPY: the
    transaction's time)."""

    now: object
    user_id: int | None
    actor: str
    reason: str

    def insert_select(self, action: str, *, figure: str, old: tuple[str, str, str], new: tuple[str, str, str],
                      new_status: str | None = None) -> tuple[str, list]:
        """``INSERT INTO ledger … SELECT`` one row per row of the ``FROM`` the caller appends (its
        parameters after these). ``old`` and ``new``: SQL for (value, growth rate, status);
        ``new_status`` given, the new status is that parameter instead."""
        status_sql = new[2] if new_status is None else "%s"
        sql = (f"INSERT INTO {TABLE} ({COLUMNS}) "
               f"SELECT {figure}, %s, %s, %s, '{action}', {old[0]}, {new[0]}, {old[1]}, {new[1]}, {old[2]}, "
               f"{status_sql}, %s ")
        params = [self.now, self.user_id, self.actor, *([] if new_status is None else [new_status]), self.reason]
        return sql, params

    def copy_target(self) -> str:
        """What ``created_lines`` are COPYed into (``changed_at`` left to its default)."""
        return f"{TABLE} ({COLUMNS.replace('changed_at, ', '')})"

    def created_lines(self, ids: list[str], values: list[str], yoys: list[str], status: str) -> Iterator[str]:
        """COPY text, block by block, of the "create" rows of figures just written (``ids``, values
        and growth rates already in COPY's text format)."""
        # observation_id | changed_by_id, actor, action, old_value | new_value | old_yoy_pct | new_yoy_pct |
        # old_status, new_status, reason
        middle = "\t".join([escaped(self.user_id), escaped(self.actor), "create", "\\N"])
        tail = "\t" + "\t".join(["", escaped(status), escaped(self.reason)])
        for start in range(0, len(ids), COPY_BLOCK):
            end = start + COPY_BLOCK
            rows = zip(ids[start:end], repeat(middle), values[start:end], repeat("\\N"), yoys[start:end])
            yield (tail + "\n").join(map("\t".join, rows)) + tail + "\n"


def escaped(value) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    return (str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def mark() -> int:
    """The newest ledger row's id: the rows a write adds after this have larger ids."""
    return ObservationRevision.objects.aggregate(m=Max("id"))["m"] or 0


def add_notes(batch: ObservationBatch, notes: dict[int, str], *, since: int) -> None:
    """Append ``notes[i]`` to the reason of the ledger row the last write gave figure ``i`` of the
    batch (a row after ``since``; a figure left unchanged got none and keeps its history as it was)."""
    keys = {i: (batch.indicators[i].pk, batch.regions[i].pk, batch.periods[i].code, batch.bases[i]) for i in notes}
    observation = Observation._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {TABLE} SET reason = reason || %s WHERE id = ("
            f"  SELECT MAX(r.id) FROM {TABLE} r JOIN {observation} o ON o.id = r.observation_id"
            f"  WHERE r.id > %s AND o.indicator_id = %s AND o.region_id = %s AND o.period = %s AND o.basis = %s)",
            [(note, since, *keys[i]) for i, note in notes.items()],
        )
