from duban.monitoring.documents import status_request

from .conftest import AS_OF, indicator, obs, target


def test_a_target_at_or_below_zero_gives_no_ratio(world):
    ind = indicator("ks", rank_by="ytd")
    target(ind, world["home"], "2024", value=0, growth=-5)
    obs(ind, world["home"], "2024-06", value=-3, yoy=-2)
    row = status_request("330784", "2024-06", as_of=AS_OF)["indicators"][0]
    assert row["completion_pct"] is None and row["pace_gap_pp"] is None
    assert row["growth_gap_pp"] == 3.0  # -2 − (-5): the gap is still given in points
    assert row["time_progress_pct"] == 50.0
