"""Storing one period's results: binary COPY on PostgreSQL, executemany elsewhere.

``refresh_period`` recomputes a period and stores its statuses, ranks and the snapshot
that records which data it saw (the change marks) and until when it holds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import repeat

import numpy as np

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from duban.core import engine
from duban.core.periods import Period
from duban.monitoring.inputs import compute, indicator_specs, quoted_table
from duban.monitoring.models import GroupRank, IndicatorStatus, PeriodSnapshot
from duban.observations.models import ObservationRevision
from duban.targets.models import RankTarget, Target


def change_marks() -> tuple[int, int]:
    revision = ObservationRevision.objects.aggregate(m=Max("id"))["m"] or 0
    targets = (Target.history.aggregate(m=Max("history_id"))["m"] or 0) + (
        RankTarget.history.aggregate(m=Max("history_id"))["m"] or 0
    )
    return revision, targets


def _valid_until(period: Period, specs, as_of: date) -> date | None:
    deadlines = sorted({period.end + timedelta(days=s.deadline_days + 1) for s in specs})
    return next((d for d in deadlines if d > as_of), None)


_PG_EPOCH = date(2000, 1, 1)
_PG_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)


@dataclass
class _Column:
    """One column to store: ``int4`` / ``int8`` / ``float8`` (NaN is NULL) / ``bool`` arrays, a ``date``
    for every row, or ``text`` / ``json`` as codes into ``labels`` (a None label is NULL).
    ``sparse``: nearly every row has code 0, the others have labels of their own."""

    name: str
    kind: str
    values: object
    labels: list | None = None
    sparse: bool = False

    def rows(self, index: np.ndarray) -> _Column:
        values = self.values if self.kind == "date" else self.values[index]
        return _Column(self.name, self.kind, values, self.labels, self.sparse)

    def encode(self, label: str | None) -> bytes | None:
        """A label as binary COPY sends it (jsonb's binary form is a version byte, then the text)."""
        if label is None:
            return None
        return (b"\x01" if self.kind == "json" else b"") + label.encode()


def _binary_copy(table: str, columns: list[_Column], n: int) -> bytes:
    """The PostgreSQL binary COPY stream of the rows, built with numpy.

    Rows may arrive in any order, so rows with the same NULLs and the same texts are written
    together: within such a batch every row has the same layout, one structured array.
    """
    key = np.zeros(n, dtype=np.int64)
    stride = 1
    for c in columns:
        if c.kind in ("float8", "int4", "int8") and c.values.dtype.kind == "f":
            key += np.isnan(c.values) * stride
            stride *= 2
        elif c.kind in ("text", "json"):
            key += c.values.astype(np.int64) * stride
            stride *= len(c.labels)
    batches, inverse = np.unique(key, return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[order], np.arange(len(batches) + 1))
    chunks = [_PG_COPY_HEADER]
    for b in range(len(batches)):
        rows = order[bounds[b] : bounds[b + 1]]
        first = rows[0]
        fields, fill = [("n", ">i2")], {"n": len(columns)}
        for k, c in enumerate(columns):
            if c.kind == "date":
                fields += [(f"l{k}", ">i4"), (f"v{k}", ">i4")]
                fill[f"l{k}"], fill[f"v{k}"] = 4, (c.values - _PG_EPOCH).days
            elif c.kind in ("text", "json"):
                raw = c.encode(c.labels[c.values[first]])
                fill[f"l{k}"] = -1 if raw is None else len(raw)
                fields.append((f"l{k}", ">i4"))
                if raw:
                    fields.append((f"v{k}", f"S{len(raw)}"))
                    fill[f"v{k}"] = raw
            elif c.values.dtype.kind == "f" and np.isnan(c.values[first]):
                fields.append((f"l{k}", ">i4"))
                fill[f"l{k}"] = -1
            else:
                fmt, size = {"int4": (">i4", 4), "int8": (">i8", 8), "float8": (">f8", 8), "bool": ("u1", 1)}[c.kind]
                fields += [(f"l{k}", ">i4"), (f"v{k}", fmt)]
                fill[f"l{k}"], fill[f"v{k}"] = size, c.values[rows]
        batch = np.empty(len(rows), dtype=fields)
        for name, value in fill.items():
            batch[name] = value
        chunks.append(batch.tobytes())
    chunks.append(b"\xff\xff")
    return b"".join(chunks)


def _python_rows(columns: list[_Column], n: int, binary: bool = False) -> list[tuple]:
    """The same rows as tuples of Python values (executemany; ``binary``: COPY's write_row)."""
    lists = []
    for c in columns:
        if c.kind == "date":
            lists.append(repeat(c.values, n))
        elif c.kind in ("text", "json"):
            labels = [c.encode(label) for label in c.labels] if binary and c.kind == "json" else c.labels
            lists.append([labels[k] for k in c.values.tolist()])
        elif c.values.dtype.kind == "f":
            values = c.values.astype(object)
            values[np.isnan(c.values)] = None
            if c.kind in ("int4", "int8"):
                values[~np.isnan(c.values)] = c.values[~np.isnan(c.values)].astype(np.int64).tolist()
            lists.append(values.tolist())
        else:
            lists.append(c.values.tolist())
    return list(zip(*lists))


def _store(model, columns: list[_Column], n: int) -> None:
    """Bulk insert: binary COPY on PostgreSQL, executemany on SQLite (in the caller's transaction)."""
    if not n:
        return
    table, names = quoted_table(model), ", ".join(c.name for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sparse = np.zeros(n, dtype=bool)
            for c in columns:
                if c.sparse:
                    sparse |= c.values > 0
            dense, rare = np.nonzero(~sparse)[0], np.nonzero(sparse)[0]
            statement = f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)"
            if len(dense):
                with cursor.cursor.copy(statement) as copy:
                    copy.write(_binary_copy(table, [c.rows(dense) for c in columns], len(dense)))
            if len(rare):  # rows with a label of their own: one at a time
                with cursor.cursor.copy(statement) as copy:
                    copy.set_types([{"json": "bytea"}.get(c.kind, c.kind) for c in columns])
                    for row in _python_rows([c.rows(rare) for c in columns], len(rare), binary=True):
                        copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", _python_rows(columns, n))


def _status_columns(result: engine.Result, period: Period) -> list[_Column]:
    inputs = result.inputs
    n_ind, n_reg = result.value.shape
    flat = lambda a: np.ascontiguousarray(a).ravel()  # noqa: E731
    notes, note_codes = [""], np.zeros(result.value.size, dtype=np.int64)
    for (i, r), note in result.notes.items():
        note_codes[i * n_reg + r] = len(notes)
        notes.append(note)
    projections, projection_codes = [None], np.zeros(result.value.size, dtype=np.int64)
    for (i, r), projection in result.projections.items():
        projection_codes[i * n_reg + r] = len(projections)
        projections.append(json.dumps(projection, ensure_ascii=False))
    return [
        _Column("indicator_id", "int8", np.repeat(np.array([s.id for s in inputs.indicators], dtype=np.int64), n_reg)),
        _Column("region_id", "int8", np.tile(inputs.layout.regions, n_ind)),
        _Column("period", "text", np.zeros(result.value.size, dtype=np.int64), [period.code]),
        _Column("period_end", "date", period.end),
        _Column("value", "float8", flat(result.value)),
        _Column("ytd", "float8", flat(result.ytd)),
        _Column("ytd_started", "bool", flat(result.ytd_started)),
        _Column("yoy_pct", "float8", flat(result.yoy)),
        _Column("yoy_source", "text", flat(result.yoy_source), list(engine.YOY_SOURCES)),
        _Column("figure", "float8", flat(result.figure)),
        _Column("completion_pct", "float8", flat(result.completion)),
        _Column("time_progress_pct", "float8", flat(result.time_progress)),
        _Column("pace_gap_pp", "float8", flat(result.pace_gap)),
        _Column("growth_gap_pp", "float8", flat(result.growth_gap)),
        # reference codes -2 (none), -1 (annual), 0… (a staged target)
        _Column("reference", "text", flat(result.reference) + 2, ["", "annual", *(s.code for s in inputs.stages)]),
        _Column("note", "text", note_codes, notes, sparse=True),
        _Column("level", "text", flat(result.level), list(engine.LEVELS)),
        _Column("reasons", "json", flat(result.reasons), result.reason_lists),
        _Column("gap_closed", "bool", flat(result.gap_closed)),
        _Column("projection", "json", projection_codes, projections, sparse=True),
    ]


def _rank_columns(result: engine.Result, period: Period) -> list[_Column]:
    layout = result.inputs.layout
    n_ind, n_members = result.rank.shape
    return [
        _Column("indicator_id", "int8", np.repeat(np.array([s.id for s in result.inputs.indicators], dtype=np.int64), n_members)),
        _Column("region_id", "int8", np.tile(layout.regions[layout.member_region], n_ind)),
        _Column("group_id", "int8", np.tile(layout.group_ids[layout.member_group], n_ind)),
        _Column("period", "text", np.zeros(result.rank.size, dtype=np.int64), [period.code]),
        _Column("rank", "int4", result.rank.ravel()),
        _Column("of", "int4", result.of.ravel().astype(np.int64)),
        _Column("change", "int4", result.change.ravel()),
        _Column("share_pct", "float8", result.share.ravel()),
    ]


def refresh_period(period: Period, *, as_of: date, marks: tuple[int, int] | None = None) -> int:
    """Recompute and store every figure of one period; returns the number of cells."""
    specs = indicator_specs(period)
    result = compute(period, as_of=as_of, specs=specs)
    revision, target_mark = marks or change_marks()
    with transaction.atomic():
        IndicatorStatus.objects.filter(period=period.code).delete()
        GroupRank.objects.filter(period=period.code).delete()
        _store(IndicatorStatus, _status_columns(result, period), len(result))
        _store(GroupRank, _rank_columns(result, period), result.rank.size)
        PeriodSnapshot.objects.update_or_create(
            period=period.code,
            defaults={
                "period_end": period.end, "as_of": as_of, "computed_at": timezone.now(),
                "revision_mark": revision, "target_mark": target_mark,
                "valid_until": _valid_until(period, specs, as_of),
            },
        )
    return len(result)
