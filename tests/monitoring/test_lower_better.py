from duban.monitoring.documents import rank_request, status_request

from .conftest import AS_OF, indicator, obs, target


def test_lower_better_ranks_the_smallest_first(world):
    ind = indicator("pm", kind="rate", direction="lower_better", rank_by="value", unit="微克/立方米")
    for region, value in zip(world["regions"], [30, 25, 40, 20, 35]):
        obs(ind, region, "2024-03", basis="period", value=value)
    rows = rank_request("pm", "2024-03", "g5", as_of=AS_OF)["rows"]
    assert [(row["region"], row["rank"]) for row in rows][:2] == [("330784", 1), ("330782", 2)]


def test_lower_better_flips_the_pace_gap(world):
    # Energy use capped at 120 for the year: 40 used by March (25 % of the year) is 33.3 %
    # of the cap, 8.3 points more than pace allows, so the gap is unfavourable (negative).
    ind = indicator("nh", direction="lower_better", rank_by="ytd")
    target(ind, world["home"], "2024", value=120)
    obs(ind, world["home"], "2024-03", value=40)
    row = status_request("330784", "2024-03", as_of=AS_OF)["indicators"][0]
    assert round(row["completion_pct"], 2) == 33.33
    assert row["time_progress_pct"] == 25.0
    assert round(row["pace_gap_pp"], 2) == -8.33
    assert row["warning"]["level"] == "red"
