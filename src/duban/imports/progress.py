"""A one-line progress display on stderr for imports that take more than a few seconds."""

from __future__ import annotations

import sys
import time


class Progress:
    """``update(n)`` as work is done; nothing is shown until ``quiet_seconds`` have passed,
    so small imports print nothing and scripts reading stdout are never disturbed."""

    def __init__(self, total: int, label: str, *, stream=None, quiet_seconds: float = 2.0):
        self.total, self.label = total, label
        self.stream = stream if stream is not None else sys.stderr
        self.quiet_seconds = quiet_seconds
        self.done = 0
        self.started = time.monotonic()
        self.shown = False

    def update(self, count: int) -> None:
        self.done += count
        elapsed = time.monotonic() - self.started
        if elapsed < self.quiet_seconds:
            return
        self.shown = True
        share = self.done / self.total if self.total else 1
        rate = self.done / elapsed if elapsed else 0
        self.stream.write(f"\r{self.label}：{share:6.1%}  {self.done:,}/{self.total:,} 行  {rate:,.0f} 行/秒 ")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
