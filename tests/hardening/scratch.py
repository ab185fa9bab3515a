"""Real databases outside the test transaction, for tests that run `duban` in other processes
(concurrent ticks, imports killed mid-way, backup and restore).

On SQLite a scratch database is a file in a temporary data directory; on PostgreSQL (when the
suite runs with DATABASE_URL) a database beside the test database, named after it. The demo
data are loaded once per run into a template and copied for each test (a file copy, or
PostgreSQL's CREATE DATABASE … TEMPLATE), so no test waits for a second load.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DUBAN = [sys.executable, "-m", "duban.cli"]
SECRET = "scratch-secret-key-for-tests-only-0123456789abcdef"


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres:", "postgresql:")) else None


@dataclass
class Scratch:
    data_dir: Path
    url: str | None  # None: SQLite under data_dir

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(DUBAN_DATA_DIR=str(self.data_dir), DUBAN_SECRET_KEY=SECRET, PYTHONUNBUFFERED="1")
        if self.url:
            env["DATABASE_URL"] = self.url
        return env

    @property
    def sqlite_file(self) -> Path:
        return self.data_dir / "duban.sqlite3"

    def duban(self, *args: str, check: bool = True, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
        done = subprocess.run([*DUBAN, *args], env=self.env, capture_output=True, text=True, timeout=timeout, **kwargs)
        if check and done.returncode != 0:
            raise AssertionError(f"duban {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
        return done

    def popen(self, *args: str, **kwargs) -> subprocess.Popen:
        return subprocess.Popen([*DUBAN, *args], env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, **kwargs)


def _admin(url: str, *statements: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _db_url(base: str, name: str) -> str:
    return urlunsplit(urlsplit(base)._replace(path=f"/{name}"))


class ScratchFactory:
    """Makes empty and demo-loaded scratch databases, and drops them afterwards."""

    def __init__(self, root: Path):
        self.root, self.base, self.made, self.template = root, postgres_url(), [], None
        self.prefix = (urlsplit(self.base).path.lstrip("/") if self.base else "sqlite") + "_scratch"

    def empty(self) -> Scratch:
        index = len(self.made) + 1
        data_dir = self.root / f"db{index}"
        data_dir.mkdir(parents=True)
        url = None
        if self.base:
            name = f"{self.prefix}{index}"
            _admin(self.base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
            url = _db_url(self.base, name)
        scratch = Scratch(data_dir, url)
        self.made.append(scratch)
        return scratch

    def demo(self) -> Scratch:
        """A copy of the demo database (loaded on first use)."""
        if self.template is None:
            self.template = self.empty()
            self.template.duban("init")
            self.template.duban("demo", "--no-serve")
        return self.copy_of(self.template)

    def copy_of(self, source: Scratch) -> Scratch:
        """A new database holding what ``source`` holds (no process may be using ``source``)."""
        copy = self.empty()
        if self.base:
            name = urlsplit(copy.url).path.lstrip("/")
            original = urlsplit(source.url).path.lstrip("/")
            _admin(self.base, f'DROP DATABASE "{name}"', f'CREATE DATABASE "{name}" TEMPLATE "{original}"')
        else:
            shutil.copyfile(source.sqlite_file, copy.sqlite_file)
        return copy

    def drop_all(self) -> None:
        if self.base:
            for scratch in self.made:
                name = urlsplit(scratch.url).path.lstrip("/")
                _admin(self.base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
