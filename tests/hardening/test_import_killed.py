"""An import killed with SIGKILL at any moment leaves all of its figures or none, with their
ledger rows to match, and the database opens and takes the same import again afterwards.
Real processes on the suite's database engine (SQLite, or PostgreSQL with DATABASE_URL)."""

import csv
import json
import os
import signal
import time

import pytest

from duban.demo import catalogue_data as cat

INDICATORS = [f"fz{i:02d}" for i in range(1, 13)]
MONTHS = [f"{year}-{month:02d}" for year in (2022, 2023, 2024) for month in range(1, 13)]
ROWS = len(INDICATORS) * len(cat.COUNTIES) * len(MONTHS)
COUNT = ("import json; from duban.observations.models import Observation, ObservationRevision; "
         "print(json.dumps([Observation.objects.filter(indicator__code__startswith='fz').count(), "
         "ObservationRevision.objects.filter(observation__indicator__code__startswith='fz').count()]))")


def _counts(scratch) -> list[int]:
    return json.loads(scratch.duban("shell", "--no-imports", "-c", COUNT).stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("killed")
    indicators, figures = folder / "indicators.csv", folder / "figures.csv"
    with open(indicators, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["code", "name", "unit", "kind", "direction", "frequency", "rank_by", "category", "department"])
        for code in INDICATORS:
            out.writerow([code, f"测试企业数{code}", "家", "stock", "higher_better", "month", "value", "创新深化", "经信局"])
    with open(figures, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["indicator", "region", "period", "value"])
        for i, code in enumerate(INDICATORS):
            for j, (region, _) in enumerate(cat.COUNTIES):
                for k, month in enumerate(MONTHS):
                    out.writerow([code, region, month, 100 + i + j + k])
    return indicators, figures


@pytest.fixture(scope="module")
def prepared(scratch_databases, files):
    """The demo with the test's indicators, and how long the whole figure import takes."""
    base = scratch_databases.demo()
    base.duban("import", str(files[0]), "--kind", "indicators")
    timing = scratch_databases.copy_of(base)
    started = time.monotonic()
    timing.duban("import", str(files[1]), "--kind", "observations")
    assert _counts(timing) == [ROWS, ROWS]
    return base, time.monotonic() - started


# Shares of a whole run (start-up included): start-up, reading and checking, writing, committing.
@pytest.mark.parametrize("share", [0.3, 0.45, 0.55, 0.65, 0.8])
def test_killed_import_leaves_all_or_nothing(scratch_databases, files, prepared, share):
    base, duration = prepared
    scratch = scratch_databases.copy_of(base)
    process = scratch.popen("import", str(files[1]), "--kind", "observations")
    time.sleep(duration * share)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    figures, ledger = _counts(scratch)
    print(f"killed at {share:.0%} of {duration:.1f} s: {figures} figures, {ledger} ledger rows")
    assert (figures, ledger) in {(0, 0), (ROWS, ROWS)}
    if figures == 0 and share > 0.4:  # the database is whole: the same import now goes through
        scratch.duban("import", str(files[1]), "--kind", "observations")
        assert _counts(scratch) == [ROWS, ROWS]
