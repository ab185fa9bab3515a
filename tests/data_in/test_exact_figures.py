"""Issue 11.2: every digit a figure field declares (20, 4 of them decimals) comes back exactly, on
SQLite as on PostgreSQL: through an import (both write paths), the API, the export and the entry
page. Before, SQLite kept a binary float: 1234567890123.4567 came back as 1234567890123.4600 and
figures of more than 15 digits were refused."""

import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError, connection, models, transaction
from django.urls import reverse
from openpyxl import load_workbook

from duban.catalogue.models import Indicator
from duban.exact_decimal import FLOAT_DIGITS, ExactDecimalField, canonical_texts
from duban.observations import bulk, checking
from duban.observations.models import Observation, ObservationRevision
from duban.targets.models import Target

FIGURES = {  # region: value as written
    "330784": "1234567890123.4567",
    "330782": "9999999999999999.9999",  # the largest a figure may hold
    "330783": "-9999999999999999.9999",
    "330781": "0.0001",
    "330702": "12000",
}


@pytest.fixture(params=["orm", "bulk"])
def write_path(request, monkeypatch):
    if request.param == "bulk":
        monkeypatch.setattr(bulk, "BULK_THRESHOLD", 1)
        monkeypatch.setattr(checking, "VECTOR_MIN", 0)
    return request.param


def _import(path, capsys, kind="observations"):
    call_command("import", str(path), "--kind", kind, "--json")
    return json.loads(capsys.readouterr().out)


def test_every_declared_digit_round_trips(users, write_csv, capsys, client, tmp_path, write_path):
    lines = [f"gyzjz,{region},2024-02,ytd,{value},99999.9999" for region, value in FIGURES.items()]
    path = write_csv("exact.csv", "indicator,region,period,basis,value,yoy_pct\n" + "\n".join(lines))
    assert _import(path, capsys)["ok"]

    stored = dict(Observation.objects.values_list("region__code", "value"))
    assert stored == {region: Decimal(value) for region, value in FIGURES.items()}
    assert {r.new_value for r in ObservationRevision.objects.all()} == {Decimal(v) for v in FIGURES.values()}

    client.force_login(users["office"])
    listed = client.get("/api/observations/", {"indicator": "gyzjz"}).json()
    assert {row["region"]: Decimal(row["value"]) for row in listed} == stored
    assert {Decimal(row["value"]).as_tuple() for row in listed} == {v.quantize(Decimal("0.0001")).as_tuple()
                                                                    for v in stored.values()}

    target = tmp_path / "out.xlsx"
    call_command("export", "--indicators", "gyzjz", "-o", str(target))
    capsys.readouterr()
    cells = {row[1]: row[4] for row in load_workbook(target).active.iter_rows(min_row=2, values_only=True)}
    assert {region: Decimal(str(cell)) for region, cell in cells.items()} == stored
    assert _import(target, capsys)["unchanged"] == len(FIGURES)  # the same texts: nothing rewritten
    assert ObservationRevision.objects.count() == len(FIGURES)

    client.force_login(users["industry"])
    page = client.get(reverse("observations:entry", args=[users["industry"].profile.department.pk, "2024-02"]))
    assert 'value="1234567890123.4567"' in page.content.decode()


def test_a_saved_figure_is_found_by_its_number(catalogue, store):
    store("gyzjz", "330784", "2024-02", "9.5")
    store("gyzjz", "330782", "2024-02", "10")
    store("gyzjz", "330783", "2024-02", "1234567890123.4567")
    figures = Observation.objects.filter(indicator__code="gyzjz")
    assert set(figures.filter(value__gt=9).values_list("region__code", flat=True)) == {"330784", "330782", "330783"}
    assert set(figures.filter(value__lt=10).values_list("region__code", flat=True)) == {"330784"}
    assert set(figures.filter(value__range=(9, 100)).values_list("region__code", flat=True)) == {"330784", "330782"}
    assert figures.get(value=Decimal("1234567890123.4567")).region.code == "330783"
    assert figures.get(value=10).region.code == "330782"



def test_the_admin_sorts_figures_as_numbers(users, store, client):
    for region, value in (("330784", "9.5"), ("330782", "100"), ("330783", "10")):
        store("gyzjz", region, "2024-02", value)
    client.force_login(users["admin"])
    page = client.get("/admin/observations/observation/", {"o": "5"}).content.decode()  # the value column
    assert page.index("9.5") < page.index("10.0") < page.index("100.0")

def test_bounds_compare_as_numbers(catalogue):
    """The catalogue's "lower bound ≤ upper bound" compares numbers (as text, 9 > 10)."""
    Indicator.objects.create(code="a", name="甲", unit="家", min_value=Decimal(9), max_value=Decimal(10))
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(code="b", name="乙", unit="家", min_value=Decimal(10), max_value=Decimal(9))


def test_targets_keep_every_digit(catalogue, write_csv, capsys):
    path = write_csv("t.csv", "indicator,region,period,value\ngyzjz,330784,2024,1234567890123.4567")
    assert _import(path, capsys, kind="targets")["ok"]
    assert Target.objects.get().value == Decimal("1234567890123.4567")
    assert Target.history.get().value == Decimal("1234567890123.4567")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's columns before the migration held floats")
def test_the_migration_writes_each_stored_float_as_its_decimal(catalogue, store):
    """After the column became text, SQLite's text of each float ("12", "1234567890123.46") is
    rewritten as the figure Django read before, with its decimals."""
    figure = store("gyzjz", "330784", "2024-02", "12")
    with connection.cursor() as cursor:
        for text in ("12", "1234567890123.46", "1.0e+16"):
            cursor.execute("UPDATE observations_observation SET value = %s WHERE id = %s", [text, figure.pk])
            canonical_texts("observations.Observation", "value")(apps, SimpleNamespace(connection=connection))
            cursor.execute("SELECT value FROM observations_observation WHERE id = %s", [figure.pk])
            assert cursor.fetchone()[0] == {"12": "12.0000", "1234567890123.46": "1234567890123.4600",
                                            "1.0e+16": "10000000000000000"}[text]


def test_every_figure_field_beyond_a_float_is_exact():
    """A decimal field of more digits than a float keeps would lose them on SQLite."""
    loose = [f"{m._meta.label}.{f.name}" for m in apps.get_models() for f in m._meta.get_fields()
             if isinstance(f, models.DecimalField) and f.max_digits > FLOAT_DIGITS
             and not isinstance(f, ExactDecimalField)]
    assert loose == []
