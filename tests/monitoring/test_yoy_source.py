from duban.monitoring.documents import status_request

from .conftest import AS_OF, indicator, obs


def test_reported_yoy_wins_and_the_source_is_said(world):
    reported, computed = indicator("a"), indicator("b")
    home = world["home"]
    for ind in (reported, computed):
        obs(ind, home, "2023-03", value=100)
    obs(reported, home, "2024-03", value=110, yoy=8.1)  # comparable-basis rate from the bureau
    obs(computed, home, "2024-03", value=110)
    rows = {r["code"]: r for r in status_request("330784", "2024-03", as_of=AS_OF)["indicators"]}
    assert (rows["a"]["yoy_pct"], rows["a"]["yoy_source"]) == (8.1, "reported")
    assert (rows["b"]["yoy_pct"], rows["b"]["yoy_source"]) == (10.0, "computed")
