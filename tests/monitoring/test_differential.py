"""End to end through the database: stored results agree with the plain core functions on random data.

The exhaustive cell-by-cell comparison of the set-wise engine with the per-cell reference
is tests/core/test_engine_differential.py."""

import random

from duban.core.pace import choose_yoy, derive_period_values, yoy_pct
from duban.core.periods import Period
from duban.core.ranking import RankRow, rank_change, rank_competition
from duban.monitoring import freshness
from duban.monitoring.models import IndicatorStatus

from .conftest import AS_OF, indicator, obs

MONTHS = [Period.parse(f"{y}-{m:02d}") for y in (2023, 2024) for m in range(2, 13)]


def test_engine_matches_core_reference(world):
    rng = random.Random(20240307)
    regions = world["regions"]
    indicators = [indicator("up"), indicator("down", direction="lower_better")]
    data = {}
    for ind in indicators:
        for region in regions:
            running = 0
            for p in MONTHS:
                if p.index == 2:
                    running = 0
                running += rng.randint(1, 5)  # integer steps: ties happen
                if rng.random() < 0.15:
                    continue  # not reported
                yoy = rng.choice([None, round(rng.uniform(-5, 15), 1)])
                data[(ind.id, region.id, p)] = (running, yoy)
                obs(ind, region, p.code, value=running, yoy=yoy)
    freshness.ensure_current(MONTHS[-1], as_of=AS_OF)
    stored = {(s.indicator_id, s.region_id, s.period): s for s in IndicatorStatus.objects.all()}

    for ind in indicators:
        previous_ranks = {}
        for p in MONTHS:
            if p.index == 2:
                previous_ranks = {}  # the previous period is January, never reported on its own
            figures, expected = {}, {}
            for region in regions:
                ytds = [data.get((ind.id, region.id, q), (None, None))[0] for q in MONTHS if q.year == p.year]
                ytds = ytds[: [q for q in MONTHS if q.year == p.year].index(p) + 1]
                start = next((i for i, v in enumerate(ytds) if v is not None), len(ytds))
                values = [None] * start + derive_period_values(ytds[start:])
                ytd, reported = data.get((ind.id, region.id, p), (None, None))
                last = data.get((ind.id, region.id, p.same_period_last_year()), (None, None))[0]
                yoy, _ = choose_yoy(reported, yoy_pct(ytd, last))
                figures[region.id] = yoy
                expected[region.id] = (values[-1], ytd, yoy)
            ranks = rank_competition(figures, ind.direction)
            if sum(row.rank is not None for row in ranks.values()) <= len(regions) / 2:  # too few published
                ranks = {r: RankRow(row.figure, None, row.of) for r, row in ranks.items()}
            for region in regions:
                s = stored[(ind.id, region.id, p.code)]
                value, ytd, yoy = expected[region.id]
                assert (s.value, s.ytd) == (value, ytd), (ind.code, region.code, p.code)
                assert s.yoy_pct == (None if yoy is None else float(yoy))
                entry = s.ranks[0]
                assert (entry["rank"], entry["of"]) == (ranks[region.id].rank, ranks[region.id].of)
                assert entry["change"] == rank_change(previous_ranks.get(region.id), ranks[region.id].rank)
            previous_ranks = {r: row.rank for r, row in ranks.items()}
