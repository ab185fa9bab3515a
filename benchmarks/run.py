"""Run every benchmark: ``python -m benchmarks.run`` (make bench), or some by name
(``python -m benchmarks.run load``). Not a test.

Each benchmark is a module with ``main()`` that measures duban beside a baseline taken in the
same run and writes its own section of docs/benchmarks.md. To add one, add a line below.
"""

import importlib
import sys

from benchmarks.report import machine, replace_section

BENCHMARKS = {
    "engine": "benchmarks.engine_speed",
    "import": "benchmarks.import_speed",
    "load": "benchmarks.load",
    "bulletin": "benchmarks.bulletin_speed",
    "workbook": "benchmarks.workbook_speed",
}


def main(names: list[str]) -> None:
    unknown = set(names) - set(BENCHMARKS)
    if unknown:
        raise SystemExit(f"unknown benchmark {', '.join(sorted(unknown))}; known: {', '.join(BENCHMARKS)}")
    chosen = names or list(BENCHMARKS)
    started = machine()
    for name in chosen:
        print(f"== {name}", flush=True)
        importlib.import_module(BENCHMARKS[name]).main()
    replace_section("Last run", f"`make bench` ({', '.join(chosen)}) on {started}.\n\nAt the end: {machine()}.")


if __name__ == "__main__":
    main(sys.argv[1:])
