import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from .conftest import indicator, obs, target

INDICATOR_KEYS = {
    "code", "name", "unit", "value", "ytd", "yoy_pct", "yoy_source", "completion_pct", "time_progress_pct",
    "pace_gap_pp", "growth_gap_pp", "ranks", "warning", "projection", "stage", "stage_completion_pct", "stage_gap_pp", "note",
}


def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def data(world):
    ind = indicator("gy", name="规上工业增加值")
    for region, growth in zip(world["regions"], [9, 8, 7, 6, 5]):
        obs(ind, region, "2023-06", value=100)
        obs(ind, region, "2023-12", value=200)
        obs(ind, region, "2024-06", value=100 + growth, yoy=growth)
    target(ind, world["home"], "2024", value=220, growth=7)
    return ind


def test_status_json_keys(data):
    doc = json.loads(_run("status", "--region", "330784", "--period", "2024年1-6月", "--json"))
    assert set(doc) == {"region", "period", "indicators", "note", "updating", "message"}
    assert doc["region"] == {"code": "330784", "name": "县4"} and doc["period"] == "2024-06"
    row = doc["indicators"][0]
    assert set(row) == INDICATOR_KEYS
    assert set(row["ranks"][0]) == {"group", "rank", "of", "change", "strength", "members", "text"}
    assert set(row["warning"]) == {"level", "reasons"}
    assert row["projection"]["point"] == 212.0 and row["projection"]["at_risk"] is True


def test_rank_json_keys(data):
    doc = json.loads(_run("rank", "--indicator", "规上工业增加值", "--period", "2024-06", "--group", "五县", "--json"))
    assert set(doc) == {"indicator", "period", "group", "by", "decimals", "note", "rows", "updating", "message"}
    assert set(doc["rows"][0]) == {"region", "name", "figure", "rank", "change", "share_pct", "bureau_rank"}
    assert [r["rank"] for r in doc["rows"]] == [1, 2, 3, 4, 5]


def test_tables_are_chinese(data):
    assert "规上工业增加值" in _run("status", "--region", "330784", "--period", "2024-06")
    assert "位次" in _run("rank", "--indicator", "gy", "--period", "2024-06", "--group", "g5")


@pytest.mark.parametrize(
    "args",
    [
        ("status", "--region", "nowhere", "--period", "2024-06"),
        ("status", "--region", "330784", "--period", "2024年13月"),
        ("rank", "--indicator", "nothing", "--period", "2024-06", "--group", "g5"),
        ("rank", "--indicator", "gy", "--period", "2024-06", "--group", "nobody"),
    ],
)
def test_unknown_names_fail_clearly(data, args):
    with pytest.raises(CommandError):
        _run(*args)


@pytest.mark.parametrize(
    "args, named",
    [
        (("status", "--region", "330784", "--period", "2024年13月"), "--period"),
        (("rank", "--indicator", "gy", "--period", "someday", "--group", "g5"), "--period"),
        (("status", "--region", "330784", "--period", "2024-06", "--as-of", "2024/07/01"), "--as-of"),
        (("tick", "--as-of", "tomorrow"), "--as-of"),
        (("tasks", "--as-of", "2024-13-01"), "--as-of"),
        (("bulletin", "--region", "330784", "--period", "2024Q5", "-o", "x.docx"), "--period"),
    ],
)
def test_bad_as_of_or_period_names_the_argument(data, args, named):
    """Every command reads --as-of and --period through duban.arguments: the error names the argument."""
    with pytest.raises(CommandError, match=named):
        _run(*args)
