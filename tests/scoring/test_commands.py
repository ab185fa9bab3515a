"""`duban import --kind schemes / score_adjustments` and `duban score`, checked by hand."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from duban.imports.base import import_file
from duban.scoring.models import Scheme, SchemeItem, ScoreAdjustment

from .conftest import write_csv

SCHEME = """scheme,scheme_name,group,indicator,weight,method,step,base,span,bands
race,五县赛马,g5,gy,60,rank,10,,,
race,五县赛马,g5,tz,40,efficacy,,,,
"""


def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def race(scored, tmp_path):
    report = import_file(write_csv(tmp_path, "scheme.csv", SCHEME), "schemes", actor="test")
    assert report.ok, report.problems
    return scored


def test_score_json_by_hand(race, tmp_path):
    adj = "scheme,region,period,points,reason\nrace,330782,2024-03,-2.5,安全生产事故\nrace,县5,2024-03,1,获省表彰\n"
    assert import_file(write_csv(tmp_path, "adj.csv", adj), "score_adjustments", actor="test").ok
    doc = json.loads(_run("score", "--scheme", "race", "--period", "2024-03", "--as-of", "2024-12-31", "--json"))
    assert set(doc) == {"scheme", "period", "rows", "updating", "message"} and (doc["scheme"], doc["period"]) == ("race", "2024-03")
    rows = {r["region"]: r for r in doc["rows"]}
    # gy ranks 1, 2, 2, 4, missing → 60, 54, 54, 42, 0. tz 20, 10, 15, 10, 5 (min 5, max 20):
    # 40 × (60 + 40 × 15/15) % = 40; × (60 + 40 × 5/15) % = 29.33; 15 → 34.67; 5 → 24.
    assert rows["330781"]["score"] == 100.0
    assert rows["330782"]["score"] == 54 + 29.33 - 2.5 == 80.83
    assert rows["330783"]["score"] == 88.67
    assert rows["330784"]["score"] == 71.33
    assert rows["330785"]["score"] == 0 + 24 + 1 == 25.0
    assert rows["330785"]["items"][0] == {"indicator": "gy", "figure": None, "points": 0.0, "missing": True}
    assert rows["330782"]["adjustments"] == -2.5
    assert [r["region"] for r in doc["rows"]] == ["330781", "330783", "330782", "330784", "330785"]
    assert [r["rank"] for r in doc["rows"]] == [1, 2, 3, 4, 5]
    # 2024-02: gy 5..9 ranks 5, 4, 3, 2, 1 → 36, 42, 48, 54, 60; tz as March: 40, 29.33, 34.67, 29.33, 24
    # totals 76, 71.33, 82.67, 83.33, 84 → ranks 4, 5, 3, 2, 1
    assert [r["change"] for r in doc["rows"]] == [3, 1, 2, -2, -4]
    assert set(doc["rows"][0]) == {"region", "name", "score", "rank", "change", "adjustments", "items"}


def test_text_table_is_chinese(race):
    out = _run("score", "--scheme", "race", "--period", "2024-03", "--as-of", "2024-12-31")
    assert "五县赛马" in out and "缺数" in out and "位次" in out


def test_reimport_replaces_items_and_keeps_history(race, tmp_path):
    one = "scheme,scheme_name,group,indicator,weight,method,bands\nrace,五县赛马,g5,gy,100,threshold,≥8:100;<8:50\n"
    assert import_file(write_csv(tmp_path, "s2.csv", one), "schemes").ok
    items = list(SchemeItem.objects.filter(scheme__code="race"))
    assert [(i.indicator.code, i.method, i.weight) for i in items] == [("gy", "threshold", 100)]
    assert SchemeItem.history.filter(history_type="-").count() == 2
    doc = json.loads(_run("score", "--scheme", "race", "--period", "2024-03", "--as-of", "2024-12-31", "--json"))
    assert [r["score"] for r in doc["rows"]] == [100.0, 100.0, 100.0, 50.0, 0.0]


def test_bad_scheme_rows_are_located_and_nothing_written(scored, tmp_path):
    bad = SCHEME + "race,五县赛马,g5,nothing,10,rank,,,,\nrace,五县赛马,g5,gy,10,median,,,,\nrace,五县赛马,g5,gy,10,threshold,,,,10:100\n"
    report = import_file(write_csv(tmp_path, "bad.csv", bad), "schemes")
    assert not report.ok
    places = {(p.row, p.column, p.field) for p in report.problems}
    assert {(4, "4", "indicator"), (5, "6", "method"), (6, "10", "bands")} <= places
    assert not Scheme.objects.exists()


def test_bad_adjustments_are_refused_whole(race, tmp_path):
    bad = "scheme,region,period,points,reason\nrace,330781,2024-03,2,好\nrace,330781,2024-03,0,无\nrace,外县,2024-03,1,x\nnone,330781,2024-03,1,x\nrace,330781,2024Q1,1,x\n"
    report = import_file(write_csv(tmp_path, "adj.csv", bad), "score_adjustments")
    assert {(p.row, p.field) for p in report.problems} == {(3, "points"), (4, "region"), (5, "scheme"), (6, "period")}
    assert not ScoreAdjustment.objects.exists()


@pytest.mark.parametrize("args", [
    ("--scheme", "nothing", "--period", "2024-03"),
    ("--scheme", "race", "--period", "2024Q1"),
    ("--scheme", "race", "--period", "2024年13月"),
])
def test_bad_requests_are_command_errors(race, args):
    with pytest.raises(CommandError):
        _run("score", *args)


def test_reimporting_the_same_scheme_changes_nothing(race, tmp_path):
    before = SchemeItem.history.count()
    report = import_file(write_csv(tmp_path, "again.csv", SCHEME), "schemes")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert SchemeItem.history.count() == before


def test_chinese_period_is_read(race):
    doc = json.loads(_run("score", "--scheme", "race", "--period", "2024年3月", "--as-of", "2024-12-31", "--json"))
    assert doc["period"] == "2024-03"
