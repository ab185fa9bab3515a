"""Issue 11.3: ``--accept-warnings`` kept every accepted warning of the file in the reason of
every ledger row (3,000 warned rows: 94,895 characters a row, the database 18 → 584 MB). Each
ledger row now keeps its own warnings, and the shared reason once."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Max, Sum
from django.db.models.functions import Length

from duban.catalogue.models import Indicator, Region
from duban.core.periods import Period
from duban.observations import checking
from duban.observations.models import ObservationRevision
from duban.observations.figures import ObservationInput
from duban.observations.writing import write_figures

ROWS = 3_000


@pytest.mark.parametrize("vector_min", [1_000_000, 0], ids=["checked one by one", "screened"])
def test_3000_warned_rows_keep_each_its_own_warning(catalogue, tmp_path, capsys, monkeypatch, vector_min):
    monkeypatch.setattr(checking, "VECTOR_MIN", vector_min)
    county = Region.objects.get(code="330784")
    towns = Region.objects.bulk_create(
        [Region(code=f"330784{n:06d}", name=f"镇{n}", parent=county, level="township") for n in range(ROWS)])
    output = Indicator.objects.get(code="gyzjz")
    last_year = Period.parse("2023-02")
    write_figures([ObservationInput(output, town, last_year, "ytd", Decimal(100)) for town in towns],
                  status="published", source="test", actor="test")
    path = tmp_path / "warned.csv"
    # 150 on last year's 100 is +50 %, not the 8.1 % the file says: a warning on every row
    path.write_text("indicator,region,period,basis,value,yoy_pct\n"
                    + "".join(f"gyzjz,{town.code},2024-02,ytd,150,8.1\n" for town in towns), encoding="utf-8")
    call_command("import", str(path), "--kind", "observations", "--json", "--accept-warnings",
                 "--reason", "以统计局公布数为准")
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["created"] == ROWS and report["warnings_total"] == ROWS
    written = ObservationRevision.objects.filter(observation__period="2024-02")
    longest = written.aggregate(m=Max(Length("reason")))["m"]
    assert longest < 200, longest
    assert written.aggregate(t=Sum(Length("reason")))["t"] < ROWS * 200
    town = written.get(observation__region__code="330784000042")
    assert town.reason.startswith("以统计局公布数为准；已接受警告：第 44 行：")
