"""`duban backup` and `duban restore` round-trip a whole database exactly: the same figures
(compared through `duban export`), the same rows in every table. Into an empty database, and
over a changed one with --replace; never over data without it. On the suite's database
engine (SQLite, or PostgreSQL with DATABASE_URL)."""

import json

import openpyxl
import pytest

COUNT_ROWS = ("import json; from django.apps import apps; "
              "print(json.dumps({m._meta.label: m._default_manager.count() for m in apps.get_models()}))")


def _counts(scratch) -> dict:
    return json.loads(scratch.duban("shell", "--no-imports", "-c", COUNT_ROWS).stdout.strip().splitlines()[-1])


def _state(scratch, tmp_path, name):
    export = tmp_path / f"{name}.xlsx"
    scratch.duban("export", "-o", str(export))
    sheet = openpyxl.load_workbook(export, read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)], _counts(scratch)


@pytest.fixture(scope="module")
def backed_up(scratch_databases, tmp_path_factory):
    folder = tmp_path_factory.mktemp("backup")
    source = scratch_databases.demo()
    source.duban("tick", "--as-of", "2024-06-30")  # notices, escalations and a queued message too
    before = _state(source, folder, "before")
    archive = folder / "duban.backup"
    done = source.duban("backup", "-o", str(archive))
    assert "已备份" in done.stdout and archive.stat().st_size > 0
    return source, archive, before, folder


def test_restore_into_an_empty_database_gives_the_same_database(scratch_databases, backed_up):
    _, archive, before, folder = backed_up
    empty = scratch_databases.empty()
    empty.duban("restore", str(archive))
    figures, counts = _state(empty, folder, "restored")
    assert len(figures) > 50000 and figures == before[0]
    assert counts == before[1]


def test_restore_refuses_to_overwrite_data_without_replace_then_replaces(scratch_databases, backed_up):
    source, archive, before, folder = backed_up
    changed = scratch_databases.demo()
    changed.duban("tick", "--as-of", "2024-09-30")
    refused = changed.duban("restore", str(archive), check=False)
    assert refused.returncode != 0 and "--replace" in refused.stderr
    assert _counts(changed) != before[1]
    changed.duban("restore", str(archive), "--replace")
    assert _state(changed, folder, "replaced") == before


def test_a_file_that_is_not_a_backup_is_refused(scratch_databases, tmp_path):
    bogus = tmp_path / "bogus.backup"
    bogus.write_text("not a backup")
    empty = scratch_databases.empty()
    done = empty.duban("restore", str(bogus), check=False)
    assert done.returncode != 0 and "不是 duban backup 生成的备份文件" in done.stderr
