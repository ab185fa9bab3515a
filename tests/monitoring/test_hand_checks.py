"""The hand checks of issue 10 (and issue 9's ranks at published precision, non-additive
indicators), each computed by hand on the five-county fixture (home 330784 is the 4th)."""

from datetime import date

from duban.monitoring.documents import rank_request, status_request

from .conftest import AS_OF, indicator, obs, rank_target, target


def test_a_period_no_indicator_is_reported_at_is_empty_with_a_sentence(world):
    ind = indicator("gy")
    obs(ind, world["home"], "2024-02", value=10, yoy=3)
    for code in ("2024H1", "2024-W02", "2024-03-15"):
        doc = status_request("330784", code, as_of=AS_OF)
        assert doc["indicators"] == [] and doc["note"].startswith("没有按"), code
    doc = rank_request("gy", "2024-W02", "g5", as_of=AS_OF)
    assert doc["rows"] == [] and "按月报送" in doc["note"]


def test_catalogue_changes_make_stored_results_stale(world):
    ind = indicator("tz", rank_by="ytd")
    r = world["regions"]
    for region, ytd in zip(r, [10, 20, 30, 40, 50]):
        obs(ind, region, "2024-03", value=ytd)

    def home_rank():
        return status_request("330784", "2024-03", as_of=AS_OF)["indicators"][0]["ranks"][0]

    assert (home_rank()["rank"], home_rank()["of"]) == (2, 5)  # 40 behind 50
    ind.direction = "lower_better"
    ind.save()
    assert (home_rank()["rank"], home_rank()["of"]) == (4, 5)  # 10, 20, 30 are better
    world["group"].members.remove(r[0])
    assert (home_rank()["rank"], home_rank()["of"]) == (3, 4)  # 20, 30 are better


def test_a_red_for_rank_stays_red_until_the_rank_target_is_reached(world):
    ind = indicator("gm", rank_by="ytd")
    home, others = world["home"], [world["regions"][i] for i in (0, 1, 2)]
    target(ind, home, "2024", value=120)
    rank_target(ind, home, world["group"], 1)
    home_ytd = {"2024-02": 25, "2024-03": 35, "2024-04": 45, "2024-05": 60}  # always ahead of pace
    other_ytd = {"2024-02": 100, "2024-03": 150, "2024-04": 200, "2024-05": 55}
    for month in ("2024-02", "2024-03", "2024-04"):
        obs(ind, home, month, value=home_ytd[month])
        obs(ind, world["regions"][4], month, value=1)
        for region in others:
            obs(ind, region, month, value=other_ytd[month])
    feb = status_request("330784", "2024-02", as_of=AS_OF)["indicators"][0]
    # 4th of 5 against a target of 1st: red; March and April closed no rank gap (pace was never behind)
    assert feb["warning"] == {"level": "red", "reasons": ["五县第4位，目标前1"]}
    obs(ind, home, "2024-05", value=60)
    obs(ind, world["regions"][4], "2024-05", value=1)
    for region in others:
        obs(ind, region, "2024-05", value=55)
    feb = status_request("330784", "2024-02", as_of=AS_OF)["indicators"][0]
    assert feb["warning"]["level"] == "yellow"
    assert feb["warning"]["reasons"][0] == "前期红灯，2024-05已追平差距"  # May is 1st


def test_january_is_not_pending_where_1_2_is_published_together(world):
    flow, stock = indicator("ll"), indicator("cl", kind="stock", rank_by="value")
    obs(stock, world["home"], "2023-12", value=5)  # the data begin before January
    for region in world["regions"]:
        obs(flow, region, "2024-02", value=20)  # 1-2月 (basis ytd)
    jan = {r["code"]: r for r in status_request("330784", "2024-01", as_of=AS_OF)["indicators"]}
    assert jan["ll"]["warning"]["level"] == "none"
    assert jan["cl"]["warning"]["level"] == "pending"  # a stock is due every month
    # Before this year's 1-2月 is out, last year's calendar says so too.
    for region in world["regions"]:
        obs(flow, region, "2023-02", value=18)
    early = {r["code"]: r for r in status_request("330784", "2024-01", as_of=date(2024, 2, 28))["indicators"]}
    assert early["ll"]["warning"]["level"] == "none"


def test_a_target_below_zero_has_a_note_and_a_gap_in_points(world):
    ind = indicator("ks", rank_by="ytd")
    target(ind, world["home"], "2024", value=-100)
    obs(ind, world["home"], "2024-06", value=-30)
    row = status_request("330784", "2024-06", as_of=AS_OF)["indicators"][0]
    # prorated target −50 at half the year; −30 is 20 better = 20 points of the target's size
    assert row["completion_pct"] is None and row["pace_gap_pp"] == 20.0
    assert row["note"] == "目标值小于等于零，完成率无意义，较序时目标多20.00"


def test_few_peers_published_shows_no_rank(world):
    ind = indicator("sp")
    obs(ind, world["home"], "2024-03", yoy=5)
    obs(ind, world["regions"][0], "2024-03", yoy=4)
    rank_target(ind, world["home"], world["group"], 3)
    row = status_request("330784", "2024-03", as_of=AS_OF)["indicators"][0]
    assert row["ranks"][0]["rank"] is None and row["ranks"][0]["text"] == "待公布（已公布 2/5）"
    obs(ind, world["regions"][1], "2024-03", yoy=6)  # 3 of 5: more than half
    row = status_request("330784", "2024-03", as_of=AS_OF)["indicators"][0]
    assert row["ranks"][0]["text"] == "第2/3位" and row["warning"]["level"] == "green"


def test_a_gap_shown_as_zero_is_on_pace(world):
    ind = indicator("zero", rank_by="ytd")
    target(ind, world["home"], "2024", value=1200)
    obs(ind, world["home"], "2024-03", value=299.5)  # 24.96 % at 25 %: −0.04 points, shown 0.0
    row = status_request("330784", "2024-03", as_of=AS_OF)["indicators"][0]
    assert round(row["pace_gap_pp"], 2) == -0.04 and row["warning"]["level"] == "green"


def test_december_gives_the_result_and_whether_the_target_was_met(world):
    ind = indicator("nd", rank_by="ytd")
    target(ind, world["home"], "2024", value=1800)
    obs(ind, world["home"], "2023-11", value=1500)
    obs(ind, world["home"], "2023-12", value=1650)
    obs(ind, world["home"], "2024-12", value=1744.47)
    p = status_request("330784", "2024-12", as_of=AS_OF)["indicators"][0]["projection"]
    assert (p["final"], p["met"], p["point"], p["low"], p["high"]) == (True, False, 1744.47, 1744.47, 1744.47)


def test_ranks_compare_figures_as_published_and_rates_published_ytd_are_ranked(world):
    ind = indicator("zs", kind="rate", unit="%", rank_by="yoy_pct", decimals=1)
    r = world["regions"]
    for region, yoy in zip(r, [6.64, 6.55, 7.0, 6.6, 5.0]):
        obs(ind, region, "2024-09", value=50, yoy=yoy)  # 1-9月: basis ytd
    rows = {row["region"]: row for row in rank_request("zs", "2024-09", "g5", as_of=AS_OF)["rows"]}
    assert [rows[c]["rank"] for c in ("330781", "330782", "330783", "330784", "330785")] == [2, 2, 1, 2, 5]
    assert rows["330781"]["figure"] == 6.6


def test_a_non_additive_indicator_has_no_share_but_is_ranked(world):
    income = indicator("rj", rank_by="ytd", additive=False)
    for region, ytd in zip(world["regions"], [30, 40, 50, 60, 70]):
        obs(income, region, "2024-09", value=ytd)
    rows = rank_request("rj", "2024-09", "g5", as_of=AS_OF)["rows"]
    assert [row["rank"] for row in rows] == [1, 2, 3, 4, 5] and all(row["share_pct"] is None for row in rows)
