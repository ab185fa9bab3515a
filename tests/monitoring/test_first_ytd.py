from duban.monitoring.documents import status_request

from .conftest import AS_OF, indicator, obs


def test_jan_feb_together_is_the_first_period_value(world):
    ind = indicator("ck", rank_by="ytd")
    home = world["home"]
    obs(ind, home, "2024-02", value=30)  # 1-2月
    obs(ind, home, "2024-03", value=50)  # 1-3月
    obs(ind, home, "2024-05", value=90)  # April missing: May's period value cannot be derived
    feb = status_request("330784", "2024-02", as_of=AS_OF)["indicators"][0]
    mar = status_request("330784", "2024-03", as_of=AS_OF)["indicators"][0]
    may = status_request("330784", "2024-05", as_of=AS_OF)["indicators"][0]
    assert (feb["value"], feb["ytd"]) == (30.0, 30.0)
    assert (mar["value"], mar["ytd"]) == (20.0, 50.0)
    assert (may["value"], may["ytd"]) == (None, 90.0)


def test_ytd_is_summed_from_period_values(world):
    ind = indicator("yd", frequency="dekad", rank_by="ytd")
    home = world["home"]
    for code, value in [("2024-01D1", 10), ("2024-01D2", 12), ("2024-01D3", 8)]:
        obs(ind, home, code, basis="period", value=value)
    row = status_request("330784", "2024-01D3", as_of=AS_OF)["indicators"][0]
    assert (row["value"], row["ytd"]) == (8.0, 30.0)
