"""Reading rows as numpy columns: PostgreSQL's path (bytea aggregates, composed with
``psycopg.sql``) and SQLite's beside it.

``fetch(model, columns, where, among)``: ``columns`` are ``Column``s of ``model``'s table;
``where`` equality filters; ``among`` an optional (column, ids) membership filter.

PostgreSQL aggregates each column into one bytea of 8-byte big-endian values (every aggregate
of one query sees the rows in the same order), sent in binary and read with one
``np.frombuffer``: one message instead of one per row (a period has up to a million rows, far
below bytea's 1 GB). SQLite fetches the rows and converts them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import psycopg
from psycopg import sql

from django.db import connection


@dataclass(frozen=True)
class Column:
    """A column read as ``i`` (an integer never NULL) or ``f`` (a float, NULL as NaN). With
    ``equals`` the column reads 1 where it holds that value, else 0; ``flag``: a boolean as 1/0."""

    name: str
    kind: str = "i"
    equals: str | None = None
    flag: bool = False

    @property
    def dtype(self):
        return np.int64 if self.kind == "i" else float


def _pg_expression(column: Column) -> sql.Composable:
    name = sql.Identifier(column.name)
    if column.equals is not None:
        return sql.SQL("CASE WHEN {} = {} THEN 1 ELSE 0 END").format(name, sql.Literal(column.equals))
    if column.flag:
        return sql.SQL("CASE WHEN {} THEN 1 ELSE 0 END").format(name)
    return name


def _pg_aggregate(column: Column) -> sql.Composable:
    if column.kind == "i":
        return sql.SQL("string_agg(int8send(CAST({} AS BIGINT)), '')").format(_pg_expression(column))
    return sql.SQL("string_agg(float8send(COALESCE(CAST({} AS DOUBLE PRECISION), 'NaN')), '')").format(
        _pg_expression(column)
    )


def _postgres(table: str, columns: list[Column], where: dict, among) -> list[np.ndarray]:
    conditions = [sql.SQL("{} = %s").format(sql.Identifier(name)) for name in where]
    params = list(where.values())
    if among is not None:
        conditions.append(sql.SQL("{} = ANY(%s)").format(sql.Identifier(among[0])))
        params.append([int(i) for i in among[1]])
    query = sql.SQL("SELECT {} FROM {} WHERE {}").format(
        sql.SQL(", ").join(_pg_aggregate(c) for c in columns),
        sql.Identifier(table),
        sql.SQL(" AND ").join(conditions) if conditions else sql.SQL("TRUE"),
    )
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:  # Django's client-side cursors cannot read binary
        cursor.execute(query, params, binary=True)
        row = cursor.fetchone()
    return [
        np.frombuffer(data or b"", dtype=">i8" if c.kind == "i" else ">f8").astype(c.dtype)
        for data, c in zip(row, columns)
    ]


def _sqlite_expression(column: Column) -> tuple[str, list]:
    name = connection.ops.quote_name(column.name)
    if column.equals is not None:
        return f"CASE WHEN {name} = %s THEN 1 ELSE 0 END", [column.equals]
    if column.flag:
        return f"CASE WHEN {name} THEN 1 ELSE 0 END", []
    if column.kind == "f":  # a figure SQLite keeps as decimal text (duban.exact_decimal)
        return f"CAST({name} AS REAL)", []
    return name, []


def _sqlite(table: str, columns: list[Column], where: dict, among) -> list[np.ndarray]:
    expressions, params = [], []
    for column in columns:
        expression, used = _sqlite_expression(column)
        expressions.append(expression)
        params += used
    conditions = [f"{connection.ops.quote_name(name)} = %s" for name in where]
    params += list(where.values())
    if among is not None:
        ids = [int(i) for i in among[1]]
        conditions.append(f"{connection.ops.quote_name(among[0])} IN ({', '.join(['%s'] * len(ids)) or 'NULL'})")
        params += ids
    query = f"SELECT {', '.join(expressions)} FROM {connection.ops.quote_name(table)}"
    if conditions:
        query += " WHERE " + " AND ".join(conditions)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    if not rows:
        return [np.zeros(0, dtype=c.dtype) for c in columns]
    return [np.array(values, dtype=c.dtype) for values, c in zip(zip(*rows), columns)]


def fetch(model, columns: list[Column], where: dict, among: tuple[str, list[int]] | None = None) -> list[np.ndarray]:
    """The matching rows of ``model``'s table as one numpy array per column."""
    read = _postgres if connection.vendor == "postgresql" else _sqlite
    return read(model._meta.db_table, columns, where, among)
