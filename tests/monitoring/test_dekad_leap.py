from duban.monitoring.documents import status_request

from .conftest import AS_OF, indicator, obs


def test_dekad_time_progress_counts_days_of_a_leap_year(world):
    ind = indicator("dl", frequency="dekad")
    obs(ind, world["home"], "2024-03D2", basis="period", value=5)
    doc = status_request("330784", "2024年3月中旬", as_of=AS_OF)
    assert doc["period"] == "2024-03D2"
    assert doc["indicators"][0]["time_progress_pct"] == round(80 / 366 * 100, 4)
