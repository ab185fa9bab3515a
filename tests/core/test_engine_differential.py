"""The set-wise engine (core.engine) agrees with the per-cell reference (tests/core/engine_oracle.py), cell by cell.

Generated periods mix every case the semantics single out: ties (small integers), missing
figures, lower_better, targets at or below zero, staged targets, rank targets, 1-2月 and
January-first years, seasonal time progress, reported against computed YoY, zero bases.
"""

import json
import math
import random
from datetime import timedelta

import numpy as np
import pytest

from duban.core import engine

import engine_oracle as monitor
from duban.core.periods import Period
from duban.core.warnings import DEFAULT_RULES

PERIODS = ["2024-01", "2024-02", "2024-03", "2024-05", "2024-06", "2024-12", "2024-03D2", "2024Q2"]


def _maybe(rng, p, make):
    return make() if rng.random() < p else None


def _number(rng):
    return rng.choice([rng.randint(-3, 12), rng.randint(0, 6), round(rng.uniform(-20, 80), 2), 0])


def _inputs(seed: int) -> monitor.PeriodInputs:
    rng = random.Random(seed)
    period = Period.parse(rng.choice(PERIODS))
    regions = rng.sample(range(3, 60), rng.randint(4, 9))
    groups = {}
    for g in rng.sample(range(100, 120), rng.randint(0, 3)):
        groups[g] = rng.sample(regions, rng.randint(1, len(regions)))
    specs = [
        monitor.IndicatorSpec(
            id=i, kind=rng.choice(["flow", "flow", "stock", "rate"]),
            direction=rng.choice(["higher_better", "lower_better"]),
            rank_by=rng.choice(["value", "ytd", "yoy_pct"]), seasonal=rng.random() < 0.3,
            deadline_days=rng.choice([0, 10, 15]), decimals=rng.choice([0, 1, 1, 2]), additive=rng.random() < 0.8,
        )
        for i in rng.sample(range(1, 40), rng.randint(1, 4))
    ]
    stages = []
    for kind in ("quarter", "half"):
        try:
            stages.append(period.enclosing(kind))
        except ValueError:
            pass
    reported, previous, last_year, full, targets = {}, {}, {}, {}, {}
    for spec in specs:
        for r in regions:
            key = (spec.id, r)
            shape = rng.random()
            if shape < 0.75:
                reported[key] = monitor.Reported(
                    value=_maybe(rng, 0.5, lambda: _number(rng)), ytd=_maybe(rng, 0.6, lambda: _number(rng)),
                    yoy_period=_maybe(rng, 0.3, lambda: round(rng.uniform(-5, 9), 1)),
                    yoy_ytd=_maybe(rng, 0.3, lambda: rng.choice([round(rng.uniform(-5, 9), 1), 2.0, -1.0])),
                )
            if rng.random() < 0.8:
                previous[key] = monitor.Prior(
                    value=_maybe(rng, 0.7, lambda: float(_number(rng))), ytd=_maybe(rng, 0.7, lambda: float(_number(rng))),
                    ytd_started=rng.random() < 0.6,
                    ranks={g: (_maybe(rng, 0.8, lambda: rng.randint(1, 6)), _maybe(rng, 0.6, lambda: rng.randint(-3, 3)))
                           for g, members in groups.items() if r in members and rng.random() < 0.9},
                )
            if rng.random() < 0.8:
                last_year[key] = monitor.Prior(
                    value=_maybe(rng, 0.8, lambda: float(_number(rng))), ytd=_maybe(rng, 0.8, lambda: float(_number(rng)))
                )
            if rng.random() < 0.7:
                full[key] = _maybe(rng, 0.8, lambda: float(rng.choice([_number(rng), 100, 250])))
            if rng.random() < 0.5:
                stage = rng.choice([None, None, *stages]) if stages else None
                targets[key] = monitor.Targets(
                    value=_maybe(rng, 0.7, lambda: rng.choice([_number(rng), 40, 0, -5])),
                    growth_pct=_maybe(rng, 0.5, lambda: rng.choice([5, 0, -5, 7.5])),
                    stage=stage,
                    stage_value=_maybe(rng, 0.6, lambda: rng.choice([10, 0, 25])) if stage else None,
                    stage_growth_pct=_maybe(rng, 0.5, lambda: rng.choice([8, -2])) if stage else None,
                    rank_max={g: rng.randint(1, 4) for g, members in groups.items() if r in members and rng.random() < 0.5},
                )
    as_of = period.end + timedelta(days=rng.choice([-3, 5, 12, 30]))
    return monitor.PeriodInputs(
        period=period, as_of=as_of, indicators=specs, regions=regions, groups=groups, reported=reported,
        previous=previous, last_year=last_year, last_year_full=full, targets=targets, rules=DEFAULT_RULES,
        not_due=frozenset(s.id for s in specs if rng.random() < 0.2), group_names={g: f"组{g}" for g in groups},
        rank_quorum=rng.choice([0.0, 0.5]),
    )


def _nan(x):
    return math.nan if x is None else float(x)


def columns(ref: monitor.PeriodInputs) -> engine.Inputs:
    """The reference inputs as the set-wise engine's columns."""
    layout = engine.Layout(list(ref.regions), ref.groups)
    stages = sorted({t.stage for t in ref.targets.values() if t.stage is not None}, key=lambda p: p.code)
    inp = engine.Inputs.empty(
        ref.period, ref.as_of, ref.indicators, layout, stages=stages, rules=ref.rules, rank_quorum=ref.rank_quorum,
        group_names=[ref.group_names[int(g)] for g in layout.group_ids],
    )
    inp.due[:] = [spec.id not in ref.not_due for spec in ref.indicators]
    columns_of = {int(r): k for k, r in enumerate(layout.regions)}
    for row, spec in enumerate(ref.indicators):
        for region, col in columns_of.items():
            key = (spec.id, region)
            got = ref.reported.get(key)
            if got:
                inp.value[row, col], inp.ytd[row, col] = _nan(got.value), _nan(got.ytd)
                inp.yoy_period[row, col], inp.yoy_ytd[row, col] = _nan(got.yoy_period), _nan(got.yoy_ytd)
            prev = ref.previous.get(key)
            if prev:
                inp.prev_ytd[row, col], inp.prev_started[row, col] = _nan(prev.ytd), prev.ytd_started
            ly = ref.last_year.get(key)
            if ly:
                inp.ly_value[row, col], inp.ly_ytd[row, col] = _nan(ly.value), _nan(ly.ytd)
            inp.ly_full[row, col] = _nan(ref.last_year_full.get(key))
            t = ref.targets.get(key)
            if t:
                inp.has_target[row, col] = True
                inp.target_value[row, col], inp.target_growth[row, col] = _nan(t.value), _nan(t.growth_pct)
                if t.stage is not None:
                    inp.stage[row, col] = stages.index(t.stage)
                    inp.stage_value[row, col], inp.stage_growth[row, col] = _nan(t.stage_value), _nan(t.stage_growth_pct)
        for m, (g, r) in enumerate(zip(layout.member_group, layout.member_region)):
            group, region = int(layout.group_ids[g]), int(layout.regions[r])
            prev = ref.previous.get((spec.id, region))
            if prev and group in prev.ranks:
                inp.prev_rank[row, m], inp.prev_change[row, m] = map(_nan, prev.ranks[group])
            t = ref.targets.get((spec.id, region))
            if t and group in t.rank_max:
                inp.rank_max[row, m] = t.rank_max[group]
    return inp


def _same(a, b) -> bool:
    a, b = _nan(a), _nan(b)
    return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def _int(x):
    return None if math.isnan(x) else int(x)


@pytest.mark.parametrize("seed", range(300))
def test_engine_agrees_with_the_reference(seed):
    ref = _inputs(seed)
    expected = monitor.compute_period(ref)
    inp = columns(ref)
    got = engine.compute(inp)
    layout = inp.layout
    for row, spec in enumerate(ref.indicators):
        for col, region in enumerate(layout.regions.tolist()):
            e, where = expected[(spec.id, region)], (row, col)
            for name, mine in [
                ("value", got.value), ("ytd", got.ytd), ("yoy_pct", got.yoy), ("figure", got.figure),
                ("completion_pct", got.completion), ("time_progress_pct", got.time_progress),
                ("pace_gap_pp", got.pace_gap), ("growth_gap_pp", got.growth_gap),
                ("stage_completion_pct", got.stage_completion), ("stage_gap_pp", got.stage_gap),
            ]:
                assert _same(getattr(e, name), mine[where]), (seed, name, spec, region)
            assert e.ytd_started == bool(got.ytd_started[where]), (seed, spec, region)
            assert (e.yoy_source or "") == engine.YOY_SOURCES[got.yoy_source[where]]
            code = int(got.stage[where])
            assert e.stage == (None if code < 0 else inp.stages[code].code)
            assert e.note == got.notes.get(where, "")
            assert e.level == engine.LEVELS[got.level[where]], (seed, spec, region)
            assert e.reasons == json.loads(got.reason_lists[got.reasons[where]]), (seed, spec, region)
            assert (e.causes, e.met) == (int(got.causes[where]), int(got.met[where])), (seed, spec, region)
            mine_projection = got.projections.get(where)
            assert (e.projection is None) == (mine_projection is None)
            if e.projection:
                assert e.projection.keys() == mine_projection.keys()
                assert all(_same(e.projection[k], mine_projection[k]) for k in ("point", "low", "high", "target"))
                for k in ("at_risk", "method", "final", "met"):
                    assert e.projection[k] == mine_projection[k]
            members = layout.slots[col][layout.slots[col] >= 0]
            mine_ranks = [
                (int(layout.group_ids[layout.member_group[m]]), _int(got.rank[row, m]), int(got.of[row, m]),
                 _int(got.change[row, m]), got.share[row, m],
                 None if got.strength[row, m] < 0 else engine.STRENGTHS[got.strength[row, m]])
                for m in members
            ]
            assert len(e.ranks) == len(mine_ranks)
            for g, mine in zip(e.ranks, mine_ranks):
                assert (g.group, g.rank, g.of, g.change, g.strength) == (mine[0], mine[1], mine[2], mine[3], mine[5])
                assert _same(g.share_pct, mine[4])


def test_ranks_are_competition_ranks():
    keys = np.array([[-10.0, -8.0, -8.0, -5.0, np.nan]])
    ranks, counted = engine.competition_ranks(keys, np.zeros((1, 5), dtype=np.int64), 1)
    assert ranks[0, :4].tolist() == [1, 2, 2, 4] and np.isnan(ranks[0, 4]) and counted.tolist() == [4]
