"""Issue 9.7: a file never erases what it does not hold. A blank or missing cell means "not in
this file": importing a growth-only sheet over a stored value keeps the value and sets the
growth, on every database, checks screened or not."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from duban.observations import checking
from duban.observations.models import Observation, ObservationRevision

GROWTH_ONLY = """
indicator,region,period,basis,value,yoy_pct
gyzjz,330784,2024-03,ytd,,6.5
gyzjz,330782,2024-03,ytd,,7.1
"""

PATHS = {"checked one by one": 1_000_000, "screened": 0}


@pytest.fixture(params=list(PATHS))
def write_path(request, monkeypatch):
    monkeypatch.setattr(checking, "VECTOR_MIN", PATHS[request.param])
    return request.param


def _import(path, capsys):
    call_command("import", str(path), "--kind", "observations", "--json", "--reason", "增速表")
    return json.loads(capsys.readouterr().out)


def test_growth_only_sheet_keeps_the_stored_value(catalogue, store, write_csv, capsys, write_path):
    store("gyzjz", "330784", "2024-03", 120.5, 5.0)  # from the county's own table
    store("gyzjz", "330782", "2024-03", 300, None)
    report = _import(write_csv("growth.csv", GROWTH_ONLY), capsys)
    assert report["ok"] and report["updated"] == 2, report
    rows = dict(((o.region.code), (o.value, o.yoy_pct)) for o in Observation.objects.filter(period="2024-03"))
    assert rows == {"330784": (Decimal("120.5000"), Decimal("6.5000")),
                    "330782": (Decimal("300.0000"), Decimal("7.1000"))}
    ledger = ObservationRevision.objects.filter(action="update").order_by("observation__region__code")
    assert [(r.old_value, r.new_value, r.new_yoy_pct) for r in ledger] == [
        (Decimal("300.0000"), Decimal("300.0000"), Decimal("7.1000")),
        (Decimal("120.5000"), Decimal("120.5000"), Decimal("6.5000")),
    ]


def test_same_growth_again_changes_nothing(catalogue, store, write_csv, capsys, write_path):
    store("gyzjz", "330784", "2024-03", 120.5, 6.5)
    store("gyzjz", "330782", "2024-03", 300, 7.1)
    report = _import(write_csv("growth.csv", GROWTH_ONLY), capsys)
    assert (report["updated"], report["unchanged"]) == (0, 2)
    assert not ObservationRevision.objects.filter(action="update").exists()


def test_value_only_sheet_keeps_the_growth_and_the_rank(catalogue, store, write_csv, capsys, write_path):
    stored = store("gyzjz", "330784", "2024-03", 120.5, 5.0)
    Observation.objects.filter(pk=stored.pk).update(reported_rank=3)
    report = _import(write_csv("values.csv", "indicator,region,period,basis,value\ngyzjz,330784,2024-03,ytd,121"),
                     capsys)
    assert report["ok"] and report["updated"] == 1
    stored.refresh_from_db()
    assert (stored.value, stored.yoy_pct, stored.reported_rank) == (Decimal("121.0000"), Decimal("5.0000"), 3)
