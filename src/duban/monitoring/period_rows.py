"""Replacing one period's stored rows: binary COPY into the period's partition on PostgreSQL
(statements composed with ``psycopg.sql``), DELETE and executemany on SQLite, side by side.

The binary COPY stream is laid out with numpy: fixed-width fields a batch at a time, each
distinct combination of texts encoded once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import chain, repeat
from math import prod

import numpy as np
from psycopg import sql

from django.db import connection

from duban.core.periods import Period

_PG_EPOCH = date(2000, 1, 1)
_FEW_LABELS = 8
_PG_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)


@dataclass
class Column:
    """One column to store: ``int4`` / ``int8`` / ``float8`` (NaN is NULL) / ``bool`` arrays, a ``date``
    for every row, or ``text`` / ``json`` as codes into ``labels`` (a None label is NULL)."""

    name: str
    kind: str
    values: object
    labels: list | None = None

    @property
    def varying(self) -> bool:
        """Texts of many kinds (reasons, notes): encoded per distinct row, not in the numpy batches."""
        return self.kind in ("text", "json") and len(self.labels) > _FEW_LABELS

    def rows(self, index: np.ndarray) -> Column:
        values = self.values if self.kind == "date" else self.values[index]
        return Column(self.name, self.kind, values, self.labels)

    def encode(self, label: str | None) -> bytes | None:
        """A label as binary COPY sends it (jsonb's binary form is a version byte, then the text)."""
        if label is None:
            return None
        return (b"\x01" if self.kind == "json" else b"") + label.encode()

    def field(self, code: int) -> bytes:
        """Label ``code`` as a binary COPY field: its length (-1 for NULL), then its bytes."""
        raw = self.encode(self.labels[code])
        return b"\xff\xff\xff\xff" if raw is None else len(raw).to_bytes(4, "big") + raw


def _copy_order(columns: list[Column]) -> list[Column]:
    """The order ``_binary_copy`` writes the columns in: ``varying`` texts last."""
    return [c for c in columns if not c.varying] + [c for c in columns if c.varying]


def _fixed_part(columns: list[Column], n: int, n_fields: int, *, per_row: bool) -> list[bytes]:
    """Each row's field count (``n_fields``) and the fields of ``columns`` (none ``varying``).

    Rows with the same NULLs and texts have the same layout: each such batch is one structured array.
    ``per_row``: one bytes object per row, in row order; otherwise one block per batch (the
    rows in row order within each batch).
    """
    key, stride = np.zeros(n, dtype=np.int64), 1
    for c in columns:
        if c.kind in ("text", "json"):
            key += c.values.astype(np.int64) * stride
            stride *= len(c.labels)
        elif c.kind != "date" and c.values.dtype.kind == "f":
            key += np.isnan(c.values) * stride
            stride *= 2
    batches, inverse = np.unique(key, return_inverse=True)
    out = np.empty(n, dtype=object) if per_row else []
    for b in range(len(batches)):
        rows = np.nonzero(inverse == b)[0]
        first = rows[0]
        fields, fill = [("n", ">i2")], {"n": n_fields}
        for k, c in enumerate(columns):
            if c.kind == "date":
                fields += [(f"l{k}", ">i4"), (f"v{k}", ">i4")]
                fill[f"l{k}"], fill[f"v{k}"] = 4, (c.values - _PG_EPOCH).days
            elif c.kind in ("text", "json"):
                raw = c.encode(c.labels[c.values[first]])
                fields.append((f"l{k}", ">i4"))
                fill[f"l{k}"] = -1 if raw is None else len(raw)
                if raw:
                    fields.append((f"v{k}", f"S{len(raw)}"))
                    fill[f"v{k}"] = raw
            elif c.values.dtype.kind == "f" and np.isnan(c.values[first]):
                fields.append((f"l{k}", ">i4"))
                fill[f"l{k}"] = -1
            else:
                fmt, size = {"int2": (">i2", 2), "int4": (">i4", 4), "int8": (">i8", 8), "float8": (">f8", 8), "bool": ("u1", 1)}[c.kind]
                fields += [(f"l{k}", ">i4"), (f"v{k}", fmt)]
                fill[f"l{k}"], fill[f"v{k}"] = size, c.values[rows]
        batch = np.empty(len(rows), dtype=fields)
        for name, value in fill.items():
            batch[name] = value
        block = batch.tobytes()
        if per_row:
            width = batch.dtype.itemsize
            out[rows] = [block[i : i + width] for i in range(0, len(block), width)]
        else:
            out.append(block)
    return out.tolist() if per_row else out


def _text_codes(varying: list[Column], n: int) -> tuple[list[tuple[int, ...]], np.ndarray]:
    """The distinct combinations of the text columns' codes, and each row's combination."""
    if prod(len(c.labels) for c in varying) < 2**62:  # one number per row (mixed radix): a fast unique
        number = np.zeros(n, dtype=np.int64)
        for c in varying:
            number = number * len(c.labels) + c.values
        distinct, inverse = np.unique(number, return_inverse=True)
        combinations = []
        for rest in distinct.tolist():
            codes = []
            for c in reversed(varying):
                rest, code = divmod(rest, len(c.labels))
                codes.append(code)
            combinations.append(tuple(reversed(codes)))
        return combinations, inverse.ravel()
    distinct, inverse = np.unique(np.stack([c.values for c in varying], axis=1), axis=0, return_inverse=True)
    return [tuple(row) for row in distinct.tolist()], inverse.ravel()


def _binary_copy(columns: list[Column], n: int) -> bytes:
    """The PostgreSQL binary COPY stream of the rows, columns in ``_copy_order``.

    The fixed-width fields are laid out with numpy; each distinct combination of texts is
    encoded once (a period's 420,000 statuses hold a few tens of thousands) and follows its
    row's fixed part. Without texts, rows are written a batch at a time.
    """
    ordered = _copy_order(columns)
    fixed = [c for c in ordered if not c.varying]
    varying = [c for c in ordered if c.varying]
    head = _fixed_part(fixed, n, len(ordered), per_row=bool(varying))
    if not varying:
        return b"".join([_PG_COPY_HEADER, *head, b"\xff\xff"])
    combinations, inverse = _text_codes(varying, n)
    encoded = [[c.field(code) for code in range(len(c.labels))] for c in varying]
    tails = [b"".join(fields[code] for fields, code in zip(encoded, codes)) for codes in combinations]
    tail_of_row = [tails[k] for k in inverse.tolist()]
    return b"".join([_PG_COPY_HEADER, *chain.from_iterable(zip(head, tail_of_row)), b"\xff\xff"])


def _python_rows(columns: list[Column], n: int) -> list[tuple]:
    """The same rows as tuples of Python values (for executemany)."""
    lists = []
    for c in columns:
        if c.kind == "date":
            lists.append(repeat(c.values, n))
        elif c.kind in ("text", "json"):
            lists.append([c.labels[k] for k in c.values.tolist()])
        elif c.values.dtype.kind == "f":
            values = c.values.astype(object)
            values[np.isnan(c.values)] = None
            if c.kind in ("int4", "int8"):
                values[~np.isnan(c.values)] = c.values[~np.isnan(c.values)].astype(np.int64).tolist()
            lists.append(values.tolist())
        else:
            lists.append(c.values.tolist())
    return list(zip(*lists))


def _period_partition(model, period: Period, cursor) -> None:
    """PostgreSQL: create the (unlogged) partition holding ``period``'s rows of ``model`` if
    missing, and empty it; see migration 0004 of monitoring."""
    parent = model._meta.db_table
    name = sql.Identifier(f"{parent}_{period.code.lower().replace('-', '_')}")
    cursor.execute(
        sql.SQL("CREATE UNLOGGED TABLE IF NOT EXISTS {} PARTITION OF {} FOR VALUES IN ({})").format(
            name, sql.Identifier(parent), sql.Literal(period.code)
        )
    )
    cursor.execute(sql.SQL("TRUNCATE {}").format(name))


def replace(model, period: Period, columns: list[Column], n: int) -> None:
    """Replace the period's rows of ``model`` (in the caller's transaction). PostgreSQL: TRUNCATE
    the period's partition and binary COPY into it; SQLite: DELETE and executemany."""
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:
            _period_partition(model, period, cursor)
            if n:  # through the parent table, which numbers the rows (its identity column)
                statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT BINARY)").format(
                    sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c.name) for c in _copy_order(columns))
                )
                with cursor.copy(statement) as copy:
                    copy.write(_binary_copy(columns, n))
        return
    model.objects.filter(period=period.code).delete()
    if n:
        names = ", ".join(connection.ops.quote_name(c.name) for c in columns)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})",
                _python_rows(columns, n),
            )


def in_key_order(columns: list[Column], *keys: np.ndarray) -> list[Column]:
    """The rows sorted by the table's unique key (``keys``, most significant first): each index
    entry then lands next to the one before it instead of anywhere in the index."""
    order = np.lexsort(keys[::-1])
    return [c.rows(order) for c in columns]
