"""The writers (PostgreSQL: COPY and set-wise statements; SQLite: executemany and set-wise statements):
rows, counts and ledger, checks screened or not, a figure stored meanwhile, one time per import."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command

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


def test_import_then_a_changed_file(catalogue, write_csv, capsys):
    counts, (rows, ledger) = _run_both(catalogue, write_csv, capsys)
    assert counts == (4, 2, 2)
    assert [(code, region, action, old, new, old_yoy, new_yoy) for code, region, action, old, new, old_yoy, new_yoy, *_
            in ledger if action == "update"] == [
        ("gxjsqys", "330784", "update", Decimal("652"), Decimal("653"), None, None),
        ("gyzjz", "330784", "update", Decimal("48.12"), Decimal("48.5"), Decimal("8.1"), Decimal("8.9")),
    ]
    assert sum(entry[2] == "create" for entry in ledger) == 4
    assert {entry[-1] for entry in ledger} == {"测试"} and {entry[-2] for entry in ledger} == {"published"}
    assert [row[-1] for row in rows] == [1, 2, 1, 2]  # the changed figures at version 2


MIXED = CHANGED.strip() + "\nshxfpls,330783,2024-02,ytd,12.5,3.0,\n"  # three changed, one unchanged, one new


def _run_mixed(write_csv, capsys):
    first = _import(write_csv("a.csv", CSV), capsys)
    second = _import(write_csv("c.csv", MIXED), capsys)
    return (first["created"], second["created"], second["updated"], second["unchanged"]), _state()


def test_screened_checks_write_what_checks_one_by_one_write(catalogue, write_csv, capsys, monkeypatch):
    """The writer inserts figures not stored at check time directly and stages the others; the
    numpy screen of the checks changes nothing of the outcome."""
    from duban.observations import checking

    expected = _run_mixed(write_csv, capsys)
    Observation.objects.all().delete()
    ObservationRevision.objects.all().delete()  # the ledger outlives deleted figures
    monkeypatch.setattr(checking, "VECTOR_MIN", 0)
    assert _run_mixed(write_csv, capsys) == expected
    assert expected[0][:2] == (4, 1)


def test_figure_stored_after_the_checks_is_never_overwritten_silently(catalogue, store, write_csv, capsys, monkeypatch):
    """A figure someone stores after the checks read the database and before the write. The
    figures not stored at check time are inserted directly (SQLite: executemany; PostgreSQL:
    COPY, begun while the checks run): the unique key refuses the insert, and the import whole."""
    from duban.observations import checking

    monkeypatch.setattr(checking, "VECTOR_MIN", 0)
    read = checking._stored_for_batch
    stored_meanwhile = []

    def read_then_store(batch):
        stored = read(batch)
        if not stored_meanwhile:  # once: storing reads too
            stored_meanwhile.append(True)
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


def test_accepted_warnings_reach_the_ledger(catalogue, store, write_csv, capsys, monkeypatch):
    """A warning stops the import until accepted with a reason; then the ledger rows carry it
    (on PostgreSQL the writer sends the figures while the checks run: same report, same ledger)."""
    from duban.observations import checking

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
    monkeypatch.setattr(checking, "VECTOR_MIN", 0)
    _import(write_csv("c.csv", MIXED), capsys)  # some figures updated, one created
    new = Observation.objects.get(indicator__code="shxfpls")
    times = {new.updated_at, *ObservationRevision.objects.filter(observation=new).values_list("changed_at", flat=True)}
    times |= set(ObservationRevision.objects.filter(action="update").values_list("changed_at", flat=True))
    times |= set(Observation.objects.filter(version=2).values_list("updated_at", flat=True))
    assert ObservationRevision.objects.filter(action="update").exists()
    assert len(times) == 1
