"""One process at a time for a named job (``duban tick``, ``duban backup``/``restore``).

PostgreSQL: a session advisory lock, so processes on different machines see each other.
SQLite: an exclusive file lock beside the database file (every process that can write the
database shares its folder). Either way the lock goes when the process does, even killed.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection


@contextmanager
def exclusive(name: str) -> Iterator[bool]:
    """Try to take the lock ``name`` without waiting; yields whether this process holds it."""
    if connection.vendor == "postgresql":
        with _advisory(name) as held:
            yield held
    else:
        with _file_lock(name) as held:
            yield held


@contextmanager
def _advisory(name: str) -> Iterator[bool]:
    key = int.from_bytes(hashlib.sha256(f"duban:{name}".encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def _lock_path(name: str) -> Path:
    database = str(settings.DATABASES["default"]["NAME"])
    if database.startswith("file:") or database == ":memory:":  # the test suite's in-memory database
        return Path(tempfile.gettempdir()) / f"duban-{os.getpid()}-{name}.lock"
    return Path(f"{database}.{name}.lock")


@contextmanager
def _file_lock(name: str) -> Iterator[bool]:
    with open(_lock_path(name), "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
