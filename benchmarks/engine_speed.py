"""Engine speed: recompute every figure of one period; DuckDB's ranks on the same data; cockpit p95.

Scale by environment: BENCH_REGIONS (1400), BENCH_INDICATORS (300), BENCH_YEARS (5). Uses
DATABASE_URL when set, else a throw-away SQLite file. The schema is created afresh (on
PostgreSQL, use a database of its own: the benchmark's tables are emptied first).

The data are generated directly (PostgreSQL: one INSERT … SELECT over generate_series with
the observation indexes rebuilt afterwards; SQLite: numpy columns and executemany), never
through the importer: monthly YTD values with a published YoY rate (one decimal, so ranks
tie), one province-wide group plus prefecture groups of 14, and annual value and growth
targets for a tenth of the indicators.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import date

import numpy as np

LAST_YEAR = 2024


def _setup() -> bool:
    """Migrate; start empty (but for the default rules) unless BENCH_REUSE=1 and data exist.

    With BENCH_REUSE=1 an earlier run's generated data are kept and only the engine's
    stored results are dropped (for re-measuring without rebuilding 25 M rows).
    """
    os.environ.setdefault("DUBAN_DATA_DIR", tempfile.mkdtemp(prefix="duban-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    import django

    django.setup()
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection

    from duban.monitoring.models import GroupRank, IndicatorStatus, PeriodSnapshot
    from duban.observations.models import Observation

    call_command("migrate", verbosity=0)
    if os.environ.get("BENCH_REUSE") == "1" and Observation.objects.exists():
        for model in (PeriodSnapshot, GroupRank, IndicatorStatus):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"TRUNCATE {model._meta.db_table}")
            else:
                model.objects.all()._raw_delete(model.objects.db)
        User.objects.filter(username="bench").delete()
        return True
    call_command("flush", interactive=False, verbosity=0)
    importlib.import_module("duban.monitoring.migrations.0002_default_rules").seed(apps, None)
    return False


def _catalogue(regions: int, indicators: int) -> tuple[list[int], list[int]]:
    from duban.catalogue.models import Indicator, PeerGroup, Region

    Region.objects.bulk_create(
        [Region(code=f"{330000 + 100 * (i // 14) + 1 + i % 14:06d}", name=f"县{i}", level="county") for i in range(regions)]
    )
    ids = list(Region.objects.order_by("id").values_list("id", flat=True))
    through = PeerGroup.members.through
    province = PeerGroup.objects.create(code="all", name="全省")
    links = [through(peergroup_id=province.id, region_id=r) for r in ids]
    for start in range(0, len(ids), 14):
        group = PeerGroup.objects.create(code=f"p{start}", name=f"地市{start}")
        links += [through(peergroup_id=group.id, region_id=r) for r in ids[start : start + 14]]
    through.objects.bulk_create(links, batch_size=5000)
    Indicator.objects.bulk_create(
        [Indicator(code=f"i{k}", name=f"指标{k}", unit="亿元", kind="flow") for k in range(indicators)]
    )
    return ids, list(Indicator.objects.order_by("id").values_list("id", flat=True))


def _observations_postgres(years: int) -> None:
    from django.db import connection

    table = "observations_observation"
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check the catalogue rows now: nothing may be pending
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT LIKE '%%pkey'", [table]
        )
        indexes = cursor.fetchall()
        cursor.execute(  # unique and foreign keys (deferred: 25 M pending checks otherwise)
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass"
            " AND contype IN ('u', 'f') ORDER BY contype DESC",
            [table],
        )
        uniques = cursor.fetchall()
        for name, _ in uniques:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for name, _ in indexes:
            if name not in {u for u, _ in uniques}:
                cursor.execute(f"DROP INDEX {name}")
        # Generated from the catalogue's own ids: the keys hold by construction, so the per-statement
        # key check (a copy of all 25 M inserted rows in a transition table) is switched off meanwhile.
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER observation_keys_exist_on_insert")
        cursor.execute("SELECT setseed(0.1)")
        cursor.execute(
            f"""INSERT INTO {table} (indicator_id, region_id, period, period_kind, period_end, basis, value, yoy_pct,
                                     status, version, source, updated_at)
            SELECT i.id, r.id, to_char(d, 'YYYY-MM'), 'month', (d + interval '1 month - 1 day')::date, 'ytd',
                   round((extract(month FROM d) * (3 + 5 * random()))::numeric, 2), round((random() * 20 - 5)::numeric, 1),
                   'published', 1, '', now()
            FROM catalogue_indicator i CROSS JOIN catalogue_region r
            CROSS JOIN generate_series(%s::date, %s::date, interval '1 month') d
            ORDER BY d, i.id, r.id""",  # as figures arrive: a period's rows together (monthly imports)
            [date(LAST_YEAR - years + 1, 1, 1), date(LAST_YEAR, 12, 1)],
        )
        cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER observation_keys_exist_on_insert")
        for name, definition in uniques:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        for name, definition in indexes:
            if name not in {u for u, _ in uniques}:
                cursor.execute(definition)
        cursor.execute(f"ANALYZE {table}")


def _observations_sqlite(regions: list[int], indicators: list[int], years: int) -> None:
    from django.db import connection

    from duban.core.periods import Period

    rng = np.random.default_rng(1)
    n = len(regions) * len(indicators)
    ind = np.repeat(indicators, len(regions)).tolist()
    reg = np.tile(regions, len(indicators)).tolist()
    sql = (
        "INSERT INTO observations_observation (indicator_id, region_id, period, period_kind, period_end, basis,"
        " value, yoy_pct, status, version, source, updated_at)"
        " VALUES (%s, %s, %s, 'month', %s, 'ytd', %s, %s, 'published', 1, '', CURRENT_TIMESTAMP)"
    )
    with connection.cursor() as cursor:
        for year in range(LAST_YEAR - years + 1, LAST_YEAR + 1):
            for month in range(1, 13):
                p = Period.parse(f"{year}-{month:02d}")
                # as the figures' column keeps them (SQLite: the decimal text, duban.exact_decimal)
                values = [f"{v:.4f}" for v in np.round(month * (3 + 5 * rng.random(n)), 2).tolist()]
                yoy = np.round(rng.random(n) * 20 - 5, 1).tolist()
                end = p.end.isoformat()
                cursor.executemany(sql, [(i, r, p.code, end, v, y) for i, r, v, y in zip(ind, reg, values, yoy)])


def _targets(regions: list[int], indicators: list[int]) -> None:
    from django.db import connection

    rows = [(i, r, str(LAST_YEAR), "66.0000", 5) for i in indicators[::10] for r in regions]
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO targets_target (indicator_id, region_id, period, value, growth_pct)"
            " VALUES (%s, %s, %s, %s, %s)",
            rows,
        )


def _build(regions: int, indicators: int, years: int) -> int:
    from django.db import connection, transaction

    from duban.observations.models import Observation

    with transaction.atomic():
        region_ids, indicator_ids = _catalogue(regions, indicators)
        if connection.vendor == "postgresql":
            _observations_postgres(years)
        else:
            _observations_sqlite(region_ids, indicator_ids, years)
        _targets(region_ids, indicator_ids)
    return Observation.objects.count()


def _duckdb_ranks(period: str) -> tuple[float, dict]:
    """The same competition ranks (published YoY, descending, per indicator and group) in DuckDB."""
    import duckdb
    from django.db import connection

    from duban.catalogue.models import PeerGroup

    folder = tempfile.mkdtemp(prefix="duban-duck-")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indicator_id, region_id, CAST(yoy_pct AS DOUBLE PRECISION) FROM observations_observation"
            " WHERE period = %s AND status = 'published'",
            [period],
        )
        with open(f"{folder}/obs.csv", "w") as f:
            f.write("indicator,region,yoy\n" + "".join(f"{i},{r},{y}\n" for i, r, y in cursor.fetchall()))
    with open(f"{folder}/members.csv", "w") as f:
        f.write("grp,region\n" + "".join(f"{g},{r}\n" for g, r in PeerGroup.members.through.objects.values_list("peergroup_id", "region_id")))
    con = duckdb.connect()
    con.execute(f"CREATE TABLE obs AS SELECT * FROM read_csv('{folder}/obs.csv')")
    con.execute(f"CREATE TABLE members AS SELECT * FROM read_csv('{folder}/members.csv')")
    started = time.perf_counter()
    result = con.execute(
        "SELECT o.indicator, o.region, m.grp, RANK() OVER (PARTITION BY o.indicator, m.grp ORDER BY o.yoy DESC)"
        " FROM obs o JOIN members m USING (region)"
    ).fetchall()
    return time.perf_counter() - started, {(i, r, g): k for i, r, g, k in result}


def main() -> None:
    reused = _setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from duban.core import engine
    from duban.core.periods import Period
    from duban.monitoring import freshness, inputs, storage
    from duban.monitoring.models import IndicatorStatus

    n_regions = int(os.environ.get("BENCH_REGIONS", 1400))
    n_indicators = int(os.environ.get("BENCH_INDICATORS", 300))
    n_years = int(os.environ.get("BENCH_YEARS", 5))
    started = time.perf_counter()
    if reused:
        from duban.observations.models import Observation

        n_obs = Observation.objects.count()
    else:
        n_obs = _build(n_regions, n_indicators, n_years)
    build = time.perf_counter() - started
    as_of = date(LAST_YEAR + 1, 6, 30)
    period = Period.parse(f"{LAST_YEAR}-06")
    # Untimed: the periods the measured one chains on, from January of the year before (its
    # same period last year and last year's December are among them). The earlier years are
    # in the data but would only repeat the same work 36 more times before the measurement.
    started = time.perf_counter()
    chained = Period.parse(f"{LAST_YEAR - 1}-01")
    count = 0
    while chained < period:
        storage.refresh_period(chained, as_of=as_of)
        chained, count = chained.next(), count + 1
    chain = time.perf_counter() - started

    started = time.perf_counter()
    result = inputs.compute(period, as_of=as_of)
    compute = time.perf_counter() - started
    started = time.perf_counter()
    engine.compute(result.inputs)
    engine_only = time.perf_counter() - started
    started = time.perf_counter()
    storage.refresh_period(period, as_of=as_of)
    refresh = time.perf_counter() - started
    duck_time, duck = _duckdb_ranks(period.code)
    ind, reg, grp, rank, _ = inputs.stored_ranks(period)
    ours = dict(zip(zip(ind.tolist(), reg.tolist(), grp.tolist()), rank.astype(int).tolist()))
    agree = ours == duck

    settings.HOME_REGION = IndicatorStatus.objects.values_list("region__code", flat=True).first()
    client = Client()
    client.force_login(User.objects.create_user("bench"))
    # The rest of the year current, as the writes that bring it leave it (reads only read); then warm.
    freshness.ensure_year_current(period, as_of=timezone.localdate())
    client.get("/cockpit/", {"period": period.code})
    timings = []
    for _ in range(30):
        started = time.perf_counter()
        assert client.get("/cockpit/", {"period": period.code}).status_code == 200
        timings.append(time.perf_counter() - started)
    p95 = statistics.quantiles(timings, n=20)[-1]
    print(
        f"engine_speed [{connection.vendor}] {n_regions} regions × {n_indicators} indicators × {n_years} years monthly "
        f"({n_obs:,} observations, {'reused' if reused else 'built'} in {build:.1f} s; {count} earlier periods chained in {chain:.1f} s);"
        f" one period, {len(result):,} cells:\n"
        f"  load+compute {compute:.2f} s (engine alone {engine_only:.2f} s), load+compute+store {refresh:.2f} s;"
        f" DuckDB ranks {duck_time:.3f} s (ratio compute/DuckDB {compute / duck_time:.0f}×,"
        f" compute+store/DuckDB {refresh / duck_time:.0f}×; ranks agree: {agree});"
        f" cockpit overview p95 {p95 * 1000:.0f} ms (median {statistics.median(timings) * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    main()
