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
