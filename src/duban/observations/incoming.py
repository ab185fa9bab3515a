"""What both database writers share: the figures of a batch as the database takes them, and the
temporary table where figures already stored are staged to be compared and updated.

A blank cell means "not in this file": a stored figure keeps what the file does not hold
(``KEPT_*``; removing a number is its own action, ``workflow.remove_figure``).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from duban.observations.figures import ObservationBatch, quantize
from duban.observations.models import Observation

FIGURES = Observation._meta.db_table
TABLE = "duban_incoming_observation"
COLUMNS = ["indicator_id", "region_id", "period", "period_kind", "period_end", "basis", "value", "yoy_pct", "reported_rank"]
KEYS = "o.indicator_id = i.indicator_id AND o.region_id = i.region_id AND o.period = i.period AND o.basis = i.basis"
KEPT_VALUE, KEPT_YOY, KEPT_RANK = ("COALESCE(i.value, o.value)", "COALESCE(i.yoy_pct, o.yoy_pct)",
                                   "COALESCE(i.reported_rank, o.reported_rank)")


def create(cursor) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {TABLE} (indicator_id bigint, region_id bigint, period varchar(12), "
        f"period_kind varchar(8), period_end date, basis varchar(8), value numeric(20, 4), "
        f"yoy_pct numeric(10, 4), reported_rank integer, existing_id bigint)"
    )


def changed(differs: str) -> str:
    """SQL: the stored figure ``o`` differs from what it becomes with the incoming ``i`` (status a parameter)."""
    return (f"(o.value {differs} {KEPT_VALUE} OR o.yoy_pct {differs} {KEPT_YOY} "
            f"OR o.reported_rank {differs} {KEPT_RANK} OR o.status {differs} %s)")


def stored_number(value: Decimal | None) -> str | None:
    """A value or growth rate as the database is given it: text at the column's 4 places.
    The one place that knows how a number is stored."""
    return None if value is None else str(quantize(value))


def escaped_number(value: Decimal | None) -> str:
    """``stored_number`` in COPY's text format."""
    return "\\N" if value is None else str(quantize(value))


def columns(batch: ObservationBatch) -> list[list]:
    """The batch in ``COLUMNS`` order, as the database takes them."""
    periods = mapped(batch.periods, lambda p: (p.code, str(p.kind), p.end.isoformat()))
    return [
        mapped(batch.indicators, lambda i: i.id),
        mapped(batch.regions, lambda r: r.id),
        [p[0] for p in periods],
        [p[1] for p in periods],
        [p[2] for p in periods],
        list(batch.bases),
        mapped(batch.values, stored_number),
        mapped(batch.yoy_pcts, stored_number),
        list(batch.ranks),
    ]


def split(stored: list[bool]) -> tuple[list[int], list[int]]:
    """(positions of figures not stored when checked, positions of the others)."""
    return [i for i, flag in enumerate(stored) if not flag], [i for i, flag in enumerate(stored) if flag]


def take(columns: list[list], indices: list[int], total: int) -> list[list]:
    if len(indices) == total:
        return columns
    return [[column[i] for i in indices] for column in columns]


def mapped(values: list, convert: Callable) -> list:
    """``[convert(v) for v in values]``, converting each distinct object once (a column repeats a few
    objects many times: the same indicator, period or parsed number)."""
    keys = list(map(id, values))
    distinct = dict(zip(keys, values))
    converted = {key: convert(value) for key, value in distinct.items()}
    return list(map(converted.__getitem__, keys))
