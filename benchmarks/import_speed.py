"""Import speed: a long-layout CSV through ``duban import`` (read, check, write with ledger),
beside a raw baseline in the same run: PostgreSQL COPY of the same rows, or a bare
executemany into SQLite. Writes the "Import" section of docs/benchmarks.md.

    python -m benchmarks.import_speed            # both databases, BENCH_IMPORT_ROWS (1,000,000), BENCH_IMPORT_RUNS (3) each
    python -m benchmarks.import_speed sqlite     # one database (run in its own process)

PostgreSQL: $BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/bench_import),
dropped and recreated. SQLite: a throw-away file.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "1000000"))
RUNS = int(os.environ.get("BENCH_IMPORT_RUNS", "3"))  # the table shows the median run
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/bench_import")
MONTHS = [f"{y}-{m:02d}" for y in (2023, 2024) for m in range(2, 13)]  # 1-2月 first, as published
INDICATORS = 50
DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def _write_csv(path: Path, rows: int) -> int:
    """Monthly YTD figures with consistent growth: realistic data that passes every check."""
    regions = max(1, rows // (INDICATORS * len(MONTHS)))
    written = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["indicator", "region", "period", "basis", "value", "yoy_pct"])
        for i in range(INDICATORS):
            for r in range(regions):
                base, growth = 10 + (i * 7 + r * 13) % 90, ((i + r) % 15) - 3
                for index, month in enumerate(MONTHS):
                    position = index % 11 + 2
                    last_year = round(base * position, 2)
                    value = last_year if month < "2024" else round(last_year * (1 + growth / 100), 2)
                    yoy = "" if month < "2024" else f"{(value / last_year - 1) * 100:.1f}"
                    out.writerow([f"i{i:02d}", f"{330000001 + r:09d}", month, "ytd", f"{value:.2f}", yoy])
                    written += 1
                    if written >= rows:
                        return written
    return written


def _setup(backend: str) -> None:
    if backend == "postgres":
        import psycopg

        name = PG_URL.rsplit("/", 1)[1]
        with psycopg.connect(PG_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = PG_URL
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["DUBAN_DATA_DIR"] = tempfile.mkdtemp(prefix="duban-import-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from duban.catalogue.models import Indicator, Region

    province = Region.objects.create(code="330000", name="浙江省")
    regions = max(1, ROWS // (INDICATORS * len(MONTHS)))
    Region.objects.bulk_create([Region(code=f"{330000001 + r:09d}", name=f"镇{r}", level="township", parent=province)
                                for r in range(regions)])
    Indicator.objects.bulk_create([Indicator(code=f"i{i:02d}", name=f"指标{i}", unit="亿元", kind="flow")
                                   for i in range(INDICATORS)])


def _baseline(backend: str, path: Path) -> float:
    """Seconds for the raw load of the same rows: COPY (PostgreSQL) or executemany (SQLite)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE raw_baseline (indicator text, region text, period text, basis text, "
                       "value numeric(20, 4), yoy_pct numeric(10, 4))")
        started = time.perf_counter()
        if backend == "postgres":
            with path.open("rb") as handle, cursor.cursor.copy(
                "COPY raw_baseline FROM STDIN WITH (FORMAT csv, HEADER true)"
            ) as copy:
                while chunk := handle.read(1 << 20):
                    copy.write(chunk)
        else:
            with path.open(encoding="utf-8") as handle:
                reader = csv.reader(handle)
                next(reader)
                cursor.executemany("INSERT INTO raw_baseline VALUES (%s, %s, %s, %s, %s, %s)",
                                   ([a, b, c, d, e, f or None] for a, b, c, d, e, f in reader))
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def run_one(backend: str) -> dict:
    _setup(backend)
    from duban.imports.base import import_file
    from duban.observations.models import Observation, ObservationRevision

    path = Path(tempfile.mkdtemp(prefix="duban-import-csv-")) / "observations.csv"
    rows = _write_csv(path, ROWS)
    baseline = _baseline(backend, path)
    phases = _time_phases()
    started = time.perf_counter()
    report = import_file(path, "observations", actor="bench", reason="benchmark")
    elapsed = time.perf_counter() - started
    assert report.ok, report.problems[:5]
    assert Observation.objects.count() == rows and ObservationRevision.objects.count() == rows
    return {"backend": backend, "rows": rows, "mb": round(path.stat().st_size / 1e6, 1),
            "seconds": round(elapsed, 2), "rate": round(rows / elapsed),
            "baseline_seconds": round(baseline, 2), "baseline_rate": round(rows / baseline),
            "phases": {name: round(seconds, 2) for name, seconds in phases.items()}
            | {"commit and rest": round(elapsed - sum(phases.values()), 2)}}


def _time_phases() -> dict[str, float]:
    """Seconds spent reading the file, parsing and checking, and writing (SQL), filled in as the import runs."""
    import functools

    from duban.imports import base
    from duban.observations.importers import ObservationImporter

    spent: dict[str, float] = {"read": 0.0, "parse": 0.0, "check and write": 0.0}

    def timed(owner, name, phase):
        original = getattr(owner, name)

        @functools.wraps(original)
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[phase] += time.perf_counter() - started
        setattr(owner, name, run)

    timed(base, "read_sheets", "read")
    timed(ObservationImporter, "rows", "read")  # the rows laid out column by column
    timed(ObservationImporter, "parse_rows", "parse")
    timed(ObservationImporter, "write", "check and write")
    return spent


def _section(results: list[dict]) -> str:
    lines = [
        "## Import",
        "",
        "`python -m benchmarks.import_speed` (also run by `make bench`); scale with `BENCH_IMPORT_ROWS`.",
        "A long-layout CSV of monthly YTD figures with published growth (50 indicators × regions × 22 months)",
        "through `duban import --kind observations`: read, parse, every check, write with one ledger row",
        "per figure, in one transaction. Baseline in the same run: the raw load of the same rows",
        "(PostgreSQL `COPY … FROM STDIN` of the CSV; SQLite a bare `executemany`), no checks, no ledger.",
        "",
        "| database | rows | file | duban import | rows/s | raw baseline | rows/s | duban ÷ baseline | target |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    targets = {"postgres": 100_000, "sqlite": 50_000}
    for r in results:
        met = "met" if r["rate"] >= targets[r["backend"]] else "**not met**"
        lines.append(
            f"| {'PostgreSQL' if r['backend'] == 'postgres' else 'SQLite'} | {r['rows']:,} | {r['mb']} MB | "
            f"{r['seconds']} s | {r['rate']:,} | {r['baseline_seconds']} s | {r['baseline_rate']:,} | "
            f"{r['rate'] / r['baseline_rate']:.2f} | ≥ {targets[r['backend']]:,} rows/s: {met} |"
        )
    lines += [
        "",
        "Each row is the median of " + f"{len(results[0]['all_rates'])} runs (`BENCH_IMPORT_RUNS`); every run's rows/s: "
        + "; ".join(f"{'PostgreSQL' if r['backend'] == 'postgres' else 'SQLite'} "
                    + ", ".join(f"{rate:,}" for rate in r["all_rates"]) for r in results) + ".",
        "",
        f"Machine: {_machine()}; the file is read from local disk, PostgreSQL 15 runs on the same",
        "machine with its default settings. Timed: `import_file` from opening the file to the commit.",
        f"Load average (1 min) as the runs ended: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; other sessions",
        "may share the machine (the baseline, taken in the same run, shows how busy it was: compare",
        "ratios rather than absolute rates across runs). Earlier",
        "designs, same benchmark and machine: row by row, SQLite 18,627 and PostgreSQL 10,832 rows/s;",
        "column-wise checks with a temporary table and per-row foreign-key checks, SQLite 38,874 and",
        "PostgreSQL 20,581 rows/s (a busy machine); catalogue keys checked per statement but the",
        "region-first index and the checked user keys still there, SQLite 81,473 and PostgreSQL",
        "80,576 rows/s.",
        "",
        "Where the time goes, in seconds (the median runs; read includes laying the rows out in columns,",
        "commit and rest includes freeing the million-row structures):",
        "",
        "| database | " + " | ".join(results[0]["phases"]) + " |",
        "|---|" + "---|" * len(results[0]["phases"]),
    ]
    for r in results:
        lines.append(f"| {'PostgreSQL' if r['backend'] == 'postgres' else 'SQLite'} | "
                     + " | ".join(f"{v}" for v in r["phases"].values()) + " |")
    lines += [
        "",
        "**Python.** Reading and checking are column-wise for the long CSV: each distinct indicator,",
        "region and period text is resolved once, plain numbers (`12.30`, `-5`) skip the full parser",
        "(a property test holds the two to the same result), and the checks are screened with numpy",
        "(min/max as array comparisons, each series sorted once for the previous and last year's",
        "point, modified z-scores over sliding windows); only figures a screen cannot clear go through",
        "the exact checks, and figures equal to the stored ones are not checked. The one parser",
        "(`observations/parsing.py`) names every problem at its place without a second pass over",
        "the file. The cycle collector is paused during an import.",
        "",
        "**Writing.** Figures not stored when the checks read the database are inserted directly;",
        "should one have been stored since, the unique key refuses it and the import with it (figures",
        "already stored go through a temporary table: updated where changed, with their ledger rows).",
        "SQLite: `executemany` into the figures' table, then one `INSERT … SELECT` writes their ledger",
        "rows. PostgreSQL: ids are drawn from the sequence in one query, the figures are `COPY`ed",
        "straight into their table and their ledger rows `COPY`ed after them. On PostgreSQL a",
        "file is checked *while* it is written: once parsed and its stored history read, a worker",
        "thread streams the figures to the server block by block while the main thread runs the",
        "checks (two cores: the server takes in rows on one, Python checks on the other); if a check",
        "fails, the report is the same as before and the transaction is rolled back. It is all one",
        "transaction, so nothing is seen before the commit and a bad file writes nothing.",
        "",
        "**What the database enforces** (migrations 0003-0005 of observations): the unique key per",
        "indicator, region, period and basis, the check constraints, and that every figure's",
        "indicator and region exist and cannot be deleted while it refers to them. SQLite keeps the",
        "last as foreign keys (cheap there; any trigger on the figures' table costs seconds per",
        "million rows). PostgreSQL checked each one per figure at commit, two row-level lookups and",
        "locks per figure (about 13 s per million on this machine); there they are now triggers:",
        "each statement inserting figures locks the distinct indicators and regions it refers to once",
        "(`FOR KEY SHARE`, the lock a foreign-key check takes) and fails unless all exist; an update",
        "that changes a figure's keys does the same; deleting (or renumbering) an indicator or region",
        "first takes the row's exclusive lock, so it waits for any import referring to it, then fails",
        "if any figure refers to it (checked in a statement of its own, which under READ COMMITTED sees",
        "what was committed meanwhile; other isolation levels are refused). Tests hold both orders of",
        "an import and a concurrent delete. The keys to the user who changed a figure are not checked",
        "by the database (Django nulls them when an account is deleted; the ledger keeps the name",
        "too): a checked key queued a check per figure at commit even when empty, 0.8 s per million.",
        "The ledger keeps every row even if a figure were deleted (no cascade, no key to the figure).",
        "Indexes: the unique key (indicator first) and the period index (`period, indicator, status`:",
        "review pages, the engine's `period = … AND status = …`); no other. A lookup by region goes",
        "through the unique key with the indicators (the API always filters by the indicators a",
        "person may see); one by region alone (an export of a region's every indicator, deleting a",
        "region) reads the table. The region-first index that served those cost 1.3 s per million.",
        "The times of an import's rows are the transaction's (`CURRENT_TIMESTAMP` as the columns'",
        "database default, so COPY leaves them out: a timestamp parsed a million times costs 0.3 s).",
        "",
        "**What is left** on PostgreSQL is the server's own work, on one core: `COPY` of the figures",
        "(heap, primary key, unique and period indexes, the per-statement key check, WAL) and of the",
        "ledger rows. With the default `max_wal_size` of 1 GB a million-figure import also forces",
        "checkpoints (the server log says \"checkpoints are occurring too frequently\"); a deployment",
        "that loads in bulk should raise it.",
    ]
    return "\n".join(lines) + "\n"


def _machine() -> str:
    import platform

    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores{' ' + model if model else ''}, Linux {platform.release()}, Python {platform.python_version()}"


def _write_doc(section: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    start = text.find("## Import")
    if start >= 0:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end + 1:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.write_text(text, encoding="utf-8")


def main() -> None:
    results = []
    for backend in ("sqlite", "postgres"):
        runs = []
        for _ in range(RUNS):
            # One process per run: Django's settings are read once, and each run starts from an empty database.
            done = subprocess.run([sys.executable, "-m", "benchmarks.import_speed", backend],
                                  capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(f"import benchmark on {backend} failed:\n{done.stderr[-3000:]}", file=sys.stderr)
                break
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(f"import {backend}: {runs[-1]}")
        if runs:
            median = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
            results.append(median | {"all_rates": [r["rate"] for r in runs]})
    if results:
        _write_doc(_section(results))


if __name__ == "__main__":
    if len(sys.argv) > 1:
        print(json.dumps(run_one(sys.argv[1])))
    else:
        main()
