"""Workbook import speed: a statistics bureau's monthly workbook of 40 county sheets of 13 regions
(examples/make_bureau_workbook.py) through ``duban import --kind observations`` on SQLite, beside
openpyxl merely reading the same workbook in the same run. Writes the "Workbook import" section
of docs/benchmarks.md.

    python -m benchmarks.workbook_speed          # BENCH_WORKBOOK_RUNS (5) runs, the median shown
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.report import machine, replace_section

RUNS = int(os.environ.get("BENCH_WORKBOOK_RUNS", "5"))
SHEETS = 40
ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 2.0


def _generator():
    spec = importlib.util.spec_from_file_location("make_bureau_workbook", ROOT / "examples" / "make_bureau_workbook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _setup() -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ["DUBAN_DATA_DIR"] = tempfile.mkdtemp(prefix="duban-workbook-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from duban.demo import dataset
    from duban.imports.registry import importer_for
    from duban.imports.tabular import Sheet

    for kind, rows in (("regions", dataset.regions()), ("groups", dataset.groups()),
                       ("departments", dataset.departments()), ("indicators", dataset.indicators())):
        assert importer_for(kind)(file_name=kind, actor="bench").run([Sheet(kind, rows)]).ok


def _read_only(path: Path) -> float:
    """openpyxl opening the workbook as duban does (merged cells kept) and reading every cell."""
    from openpyxl import load_workbook

    started = time.perf_counter()
    book = load_workbook(path, data_only=True)
    for sheet in book.worksheets:
        for _ in sheet.iter_rows(values_only=True):
            pass
    return time.perf_counter() - started


def run() -> dict:
    _setup()
    from django.db import transaction

    from duban.imports.base import import_file

    generator = _generator()
    path = generator.build(Path(tempfile.mkdtemp()) / "bureau-40-sheets.xlsx", regions=generator.HANGZHOU, sheets=SHEETS)
    imports, reads, figures = [], [], 0
    for _ in range(RUNS):
        reads.append(_read_only(path))
        with transaction.atomic():  # each run on an empty database: rolled back afterwards
            started = time.perf_counter()
            report = import_file(path, "observations", actor="bench", reason="benchmark")
            imports.append(time.perf_counter() - started)
            assert report.ok, report.problems[:5]
            figures = report.created
            transaction.set_rollback(True)
    read_sheets = sum(1 for s in report.sheets if not s["skipped"])
    return {"sheets": len(report.sheets), "read": read_sheets, "figures": figures,
            "seconds": statistics.median(imports), "baseline": statistics.median(reads),
            "all": [round(s, 2) for s in imports]}


def main() -> None:
    r = run()
    met = "met" if r["seconds"] < TARGET_SECONDS else "**not met**"
    replace_section("Workbook import", "\n".join([
        "`python -m benchmarks.run workbook`: a bureau's monthly workbook made by",
        f"`examples/make_bureau_workbook.py` ({r['sheets']} sheets: contents, two tables by industry, a chart and",
        f"{r['read']} county sheets of 13 regions each plus a 全市 row) imported into SQLite with the demo",
        "catalogue: every sheet recognised, every figure checked and written with its ledger row, in",
        "one transaction (rolled back after each run). Baseline in the same run: openpyxl opening the",
        "same workbook as duban does (not read-only: merged cells) and reading every cell.",
        "",
        "| figures | duban import | openpyxl read only | duban ÷ read | target |",
        "|---|---|---|---|---|",
        f"| {r['figures']:,} | {r['seconds']:.2f} s | {r['baseline']:.2f} s | {r['seconds'] / r['baseline']:.1f} | "
        f"< {TARGET_SECONDS:.0f} s: {met} |",
        "",
        f"Median of {RUNS} runs (`BENCH_WORKBOOK_RUNS`); every run: {', '.join(map(str, r['all']))} s.",
        f"Machine: {machine()}.",
    ]))
    print(r)


if __name__ == "__main__":
    main()
