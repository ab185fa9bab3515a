"""Import speed: a long-layout CSV through ``duban import`` (read, check, write with ledger),
beside a raw baseline in the same run: PostgreSQL COPY of the same rows, or a bare
executemany into SQLite. Writes the "Import" section of docs/benchmarks.md.

    python -m benchmarks.import_speed            # both databases, BENCH_IMPORT_ROWS (1,000,000)
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

    spent: dict[str, float] = {"read": 0.0, "parse and check": 0.0, "write": 0.0}

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
    timed(ObservationImporter, "parse_rows", "parse and check")
    timed(ObservationImporter, "write", "write")
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
        f"Machine: {_machine()}; the file is read from local disk, PostgreSQL 15 runs on the same",
        "machine with its default settings. Timed: `import_file` from opening the file to the commit.",
        "Other sessions shared the machine during these runs (the baseline, taken in the same run,",
        "shows how busy it was: compare ratios rather than absolute rates across runs). Before the",
        "column-wise path (same benchmark, same machine): SQLite 18,627 rows/s, PostgreSQL 10,832 rows/s.",
        "",
        "Where the time goes, in seconds (same runs):",
        "",
        "| database | " + " | ".join(results[0]["phases"]) + " |",
        "|---|" + "---|" * len(results[0]["phases"]),
    ]
    for r in results:
        lines.append(f"| {'PostgreSQL' if r['backend'] == 'postgres' else 'SQLite'} | "
                     + " | ".join(f"{v}" for v in r["phases"].values()) + " |")
    lines += [
        "",
        "Reading and checking are column-wise for the long CSV: each distinct indicator, region and",
        "period text is resolved once, plain numbers (`12.30`, `-5`) skip the full parser (a property",
        "test holds the two to the same result), and the checks are screened with numpy (min/max as",
        "array comparisons, each series sorted once for the previous and last year's point, modified",
        "z-scores over sliding windows); only figures a screen cannot clear go through the exact",
        "checks, and figures equal to the stored ones are not checked. Any problem in the file sends",
        "it down the row-by-row path, which names every problem at its place, so reports are unchanged.",
        "The cycle collector is paused during an import (a million rows are millions of lists).",
        "",
        "The rest is the database. SQLite: new figures are inserted directly with `executemany`",
        "(figures already stored go through a temporary table: update where changed, with their ledger",
        "rows), then one `INSERT … SELECT` writes the ledger rows of the created figures. PostgreSQL:",
        "`COPY` into a temporary table, then one statement updating changed figures with their ledger",
        "rows (data-modifying CTE) and one inserting new figures with their ledger rows (`RETURNING`).",
        "Every constraint stays in force; the two single-column indexes on the figure's indicator and",
        "region were dropped (migration 0003): the unique key and the series index lead with those",
        "columns and serve the same lookups. On PostgreSQL most of the time is index maintenance and the",
        "deferred foreign-key checks run at commit: three checks per figure (indicator, region, and the",
        "ledger row's figure), each a row lock on the referenced row. Meeting 100,000 rows/s there",
        "would take validating those keys set-wise instead (e.g. `NOT VALID` constraints validated",
        "once per import), which changes the schema's locking and was not done.",
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
        # One process per database: Django's settings are read once.
        done = subprocess.run([sys.executable, "-m", "benchmarks.import_speed", backend],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(f"import benchmark on {backend} failed:\n{done.stderr[-3000:]}", file=sys.stderr)
            continue
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"import {backend}: {result}")
        results.append(result)
    if results:
        _write_doc(_section(results))


if __name__ == "__main__":
    if len(sys.argv) > 1:
        print(json.dumps(run_one(sys.argv[1])))
    else:
        main()
