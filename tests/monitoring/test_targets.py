from duban.monitoring.documents import status_request

from .conftest import AS_OF, indicator, obs, rank_target, target


def test_completion_is_against_the_annual_target_and_a_staged_one_is_named_beside_it(world):
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
    # annual: 20 / 200 = 10.0 % at 2/12 = 16.67 % → −6.67 points; the Q1 stage: 20 / 30 = 66.67 % at 2/3
    assert (feb["completion_pct"], round(feb["time_progress_pct"], 2), round(feb["pace_gap_pp"], 2)) == (10.0, 16.67, -6.67)
    assert (feb["stage"], round(feb["stage_completion_pct"], 2), round(feb["stage_gap_pp"], 2)) == ("2024Q1", 66.67, 0)
    # annual: 27 / 200 = 13.5 % at 25 % → −11.5; Q1: 27 / 30 = 90 % at 100 % → −10
    assert (mar["completion_pct"], mar["time_progress_pct"], mar["pace_gap_pp"]) == (13.5, 25.0, -11.5)
    assert (mar["stage"], mar["stage_completion_pct"], mar["stage_gap_pp"]) == ("2024Q1", 90.0, -10.0)
    assert mar["growth_gap_pp"] == 4.0  # 12 − the annual 8
    assert mar["warning"] == {"level": "red", "reasons": ["慢于序时进度 11.5 个百分点"]}
    assert (apr["completion_pct"], round(apr["time_progress_pct"], 2)) == (30.0, 33.33)
    assert (apr["stage"], apr["stage_completion_pct"], apr["stage_gap_pp"]) == (None, None, None)


def test_rank_target_one_place_short_is_yellow_more_is_red(world):
    near, far = indicator("near"), indicator("far")
    r = world["regions"]
    for region, growth in zip(r, [9, 8, 7, 6, 5]):  # home is 4th
        obs(near, region, "2024-03", yoy=growth)
        obs(far, region, "2024-03", yoy=growth)
    rank_target(near, world["home"], world["group"], 3)
    rank_target(far, world["home"], world["group"], 1)
    rows = {r["code"]: r for r in status_request("330784", "2024-03", as_of=AS_OF)["indicators"]}
    assert rows["near"]["warning"] == {"level": "yellow", "reasons": ["五县第4位，目标前3"]}
    assert rows["far"]["warning"] == {"level": "red", "reasons": ["五县第4位，目标前1"]}
