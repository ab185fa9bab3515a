"""The bulk write path (COPY / executemany) gives the same rows, counts and ledger as the ORM path."""

import json

import pytest
from django.core.management import call_command

from duban.observations import bulk
from duban.observations.models import Observation, ObservationRevision

CSV = """
indicator,region,period,basis,value,yoy_pct,rank
gyzjz,330784,2024-02,ytd,48.12,8.1,
gyzjz,330782,2024-02,ytd,99.5,10.2,1
gdzctz,330784,2024-02,ytd,,6.0,4
gxjsqys,330784,2024-02,period,652,,
"""
CHANGED = CSV.replace("48.12,8.1", "48.50,8.9").replace("652", "653")


def _import(path, capsys):
    call_command("import", str(path), "--kind", "observations", "--json", "--reason", "测试")
    return json.loads(capsys.readouterr().out)


def _state():
    rows = sorted(Observation.objects.values_list("indicator__code", "region__code", "period", "basis", "value",
                                                  "yoy_pct", "reported_rank", "status", "version"))
    ledger = sorted(ObservationRevision.objects.values_list(
        "observation__indicator__code", "observation__region__code", "action", "old_value", "new_value",
        "old_yoy_pct", "new_yoy_pct", "old_status", "new_status", "reason"))
    return rows, ledger


def _run_both(catalogue, write_csv, capsys):
    first = _import(write_csv("a.csv", CSV), capsys)
    second = _import(write_csv("b.csv", CHANGED), capsys)
    return (first["created"], second["updated"], second["unchanged"]), _state()


@pytest.fixture
def orm_result(catalogue, write_csv, capsys):
    outcome = _run_both(catalogue, write_csv, capsys)
    Observation.objects.all().delete()
    return outcome


def test_bulk_path_matches_orm_path(orm_result, catalogue, write_csv, capsys, monkeypatch):
    monkeypatch.setattr(bulk, "BULK_THRESHOLD", 1)
    assert _run_both(catalogue, write_csv, capsys) == orm_result
    assert orm_result[0] == (4, 2, 2)


MIXED = CHANGED.strip() + "\nshxfpls,330783,2024-02,ytd,12.5,3.0,\n"  # three changed, one unchanged, one new


def _run_mixed(write_csv, capsys):
    first = _import(write_csv("a.csv", CSV), capsys)
    second = _import(write_csv("c.csv", MIXED), capsys)
    return (first["created"], second["created"], second["updated"], second["unchanged"]), _state()


def test_bulk_path_with_screened_checks_matches_orm_path(catalogue, write_csv, capsys, monkeypatch):
    """With the numpy screen on, the bulk write inserts figures not stored at check time directly
    and stages the others; the outcome is the ORM path's."""
    from duban.observations import checking

    expected = _run_mixed(write_csv, capsys)
    Observation.objects.all().delete()
    monkeypatch.setattr(bulk, "BULK_THRESHOLD", 1)
    monkeypatch.setattr(checking, "VECTOR_MIN", 0)
    assert _run_mixed(write_csv, capsys) == expected
    assert expected[0][:2] == (4, 1)


def test_figure_stored_after_the_checks_is_never_overwritten_silently(catalogue, store, write_csv, capsys, monkeypatch):
    """A figure someone stores after the checks read the database and before the write. The
    figures not stored at check time are inserted directly (SQLite: executemany; PostgreSQL:
    COPY, begun while the checks run): the unique key refuses the insert, and the import whole."""
    from duban.observations import checking

    monkeypatch.setattr(bulk, "BULK_THRESHOLD", 1)
    monkeypatch.setattr(checking, "VECTOR_MIN", 0)
    read = checking._stored_for_batch

    def read_then_store(batch):
        stored = read(batch)
        store("gyzjz", "330784", "2024-02", 1, 1)
        return stored

    monkeypatch.setattr(checking, "_stored_for_batch", read_then_store)
    with pytest.raises(Exception):
        call_command("import", str(write_csv("a.csv", CSV)), "--kind", "observations", "--json", "--reason", "测试")
    report = json.loads(capsys.readouterr().out)
    assert not report["ok"] and "数据库拒绝写入" in report["problems"][0]["reason"]
    # Nothing of the file is written. (On PostgreSQL the checks read inside the import's
    # transaction, so this stand-in for another session's figure is rolled back with it.)
    assert set(Observation.objects.values_list("value", flat=True)) <= {1}


@pytest.mark.parametrize("bulk_threshold", [1, 1_000_000])
def test_accepted_warnings_reach_the_ledger(catalogue, store, write_csv, capsys, monkeypatch, bulk_threshold):
    """A warning stops the import until accepted with a reason; then the ledger rows carry it
    (on PostgreSQL the bulk write runs the checks while it writes: same report, same ledger)."""
    from duban.observations import checking

    monkeypatch.setattr(bulk, "BULK_THRESHOLD", bulk_threshold)
    monkeypatch.setattr(checking, "VECTOR_MIN", 0)
    store("gyzjz", "330784", "2023-02", 40)  # 48.12 is +20.3% on it, not the 8.1% the file says
    path = write_csv("a.csv", CSV)
    with pytest.raises(Exception):
        call_command("import", str(path), "--kind", "observations", "--json")
    refused = json.loads(capsys.readouterr().out)
    assert not refused["ok"] and refused["warnings"] and Observation.objects.count() == 1
    accepted = _import_with(path, capsys, "--accept-warnings", "--reason", "以统计局数为准")
    assert accepted["ok"] and accepted["created"] == 4 and accepted["warnings"] == refused["warnings"]
    reasons = dict(ObservationRevision.objects.filter(action="create").exclude(observation__period="2023-02")
                   .values_list("observation_id", "reason"))
    warned = Observation.objects.get(indicator__code="gyzjz", region__code="330784", period="2024-02").pk
    assert reasons.pop(warned).startswith("以统计局数为准；已接受警告：第 2 行：")
    assert set(reasons.values()) == {"以统计局数为准"}  # the others share the reason, not the warning


def _import_with(path, capsys, *args):
    call_command("import", str(path), "--kind", "observations", "--json", *args)
    return json.loads(capsys.readouterr().out)


def test_one_import_says_one_time(catalogue, write_csv, capsys, monkeypatch):
    """Figures COPYed on PostgreSQL take their times from the columns' database default and the
    figures staged for update are given the same: an import's rows all carry one time."""
    from duban.observations import checking

    _import(write_csv("a.csv", CSV), capsys)
    monkeypatch.setattr(bulk, "BULK_THRESHOLD", 1)
    monkeypatch.setattr(checking, "VECTOR_MIN", 0)
    _import(write_csv("c.csv", MIXED), capsys)  # some figures updated, one created
    new = Observation.objects.get(indicator__code="shxfpls")
    times = {new.updated_at, *ObservationRevision.objects.filter(observation=new).values_list("changed_at", flat=True)}
    times |= set(ObservationRevision.objects.filter(action="update").values_list("changed_at", flat=True))
    times |= set(Observation.objects.filter(version=2).values_list("updated_at", flat=True))
    assert ObservationRevision.objects.filter(action="update").exists()
    assert len(times) == 1
