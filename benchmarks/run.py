"""Run every benchmark: ``python -m benchmarks.run`` (make bench). Not a test."""

import importlib

MODULES = ["benchmarks.engine_speed", "benchmarks.import_speed", "benchmarks.bulletin_speed"]


def main() -> None:
    for name in MODULES:
        importlib.import_module(name).main()


if __name__ == "__main__":
    main()
