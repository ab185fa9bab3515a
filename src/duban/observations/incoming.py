"""What both database writers share: the figures of a batch as the database takes them, and the
temporary table where figures already stored are staged to be compared and updated.

A blank cell means "not in this file": a stored figure keeps what the file does not hold
(``KEPT_*``; removing a number is its own action, ``workflow.remove_figure``).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.db import connection

from duban.exact_decimal import decimal_text
from duban.observations.figures import ObservationBatch
from duban.observations.models import Observation

FIGURES = Observation._meta.db_table
TABLE = "duban_incoming_observation"
COLUMNS = ["indicator_id", "region_id", "period", "period_kind", "period_end", "basis", "value", "yoy_pct", "reported_rank"]
KEYS = "o.indicator_id = i.indicator_id AND o.region_id = i.region_id AND o.period = i.period AND o.basis = i.basis"
KEPT_VALUE, KEPT_YOY, KEPT_RANK = ("COALESCE(i.value, o.value)", "COALESCE(i.yoy_pct, o.yoy_pct)",
                                   "COALESCE(i.reported_rank, o.reported_rank)")


def create(cursor) -> None:
    value, yoy_pct = (Observation._meta.get_field(name).db_type(connection) for name in ("value", "yoy_pct"))
    cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {TABLE} (indicator_id bigint, region_id bigint, period varchar(12), "
        f"period_kind varchar(8), period_end date, basis varchar(8), value {value}, "
        f"yoy_pct {yoy_pct}, reported_rank integer, existing_id bigint)"
    )


def changed(differs: str) -> str:
    """SQL: the stored figure ``o`` differs from what it becomes with the incoming ``i`` (status a parameter)."""
    return (f"(o.value {differs} {KEPT_VALUE} OR o.yoy_pct {differs} {KEPT_YOY} "
            f"OR o.reported_rank {differs} {KEPT_RANK} OR o.status {differs} %s)")


def number_text(name: str) -> Callable[[Decimal | None], str | None]:
    """A value or growth rate as the figure's column ``name`` holds it, as text (None for none):
    the one text SQLite keeps for it (an ``ExactDecimalField`` compares stored texts), and what
    COPY reads on PostgreSQL. The one place that knows how a number is stored."""
    field = Observation._meta.get_field(name)
    return lambda value: None if value is None else decimal_text(value, field.max_digits, field.decimal_places)


def copy_text(name: str) -> Callable[[Decimal | None], str]:
    """``number_text`` in COPY's text format."""
    text = number_text(name)
    return lambda value: "\\N" if value is None else text(value)


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
        mapped(batch.values, number_text("value")),
        mapped(batch.yoy_pcts, number_text("yoy_pct")),
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
