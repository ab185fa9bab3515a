"""Issue 11.2: a number a figure field cannot hold is refused before anything is written, named
by its cell, on SQLite and PostgreSQL alike; what is accepted comes back exactly (every digit
the field declares: tests/data_in/test_exact_figures.py). Before, 10¹⁶
was saved on SQLite (every page then failed with decimal.InvalidOperation) and refused by
PostgreSQL with "numeric field overflow" and no cell named; 1234567890123.4567 came back as
…3.46 and 0.00001 as 0.0000."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import Workbook

from duban.observations import bulk, checking
from duban.observations.models import Observation
from duban.targets.models import RankTarget, Target


@pytest.fixture(params=["orm", "bulk"])
def write_path(request, monkeypatch):
    if request.param == "bulk":
        monkeypatch.setattr(bulk, "BULK_THRESHOLD", 1)
        monkeypatch.setattr(checking, "VECTOR_MIN", 0)
    return request.param


def _import(path, capsys, kind="observations"):
    try:
        call_command("import", str(path), "--kind", kind, "--json")
    except Exception:
        pass
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("cell,field,column,said", [
    ("10000000000000000", "value", "5", "整数部分最多 16 位"),
    ("0.00001", "value", "5", "小数最多 4 位"),
    ("1234567890123.45671", "value", "5", "小数最多 4 位"),  # a person's digit, not a float's trace
    ("1.2亿亿", "value", "5", "无法识别"),
])
def test_a_value_the_field_cannot_hold_is_refused_at_its_cell(catalogue, write_csv, capsys, write_path, cell, field,
                                                              column, said):
    path = write_csv("big.csv", f"indicator,region,period,basis,value\ngyzjz,330784,2024-02,ytd,12\n"
                                f"gyzjz,330782,2024-02,ytd,{cell}")
    report = _import(path, capsys)
    assert not report["ok"] and Observation.objects.count() == 0
    [problem] = report["problems"]
    assert (problem["row"], problem["column"], problem["field"]) == (3, column, field)
    assert said in problem["reason"]


def test_growth_and_rank_beyond_their_fields(catalogue, write_csv, capsys, write_path):
    path = write_csv("g.csv", "indicator,region,period,basis,value,yoy_pct,rank\n"
                              "gyzjz,330784,2024-02,ytd,12,1234567,\ngyzjz,330782,2024-02,ytd,12,5,40000")
    report = _import(path, capsys)
    assert [(p["row"], p["field"]) for p in report["problems"]] == [(2, "yoy_pct"), (3, "rank")]
    assert Observation.objects.count() == 0


def test_what_is_accepted_comes_back_exactly(catalogue, write_csv, capsys, write_path):
    path = write_csv("ok.csv", "indicator,region,period,basis,value,yoy_pct\n"
                               "gyzjz,330784,2024-02,ytd,123456789012.345,99999.9999\n"
                               "gyzjz,330782,2024-02,ytd,0.0001,-0.0001")
    assert _import(path, capsys)["ok"]
    rows = dict(Observation.objects.values_list("region__code", "value"))
    assert rows == {"330784": Decimal("123456789012.3450"), "330782": Decimal("0.0001")}
    assert Observation.objects.get(region__code="330784").yoy_pct == Decimal("99999.9999")


def test_a_spreadsheet_float_trace_is_rounded_not_refused(catalogue, tmp_path, capsys, write_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "region", "period", "basis", "value"])
    sheet.append(["gyzjz", "330784", "2024-02", "ytd", 0.1 + 0.2])  # 0.30000000000000004
    sheet.append(["gyzjz", "330782", "2024-02", "ytd", 6.17000000000001])
    book.save(tmp_path / "trace.xlsx")
    assert _import(tmp_path / "trace.xlsx", capsys)["ok"]
    assert sorted(Observation.objects.values_list("value", flat=True)) == [Decimal("0.3000"), Decimal("6.1700")]


def test_the_api_refuses_with_422_naming_the_limit(users, catalogue):
    client = Client()
    client.force_login(users["office"])
    answer = client.put("/api/observations/", json.dumps(
        {"indicator": "gyzjz", "region": "330784", "period": "2024-02", "value": "10000000000000000"}),
        content_type="application/json")
    assert answer.status_code == 422 and "整数部分最多 16 位" in json.dumps(answer.json(), ensure_ascii=False)
    assert Observation.objects.count() == 0


def test_targets_beyond_their_fields(catalogue, write_csv, capsys):
    path = write_csv("t.csv", "indicator,region,period,value,growth_pct\n"
                              "gyzjz,330784,2024,10000000000000000,\ngyzjz,330782,2024,,0.000001")
    report = _import(path, capsys, kind="targets")
    assert [(p["row"], p["field"]) for p in report["problems"]] == [(2, "value"), (3, "growth_pct")]
    assert Target.objects.count() == RankTarget.objects.count() == 0


def test_a_number_converted_from_another_unit_is_rounded_not_refused(catalogue, write_csv, capsys, write_path):
    """3505718.60 万元 is 350.571860 亿元: the person wrote no digit that is lost by keeping 4 places."""
    path = write_csv("unit.csv", "indicator,region,period,basis,value\ngyzjz,330784,2024-02,ytd,3505718.60万元")
    assert _import(path, capsys)["ok"]
    assert Observation.objects.get().value == Decimal("350.5719")
