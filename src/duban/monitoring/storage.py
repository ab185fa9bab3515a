"""Storing one period's results (through ``period_rows``: binary COPY into the period's
partition on PostgreSQL, executemany elsewhere). Rows go in the order of the table's unique key.

``refresh_period`` recomputes a period and stores its statuses, ranks and the snapshot
that records which data it saw (the change marks) and until when it holds.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np

from django.db import connection, transaction
from django.utils import timezone

from duban.catalogue.models import Indicator, PeerGroup, Region
from duban.core import engine
from duban.core.periods import Period
from duban.monitoring.inputs import compute, indicator_specs
from duban.monitoring.models import GroupRank, IndicatorStatus, PeriodSnapshot
from duban.monitoring.period_rows import Column, in_key_order, replace
from duban.observations.models import ObservationRevision
from duban.targets.models import RankTarget, Target


# Every input a result depends on besides the figures keeps a history whose ids only grow: targets,
# rank targets, indicators (direction, ranked figure, time-progress profile, deadline, precision),
# peer groups (their members included) and regions. Warning rules invalidate on save (signals).
_MARKED = (Target, RankTarget, Indicator, PeerGroup, Region)


def column_aggregates(columns) -> list:
    """The largest value of each (model, field) pair (with a third item "COUNT": the number of
    values), in one query: every read asks for the change marks, and six round trips cost more
    than the six index lookups."""
    quote = connection.ops.quote_name
    parts = [f"(SELECT {function} ({quote(model._meta.get_field(name).column)}) FROM {quote(model._meta.db_table)})"
             for model, name, function in ((*column, "MAX")[:3] for column in columns)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}")
        return list(cursor.fetchone())


MARK_COLUMNS = [(ObservationRevision, "id"), *((model.history.model, "history_id") for model in _MARKED)]


def change_marks() -> tuple[int, int]:
    """(the figures' ledger mark, the sum of the other inputs' history marks): any change moves one.

    One query (every page asks, so six round trips would be a tenth of a cockpit request).
    """
    revision, *others = column_aggregates(MARK_COLUMNS)
    return revision or 0, sum(mark or 0 for mark in others)


def _valid_until(period: Period, specs, as_of: date) -> date | None:
    deadlines = sorted({period.end + timedelta(days=s.deadline_days + 1) for s in specs})
    return next((d for d in deadlines if d > as_of), None)


_REFRESH_LOCK = 0x64756261_6E01  # "duban" + 1: the advisory lock key of refresh_period


def _status_columns(result: engine.Result, period: Period) -> list[Column]:
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
    return in_key_order([
        Column("indicator_id", "int8", indicator),
        Column("region_id", "int8", region),
        Column("period", "text", np.zeros(result.value.size, dtype=np.int64), [period.code]),
        Column("period_end", "date", period.end),
        Column("value", "float8", flat(result.value)),
        Column("ytd", "float8", flat(result.ytd)),
        Column("ytd_started", "bool", flat(result.ytd_started)),
        Column("yoy_pct", "float8", flat(result.yoy)),
        Column("yoy_source", "text", flat(result.yoy_source), list(engine.YOY_SOURCES)),
        Column("figure", "float8", flat(result.figure)),
        Column("completion_pct", "float8", flat(result.completion)),
        Column("time_progress_pct", "float8", flat(result.time_progress)),
        Column("pace_gap_pp", "float8", flat(result.pace_gap)),
        Column("growth_gap_pp", "float8", flat(result.growth_gap)),
        # stage codes -1 (none), 0… (a staged target)
        Column("stage", "text", flat(result.stage) + 1, ["", *(s.code for s in inputs.stages)]),
        Column("stage_completion_pct", "float8", flat(result.stage_completion)),
        Column("stage_gap_pp", "float8", flat(result.stage_gap)),
        Column("note", "text", note_codes, notes),
        Column("level", "text", flat(result.level), list(engine.LEVELS)),
        Column("reasons", "json", flat(result.reasons), result.reason_lists),
        Column("causes", "int2", flat(result.causes).astype(np.int64)),
        Column("met", "int2", flat(result.met).astype(np.int64)),
        Column("projection", "json", projection_codes, projections),
    ], region, indicator)


def _rank_columns(result: engine.Result, period: Period) -> list[Column]:
    layout = result.inputs.layout
    n_ind, n_members = result.rank.shape
    indicator = np.repeat(np.array([s.id for s in result.inputs.indicators], dtype=np.int64), n_members)
    region = np.tile(layout.regions[layout.member_region], n_ind)
    group = np.tile(layout.group_ids[layout.member_group], n_ind)
    return in_key_order([
        Column("indicator_id", "int8", indicator),
        Column("region_id", "int8", region),
        Column("group_id", "int8", group),
        Column("period", "text", np.zeros(result.rank.size, dtype=np.int64), [period.code]),
        Column("rank", "int4", result.rank.ravel()),
        Column("of", "int4", result.of.ravel().astype(np.int64)),
        Column("change", "int4", result.change.ravel()),
        Column("share_pct", "float8", result.share.ravel()),
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
        replace(IndicatorStatus, period, _status_columns(result, period), len(result))
        replace(GroupRank, period, _rank_columns(result, period), result.rank.size)
        PeriodSnapshot.objects.update_or_create(
            period=period.code,
            defaults={
                "period_end": period.end, "as_of": as_of, "computed_at": timezone.now(),
                "revision_mark": revision, "target_mark": target_mark,
                "valid_until": _valid_until(period, specs, as_of),
            },
        )
    return len(result)
