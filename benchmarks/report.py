"""Writing one benchmark's section of docs/benchmarks.md, and describing the machine."""

from __future__ import annotations

import os
import platform
from datetime import datetime
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def replace_section(title: str, body: str) -> None:
    """Put ``## title`` + body in docs/benchmarks.md, replacing that section if it is there."""
    section = f"## {title}\n\n{body.strip()}\n"
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    start = text.find(f"## {title}\n")
    if start >= 0:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.write_text(text, encoding="utf-8")


def machine() -> str:
    """One line: CPU, cores, memory, load average, Python, when."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    except OSError:
        memory = 0
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{model}, {os.cpu_count()} cores, {memory:.0f} GB RAM; load average {load}; "
            f"Python {platform.python_version()}; {datetime.now():%Y-%m-%d %H:%M}")
