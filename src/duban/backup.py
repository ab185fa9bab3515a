"""Backing up and restoring the whole database with each engine's own tool.

SQLite: the online backup API copies a consistent snapshot while the server keeps running,
and restores by copying pages back. PostgreSQL: ``pg_dump --format=custom`` and
``pg_restore`` in one transaction. A backup file is written under a temporary name and moved
into place, so an interrupted backup never leaves a file that looks complete.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why, in Chinese."""


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _pg_env_and_args() -> tuple[dict, list[str]]:
    db = settings.DATABASES["default"]
    env = dict(os.environ, PGPASSWORD=str(db.get("PASSWORD") or ""), PGOPTIONS="-c jit=off")
    args = ["--dbname", str(db["NAME"])]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return env, args


def _run(command: list[str], env: dict) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"找不到 {command[0]}：请安装与服务器同版本的 PostgreSQL 客户端") from None
    if done.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{done.stderr.strip()}")


# The schema is emptied and rebuilt in the same transaction as the restore. (pg_restore --clean
# drops object by object, which PostgreSQL refuses for the constraints of the engine's period
# partitions.) Any error rolls the whole restore back: the database is as it was.
EMPTY_SCHEMA = "DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n"


def _restore_postgresql(source: Path) -> None:
    env, args = _pg_env_and_args()
    try:
        script = subprocess.Popen(["pg_restore", "--no-owner", "--no-privileges", "--file", "-", str(source)],
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        psql = subprocess.Popen(["psql", "--quiet", "--no-psqlrc", "--single-transaction", "-v", "ON_ERROR_STOP=1",
                                 *args], env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
    except FileNotFoundError as missing:
        raise BackupError(f"找不到 {missing.filename}：请安装与服务器同版本的 PostgreSQL 客户端") from None
    try:
        psql.stdin.write(EMPTY_SCHEMA.encode())
        while chunk := script.stdout.read(1 << 20):
            psql.stdin.write(chunk)
        if script.wait() != 0:
            psql.kill()  # before its input ends: psql commits its single transaction only at the end
            psql.wait()
            raise BackupError(f"pg_restore 失败：{script.stderr.read().decode().strip()}")
        psql.stdin.close()
    except BrokenPipeError:  # psql stopped at an error: its message is the one to report
        script.kill()
        script.wait()
    if psql.wait() != 0:
        raise BackupError(f"恢复失败，数据库未改动：{psql.stderr.read().decode().strip()}")


def backup(target: Path) -> str:
    """Write a backup of the whole database to ``target``; returns the engine's name."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        if _engine() == "postgresql":
            env, args = _pg_env_and_args()
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(partial), *args], env)
        else:
            connection.ensure_connection()
            with sqlite3.connect(partial) as copy:
                connection.connection.backup(copy)
            copy.close()
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return _engine()


def _kind_of(path: Path) -> str:
    with open(path, "rb") as handle:
        head = handle.read(16)
    if head.startswith(PG_MAGIC):
        return "postgresql"
    if head == SQLITE_MAGIC:
        return "sqlite"
    raise BackupError(f"{path} 不是 duban backup 生成的备份文件")


def is_empty() -> bool:
    """No duban table holds a row (a database just created, or one `duban init` only migrated)."""
    tables = set(connection.introspection.table_names())
    if "django_migrations" not in tables:
        return True
    with connection.cursor() as cursor:
        for table in ("auth_user", "catalogue_region", "observations_observation"):
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone():
                    return False
    return True


def restore(source: Path, *, replace: bool) -> None:
    """Make the database exactly what ``source`` holds. A database with data in it is only
    overwritten with ``replace``."""
    if not source.is_file():
        raise BackupError(f"找不到备份文件 {source}")
    kind = _kind_of(source)
    if kind != _engine():
        raise BackupError(f"{source} 是 {kind} 的备份，当前数据库是 {_engine()}：请恢复到同类数据库")
    if not replace and not is_empty():
        raise BackupError("当前数据库已有数据；确认要用备份整体覆盖，请加 --replace")
    if kind == "postgresql":
        _restore_postgresql(source)
    else:
        connection.ensure_connection()
        with sqlite3.connect(source) as backup_file:
            backup_file.backup(connection.connection)
        backup_file.close()
