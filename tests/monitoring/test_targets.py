from duban.monitoring.documents import status_request

from .conftest import AS_OF, indicator, obs, rank_target, target


def test_a_staged_q1_target_is_paced_within_its_quarter(world):
    ind = indicator("kmh", rank_by="ytd")
    home = world["home"]
    target(ind, home, "2024", value=200, growth=8)
    target(ind, home, "2024Q1", value=30, growth=10)  # 开门红
    obs(ind, home, "2024-02", value=20, yoy=12)
    obs(ind, home, "2024-03", value=27, yoy=12)
    obs(ind, home, "2024-04", value=60, yoy=9)
    feb = status_request("330784", "2024-02", as_of=AS_OF)["indicators"][0]
    mar = status_request("330784", "2024-03", as_of=AS_OF)["indicators"][0]
    apr = status_request("330784", "2024-04", as_of=AS_OF)["indicators"][0]
    assert round(feb["time_progress_pct"], 2) == 66.67 and round(feb["pace_gap_pp"], 2) == 0
    assert feb["warning"]["level"] == "green"
    assert (mar["completion_pct"], mar["time_progress_pct"], mar["pace_gap_pp"]) == (90.0, 100.0, -10.0)
    assert mar["growth_gap_pp"] == 2.0
    assert mar["warning"] == {"level": "red", "reasons": ["慢于序时进度 10.0 个百分点"]}
    assert (apr["completion_pct"], round(apr["time_progress_pct"], 2)) == (30.0, 33.33)  # annual again


def test_rank_target_one_place_short_is_yellow_more_is_red(world):
    near, far = indicator("near"), indicator("far")
    r = world["regions"]
    for region, growth in zip(r, [9, 8, 7, 6, 5]):  # home is 4th
        obs(near, region, "2024-03", yoy=growth)
        obs(far, region, "2024-03", yoy=growth)
    rank_target(near, world["home"], world["group"], 3)
    rank_target(far, world["home"], world["group"], 1)
    rows = {r["code"]: r for r in status_request("330784", "2024-03", as_of=AS_OF)["indicators"]}
    assert rows["near"]["warning"] == {"level": "yellow", "reasons": ["位次低于目标 1 位"]}
    assert rows["far"]["warning"] == {"level": "red", "reasons": ["位次低于目标 3 位"]}
