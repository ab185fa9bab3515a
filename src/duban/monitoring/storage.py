"""Storing one period's results: binary COPY into the period's partition on PostgreSQL,
executemany elsewhere. Rows go in the order of the table's unique key.

``refresh_period`` recomputes a period and stores its statuses, ranks and the snapshot
that records which data it saw (the change marks) and until when it holds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import chain, repeat
from math import prod

import numpy as np

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from duban.catalogue.models import Indicator, PeerGroup, Region
from duban.core import engine
from duban.core.periods import Period
from duban.monitoring.inputs import compute, indicator_specs, quoted_table
from duban.monitoring.models import GroupRank, IndicatorStatus, PeriodSnapshot
from duban.observations.models import ObservationRevision
from duban.targets.models import RankTarget, Target


# Every input a result depends on besides the figures keeps a history whose ids only grow: targets,
# rank targets, indicators (direction, ranked figure, time-progress profile, deadline, precision),
# peer groups (their members included) and regions. Warning rules invalidate on save (signals).
_MARKED = (Target, RankTarget, Indicator, PeerGroup, Region)


def change_marks() -> tuple[int, int]:
    """(the figures' ledger mark, the sum of the other inputs' history marks): any change moves one."""
    revision = ObservationRevision.objects.aggregate(m=Max("id"))["m"] or 0
    others = sum(model.history.aggregate(m=Max("history_id"))["m"] or 0 for model in _MARKED)
    return revision, others


def _valid_until(period: Period, specs, as_of: date) -> date | None:
    deadlines = sorted({period.end + timedelta(days=s.deadline_days + 1) for s in specs})
    return next((d for d in deadlines if d > as_of), None)


_PG_EPOCH = date(2000, 1, 1)
_REFRESH_LOCK = 0x64756261_6E01  # "duban" + 1: the advisory lock key of refresh_period
_FEW_LABELS = 8
_PG_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)


@dataclass
class _Column:
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

    def rows(self, index: np.ndarray) -> _Column:
        values = self.values if self.kind == "date" else self.values[index]
        return _Column(self.name, self.kind, values, self.labels)

    def encode(self, label: str | None) -> bytes | None:
        """A label as binary COPY sends it (jsonb's binary form is a version byte, then the text)."""
        if label is None:
            return None
        return (b"\x01" if self.kind == "json" else b"") + label.encode()

    def field(self, code: int) -> bytes:
        """Label ``code`` as a binary COPY field: its length (-1 for NULL), then its bytes."""
        raw = self.encode(self.labels[code])
        return b"\xff\xff\xff\xff" if raw is None else len(raw).to_bytes(4, "big") + raw


def _copy_order(columns: list[_Column]) -> list[_Column]:
    """The order ``_binary_copy`` writes the columns in: ``varying`` texts last."""
    return [c for c in columns if not c.varying] + [c for c in columns if c.varying]


def _fixed_part(columns: list[_Column], n: int, n_fields: int, *, per_row: bool) -> list[bytes]:
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


def _text_codes(varying: list[_Column], n: int) -> tuple[list[tuple[int, ...]], np.ndarray]:
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


def _binary_copy(columns: list[_Column], n: int) -> bytes:
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


def _python_rows(columns: list[_Column], n: int) -> list[tuple]:
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
    missing, and empty it; see migration 0004."""
    parent = model._meta.db_table
    name = connection.ops.quote_name(f"{parent}_{period.code.lower().replace('-', '_')}")
    cursor.execute(
        f"CREATE UNLOGGED TABLE IF NOT EXISTS {name} PARTITION OF {connection.ops.quote_name(parent)} "
        f"FOR VALUES IN (%s)",
        [period.code],
    )
    cursor.execute(f"TRUNCATE {name}")


def _replace(model, period: Period, columns: list[_Column], n: int) -> None:
    """Replace the period's rows of ``model`` (in the caller's transaction). PostgreSQL: TRUNCATE
    the period's partition and binary COPY into it; SQLite: DELETE and executemany."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _period_partition(model, period, cursor)
            if n:  # through the parent table, which numbers the rows (its identity column)
                names = ", ".join(c.name for c in _copy_order(columns))
                with cursor.cursor.copy(f"COPY {quoted_table(model)} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
                    copy.write(_binary_copy(columns, n))
        else:
            model.objects.filter(period=period.code).delete()
            if n:
                names, placeholders = ", ".join(c.name for c in columns), ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {quoted_table(model)} ({names}) VALUES ({placeholders})", _python_rows(columns, n)
                )


def _in_key_order(columns: list[_Column], *keys: np.ndarray) -> list[_Column]:
    """The rows sorted by the table's unique key (``keys``, most significant first): each index
    entry then lands next to the one before it instead of anywhere in the index."""
    order = np.lexsort(keys[::-1])
    return [c.rows(order) for c in columns]


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
    indicator = np.repeat(np.array([s.id for s in inputs.indicators], dtype=np.int64), n_reg)
    region = np.tile(inputs.layout.regions, n_ind)
    return _in_key_order([
        _Column("indicator_id", "int8", indicator),
        _Column("region_id", "int8", region),
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
        # stage codes -1 (none), 0… (a staged target)
        _Column("stage", "text", flat(result.stage) + 1, ["", *(s.code for s in inputs.stages)]),
        _Column("stage_completion_pct", "float8", flat(result.stage_completion)),
        _Column("stage_gap_pp", "float8", flat(result.stage_gap)),
        _Column("note", "text", note_codes, notes),
        _Column("level", "text", flat(result.level), list(engine.LEVELS)),
        _Column("reasons", "json", flat(result.reasons), result.reason_lists),
        _Column("causes", "int2", flat(result.causes).astype(np.int64)),
        _Column("met", "int2", flat(result.met).astype(np.int64)),
        _Column("projection", "json", projection_codes, projections),
    ], region, indicator)


def _rank_columns(result: engine.Result, period: Period) -> list[_Column]:
    layout = result.inputs.layout
    n_ind, n_members = result.rank.shape
    indicator = np.repeat(np.array([s.id for s in result.inputs.indicators], dtype=np.int64), n_members)
    region = np.tile(layout.regions[layout.member_region], n_ind)
    group = np.tile(layout.group_ids[layout.member_group], n_ind)
    return _in_key_order([
        _Column("indicator_id", "int8", indicator),
        _Column("region_id", "int8", region),
        _Column("group_id", "int8", group),
        _Column("period", "text", np.zeros(result.rank.size, dtype=np.int64), [period.code]),
        _Column("rank", "int4", result.rank.ravel()),
        _Column("of", "int4", result.of.ravel().astype(np.int64)),
        _Column("change", "int4", result.change.ravel()),
        _Column("share_pct", "float8", result.share.ravel()),
    ], region, indicator, group)


def refresh_period(period: Period, *, as_of: date, marks: tuple[int, int] | None = None) -> int:
    """Recompute and store every figure of one period; returns the number of cells."""
    specs = indicator_specs(period)
    result = compute(period, as_of=as_of, specs=specs)
    revision, target_mark = marks or change_marks()
    with transaction.atomic():
        if connection.vendor == "postgresql":  # one refresh at a time (partitions are created on the way)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_REFRESH_LOCK])
        _replace(IndicatorStatus, period, _status_columns(result, period), len(result))
        _replace(GroupRank, period, _rank_columns(result, period), result.rank.size)
        PeriodSnapshot.objects.update_or_create(
            period=period.code,
            defaults={
                "period_end": period.end, "as_of": as_of, "computed_at": timezone.now(),
                "revision_mark": revision, "target_mark": target_mark,
                "valid_until": _valid_until(period, specs, as_of),
            },
        )
    return len(result)
