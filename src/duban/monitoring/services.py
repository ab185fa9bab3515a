"""The monitoring engine's storage side: rows → ``core.monitor`` inputs → stored statuses.

Results are stored per period in ``IndicatorStatus`` and kept current lazily: before a
period is read, ``ensure_current`` compares the period's snapshot with the data's change
marks (the observation ledger and the targets' history, whose ids only grow) and
recomputes what is stale, oldest first, because each period chains on the previous one
and on the same period last year. A handful of queries per period, whatever its size; the figures come from the set-wise
engine ``core.engine`` (numpy columns).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import repeat

import numpy as np

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from duban.catalogue.models import Indicator, PeerGroup, Region, TimeProgress
from duban.core import engine, monitor
from duban.core.periods import Period, PeriodKind
from duban.core.warnings import Level, catch_up_level
from duban.monitoring.models import GroupRank, IndicatorStatus, PeriodSnapshot, WarningRule
from duban.observations.models import Observation, ObservationRevision, Status
from duban.targets.models import RankTarget, Target

_STAGE_KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF)


# -- change marks and invalidation ------------------------------------------------------


def _marks() -> tuple[int, int]:
    revision = ObservationRevision.objects.aggregate(m=Max("id"))["m"] or 0
    targets = (Target.history.aggregate(m=Max("history_id"))["m"] or 0) + (
        RankTarget.history.aggregate(m=Max("history_id"))["m"] or 0
    )
    return revision, targets


def invalidate(since: date | None = None) -> None:
    """Forget the stored results of periods ending on or after ``since`` (all when None)."""
    _DATA_ENDS.clear()
    snapshots = PeriodSnapshot.objects.all()
    if since is not None:
        snapshots = snapshots.filter(period_end__gte=since)
    snapshots.delete()


def _sync_marks() -> tuple[int, int]:
    """Drop snapshots older than the latest data change; return the current marks."""
    revision, targets = _marks()
    oldest = PeriodSnapshot.objects.aggregate(r=Min("revision_mark"), t=Min("target_mark"))
    if oldest["t"] is not None and oldest["t"] != targets:
        invalidate()
    elif oldest["r"] is not None and oldest["r"] != revision:
        changed_from = ObservationRevision.objects.filter(id__gt=oldest["r"]).aggregate(
            d=Min("observation__period_end")
        )["d"]
        invalidate(changed_from)
        PeriodSnapshot.objects.update(revision_mark=revision)
    return revision, targets


def _is_current(snapshot: PeriodSnapshot | None, as_of: date) -> bool:
    if snapshot is None or snapshot.as_of > as_of:
        return False
    return snapshot.valid_until is None or as_of < snapshot.valid_until


# What the observations' dates say per period kind, remembered until the data change: at
# province scale these aggregates scan tens of millions of rows, and every page needs them.
_DATA_ENDS: dict[tuple, tuple[date | None, dict[int, date]]] = {}


def _data_ends(kind: PeriodKind | str) -> tuple[date | None, dict[int, date]]:
    """The first period end with any data, and the latest published period end of each year.

    Keyed on the newest observation id and ledger id (imports and edits move one of them);
    ``invalidate`` (called on every single save or delete) forgets it as well.
    """
    mark = (
        str(kind),
        Observation.objects.aggregate(m=Max("id"))["m"],
        ObservationRevision.objects.aggregate(m=Max("id"))["m"],
    )
    found = _DATA_ENDS.get(mark)
    if found is None:
        first = Observation.objects.filter(period_kind=str(kind)).aggregate(d=Min("period_end"))["d"]
        latest = dict(
            Observation.objects.filter(period_kind=str(kind), status=Status.PUBLISHED)
            .values_list("period_end__year")
            .annotate(d=Max("period_end"))
            .values_list("period_end__year", "d")
        )
        _DATA_ENDS.clear()
        found = _DATA_ENDS[mark] = (first, latest)
    return found


def _first_data_end(kind: PeriodKind) -> date | None:
    return _data_ends(kind)[0]


def ensure_current(period: Period, *, as_of: date) -> None:
    """Make the stored results of ``period`` (and of every earlier one it chains on) current."""
    marks = _sync_marks()
    first_end = _first_data_end(period.kind)
    if first_end is None:
        first_end = period.end
    snapshots = {
        s.period: s
        for s in PeriodSnapshot.objects.filter(period_end__lte=period.end, period_end__gte=first_end)
    }
    stale: list[Period] = []
    cursor = period
    # Walk back to the first current snapshot: everything after it chains on it. A snapshot
    # that exists but is not current only saw an earlier date (a deadline may have passed
    # since): its figures, and so its predecessors, still hold.
    while cursor.end >= first_end:
        snapshot = snapshots.get(cursor.code)
        if _is_current(snapshot, as_of):
            break
        stale.append(cursor)
        if snapshot is not None:
            break
        cursor = cursor.previous()
    if not stale and not _is_current(snapshots.get(period.code), as_of):
        stale = [period]  # before any data: store the empty period all the same
    for stale_period in reversed(stale):
        refresh_period(stale_period, as_of=as_of, marks=marks)


def ensure_year_current(period: Period, *, as_of: date) -> Period:
    """Bring the year of ``period`` current up to its latest published period; return that period."""
    latest_end = _data_ends(period.kind)[1].get(period.year)
    latest = period if latest_end is None or latest_end <= period.end else Period.from_date(latest_end, period.kind)
    ensure_current(latest, as_of=as_of)
    return latest


# -- one period, set-wise ---------------------------------------------------------------


def _specs(period: Period) -> list[monitor.IndicatorSpec]:
    return [
        monitor.IndicatorSpec(
            id=i, kind=kind, direction=direction, rank_by=rank_by,
            seasonal=progress == TimeProgress.SEASONAL, deadline_days=deadline,
        )
        for i, kind, direction, rank_by, progress, deadline in Indicator.objects.filter(frequency=str(period.kind))
        .order_by("id")
        .values_list("id", "kind", "direction", "rank_by", "time_progress", "report_deadline_days")
    ]


def _groups() -> dict[int, list[int]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for group_id, region_id in PeerGroup.members.through.objects.order_by("peergroup_id", "id").values_list(
        "peergroup_id", "region_id"
    ):
        groups[group_id].append(region_id)
    return dict(groups)


def _fetch(columns: list[tuple[str, str]], source: str, params: list) -> list[np.ndarray]:
    """One raw query as numpy columns: each column an SQL expression and a kind, ``i`` an
    integer never NULL, ``f`` a float (NULL becomes NaN).

    PostgreSQL sends the rows as binary COPY, every field 8 bytes, read in one
    ``np.frombuffer``; elsewhere the rows are fetched and converted.
    """
    if connection.vendor == "postgresql":
        select = ", ".join(
            f"CAST({expr} AS BIGINT)" if kind == "i" else f"COALESCE(CAST({expr} AS DOUBLE PRECISION), 'NaN')"
            for expr, kind in columns
        )
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY (SELECT {select} FROM {source}) TO STDOUT (FORMAT BINARY)", params) as copy:
                data = b"".join(bytes(block) for block in copy)
        fields = [("n", ">i2")]
        for k, (_, kind) in enumerate(columns):
            fields += [(f"l{k}", ">i4"), (f"v{k}", ">i8" if kind == "i" else ">f8")]
        dtype = np.dtype(fields)
        rows = np.frombuffer(data, dtype=dtype, count=(len(data) - 21) // dtype.itemsize, offset=19)
        return [rows[f"v{k}"].astype(np.int64 if kind == "i" else float) for k, (_, kind) in enumerate(columns)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(expr for expr, _ in columns)} FROM {source}", params)
        rows = cursor.fetchall()
    if not rows:
        return [np.zeros(0, dtype=np.int64 if kind == "i" else float) for _, kind in columns]
    return [np.array(column, dtype=np.int64 if kind == "i" else float) for column, (_, kind) in zip(zip(*rows), columns)]


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _observations(period: Period) -> list[np.ndarray]:
    """The period's published figures: indicator, region, is-YTD, value, reported YoY.

    Only the period code filters (one index range); rows of indicators of another frequency
    fall out when they are placed (``_cells``), as they do in the two readers below.
    """
    return _fetch(
        [("indicator_id", "i"), ("region_id", "i"), ("CASE WHEN basis = 'ytd' THEN 1 ELSE 0 END", "i"),
         ("value", "f"), ("yoy_pct", "f")],
        f"{_table(Observation)} WHERE period = %s AND status = %s",
        [period.code, str(Status.PUBLISHED)],
    )


def _statuses(period: Period, columns: list[tuple[str, str]], indicator_ids=None) -> list[np.ndarray]:
    only = "" if indicator_ids is None else f" AND indicator_id IN ({', '.join(str(int(i)) for i in indicator_ids)})"
    return _fetch(
        [("indicator_id", "i"), ("region_id", "i"), *columns],
        f"{_table(IndicatorStatus)} WHERE period = %s{only}",
        [period.code],
    )


def _stored_ranks(period: Period) -> list[np.ndarray]:
    """(indicator, region, group, rank, change) of every stored rank of a period."""
    return _fetch(
        [("indicator_id", "i"), ("region_id", "i"), ("group_id", "i"), ("rank", "f"), ("change", "f")],
        f"{_table(GroupRank)} WHERE period = %s",
        [period.code],
    )


def _stages(period: Period) -> list[Period]:
    """The staged-target periods (month, quarter, half) that hold ``period``, narrowest first."""
    stages = []
    for kind in _STAGE_KINDS:
        try:
            stages.append(period.enclosing(kind))
        except ValueError:  # a coarser period (or a week, which has no dekad) does not nest
            continue
    return stages


def _cells(inputs: engine.Inputs, row_of: np.ndarray, indicator_ids, region_ids) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ids = np.asarray(indicator_ids, dtype=np.int64)
    inside = (ids >= 0) & (ids < len(row_of))
    rows = np.full(len(ids), -1, dtype=np.int64)
    rows[inside] = row_of[ids[inside]]
    cols = inputs.layout.region_index(np.asarray(region_ids, dtype=np.int64))
    ok = (rows >= 0) & (cols >= 0)
    return rows[ok], cols[ok], ok


def _fill_targets(inputs: engine.Inputs, row_of: np.ndarray, targets: list, ranks: list) -> None:
    """Annual and staged value/growth targets (the narrowest stage wins) and rank targets."""
    if targets:
        ind, reg, codes, values, growths = zip(*targets)
        rows, cols, ok = _cells(inputs, row_of, ind, reg)
        inputs.has_target[rows, cols] = True
        values, growths = np.array(values, dtype=float)[ok], np.array(growths, dtype=float)[ok]
        year = str(inputs.period.year)
        stage_of = {s.code: k for k, s in enumerate(inputs.stages)}
        which = np.array([-1 if code == year else stage_of[code] for code in codes], dtype=np.int64)[ok]
        annual = which == -1
        inputs.target_value[rows[annual], cols[annual]] = values[annual]
        inputs.target_growth[rows[annual], cols[annual]] = growths[annual]
        for k in range(len(inputs.stages) - 1, -1, -1):  # widest first: a narrower stage overwrites it
            at = which == k
            inputs.stage[rows[at], cols[at]] = k
            inputs.stage_value[rows[at], cols[at]] = values[at]
            inputs.stage_growth[rows[at], cols[at]] = growths[at]
    if ranks:
        ind, reg, group, rank_max = (np.array(column, dtype=np.int64) for column in zip(*ranks))
        rows, cols, ok = _cells(inputs, row_of, ind, reg)
        inputs.has_target[rows, cols] = True
        members = inputs.layout.member_index(group[ok], reg[ok])
        known = members >= 0
        inputs.rank_max[rows[known], members[known]] = rank_max[ok][known]


def rules() -> list:
    return [rule.as_core() for rule in WarningRule.objects.filter(enabled=True)]


def _valid_until(period: Period, specs, as_of: date) -> date | None:
    deadlines = sorted({period.end + timedelta(days=s.deadline_days + 1) for s in specs})
    return next((d for d in deadlines if d > as_of), None)


def compute(period: Period, *, as_of: date, specs: list[monitor.IndicatorSpec] | None = None) -> engine.Result:
    """Every cell of one period from the stored data and the stored previous results.

    A handful of queries returning plain columns (no model instances), then ``core.engine``.
    """
    specs = _specs(period) if specs is None else specs
    ids = np.array([s.id for s in specs], dtype=np.int64)
    groups = _groups()
    row_of = np.full(int(ids.max()) + 1 if len(ids) else 0, -1, dtype=np.int64)
    row_of[ids] = np.arange(len(ids))
    observed = _observations(period)
    ours = np.isin(observed[0], ids)  # the period's indicators only
    obs_ind, obs_reg, obs_ytd, obs_value, obs_yoy = (column[ours] for column in observed)
    stages = _stages(period)
    year = str(period.year)
    targets = list(
        Target.objects.filter(indicator_id__in=ids.tolist(), period__in=[year, *(s.code for s in stages)])
        .values_list("indicator_id", "region_id", "period", "value", "growth_pct")
    )
    rank_targets = list(
        RankTarget.objects.filter(indicator_id__in=ids.tolist(), period=year)
        .values_list("indicator_id", "region_id", "group_id", "rank_max")
    )
    regions = np.unique(np.concatenate([
        np.array([r for members in groups.values() for r in members], dtype=np.int64),
        obs_reg, np.array([t[1] for t in targets + rank_targets], dtype=np.int64),
    ]))
    layout = engine.Layout(regions.tolist(), groups)
    inputs = engine.Inputs.empty(period, as_of, specs, layout, stages=stages, rules=rules())
    if not specs:
        return engine.compute(inputs)

    rows, cols, ok = _cells(inputs, row_of, obs_ind, obs_reg)
    is_ytd = obs_ytd[ok] == 1
    for mask, value, yoy in ((is_ytd, inputs.ytd, inputs.yoy_ytd), (~is_ytd, inputs.value, inputs.yoy_period)):
        value[rows[mask], cols[mask]] = obs_value[ok][mask]
        yoy[rows[mask], cols[mask]] = obs_yoy[ok][mask]

    previous = period.previous()
    ind, reg, ytd, started = _statuses(previous, [("ytd", "f"), ("CASE WHEN ytd_started THEN 1 ELSE 0 END", "i")])
    rows, cols, ok = _cells(inputs, row_of, ind, reg)
    inputs.prev_ytd[rows, cols], inputs.prev_started[rows, cols] = ytd[ok], started[ok] == 1
    ind, reg, group, rank, change = _stored_ranks(previous)
    rows, _, ok = _cells(inputs, row_of, ind, reg)
    members = layout.member_index(group[ok], reg[ok])
    known = members >= 0
    inputs.prev_rank[rows[known], members[known]] = rank[ok][known]
    inputs.prev_change[rows[known], members[known]] = change[ok][known]

    ind, reg, value, ytd = _statuses(period.same_period_last_year(), [("value", "f"), ("ytd", "f")])
    rows, cols, ok = _cells(inputs, row_of, ind, reg)
    inputs.ly_value[rows, cols], inputs.ly_ytd[rows, cols] = value[ok], ytd[ok]

    _fill_targets(inputs, row_of, targets, rank_targets)
    # Last year's full-year YTD serves seasonal time progress and the projection (targets only).
    wanted = {s.id for s in specs if s.seasonal} | {t[0] for t in targets}
    if wanted:
        year_end = Period.from_date(date(period.year - 1, 12, 31), period.kind)
        ind, reg, ytd = _statuses(year_end, [("ytd", "f")], sorted(wanted))
        rows, cols, ok = _cells(inputs, row_of, ind, reg)
        inputs.ly_full[rows, cols] = ytd[ok]
    return engine.compute(inputs)


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
    table, names = _table(model), ", ".join(c.name for c in columns)
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
    specs = _specs(period)
    result = compute(period, as_of=as_of, specs=specs)
    revision, target_mark = marks or _marks()
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


# -- reading ----------------------------------------------------------------------------


@dataclass
class StatusRow:
    """One indicator's stored figures for a region and period, with the level to display."""

    indicator: Indicator
    status: IndicatorStatus | None
    level: str
    reasons: list[str]
    evaluated_level: str
    ranks: list[dict]


def with_ranks(statuses: list[IndicatorStatus], ranks) -> list[IndicatorStatus]:
    """Give each status its ``ranks`` from one query (``ranks``: the GroupRank rows that cover them)."""
    found: dict[tuple, list[dict]] = defaultdict(list)
    for indicator_id, region_id, code, *row in ranks.order_by("group_id").values_list(
        "indicator_id", "region_id", "period", "group_id", "rank", "of", "change", "share_pct"
    ):
        found[(indicator_id, region_id, code)].append(GroupRank.as_dict(*row))
    for status in statuses:
        status.ranks = found.get((status.indicator_id, status.region_id, status.period), [])
    return statuses


def _group_names() -> dict[int, PeerGroup]:
    return {g.id: g for g in PeerGroup.objects.all()}


def _catch_up(statuses: list[IndicatorStatus], period: Period, region: Region) -> dict[int, str]:
    """For each red indicator, the first later period of the year that closed its gap."""
    red = [s.indicator_id for s in statuses if s.level == Level.RED]
    if not red:
        return {}
    closing: dict[int, str] = {}
    for indicator_id, code in (
        IndicatorStatus.objects.filter(
            region=region, indicator_id__in=red, gap_closed=True,
            period_end__gt=period.end, period_end__year=period.year,
        )
        .order_by("period_end")
        .values_list("indicator_id", "period")
    ):
        closing.setdefault(indicator_id, code)
    return closing


def region_status(region: Region, period: Period, *, as_of: date) -> list[StatusRow]:
    """Every indicator of the period's frequency for one region, in catalogue order."""
    ensure_year_current(period, as_of=as_of)
    indicators = list(
        Indicator.objects.filter(frequency=str(period.kind)).select_related("department", "task_force", "leader")
    )
    statuses = {
        s.indicator_id: s
        for s in with_ranks(
            list(IndicatorStatus.objects.filter(period=period.code, region=region)),
            GroupRank.objects.filter(period=period.code, region=region),
        )
    }
    closing = _catch_up(list(statuses.values()), period, region)
    groups = _group_names()
    rows = []
    for indicator in indicators:
        status = statuses.get(indicator.id)
        evaluated = status.level if status else Level.NONE
        level, catch_up_reason = catch_up_level(evaluated, closed_by=closing.get(indicator.id))
        reasons = ([catch_up_reason] if catch_up_reason else []) + (status.reasons if status else [])
        ranks = [dict(r, group=groups[r["group_id"]]) for r in (status.ranks if status else [])]
        rows.append(StatusRow(indicator, status, str(level), reasons, str(evaluated), ranks))
    return rows


@dataclass
class RankRow:
    region: Region
    figure: float | None
    rank: int | None
    of: int
    change: int | None
    share_pct: float | None
    status: IndicatorStatus


def group_ranking(indicator: Indicator, period: Period, group: PeerGroup, *, as_of: date) -> list[RankRow]:
    """One peer-group ranking, ranked regions first, then the missing ones by code."""
    ensure_current(period, as_of=as_of)
    rows = []
    statuses = list(
        IndicatorStatus.objects.filter(indicator=indicator, period=period.code, region__in=group.members.all())
        .select_related("region")
    )
    for status in with_ranks(statuses, GroupRank.objects.filter(indicator=indicator, period=period.code, group=group)):
        entry = next((r for r in status.ranks if r["group_id"] == group.id), None)
        if entry is None:
            continue
        rows.append(
            RankRow(status.region, status.figure, entry["rank"], entry["of"], entry["change"], entry["share_pct"], status)
        )
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.region.code))
    return rows


def indicator_history(indicator: Indicator, region: Region, period: Period, *, as_of: date) -> list[IndicatorStatus]:
    """The region's statuses for the indicator from the start of last year through ``period``."""
    ensure_current(period, as_of=as_of)
    statuses = list(
        IndicatorStatus.objects.filter(
            indicator=indicator, region=region, period_end__lte=period.end, period_end__year__gte=period.year - 1
        ).order_by("period_end")
    )
    ranks = GroupRank.objects.filter(indicator=indicator, region=region, period__in=[s.period for s in statuses])
    return with_ranks(statuses, ranks)


def latest_period(kind: str = "month") -> Period | None:
    """The latest period of a kind with published data (the cockpit's default)."""
    end = max(_data_ends(kind)[1].values(), default=None)
    return None if end is None else Period.from_date(end, kind)


def home_region() -> Region | None:
    return Region.objects.filter(code=settings.HOME_REGION).first()
