from duban.core.periods import Period
from duban.monitoring.documents import status_request
from duban.monitoring.models import IndicatorStatus

from .conftest import AS_OF, indicator, obs, target


def test_a_red_period_shows_yellow_once_a_later_period_closes_the_gap(world):
    ind = indicator("zt", rank_by="ytd")
    home = world["home"]
    target(ind, home, "2024", value=120)
    obs(ind, home, "2024-02", value=10)  # 8.3 % of the target at 16.7 % of the year: red
    feb_alone = status_request("330784", "2024-02", as_of=AS_OF)["indicators"][0]
    assert feb_alone["warning"]["level"] == "red"

    obs(ind, home, "2024-03", value=31)  # 25.8 % at 25 %: the gap is closed
    feb = status_request("330784", "2024-02", as_of=AS_OF)["indicators"][0]
    assert feb["warning"]["level"] == "yellow"
    assert feb["warning"]["reasons"][0] == "前期红灯，2024-03已追平差距"
    # History kept: the evaluated level of February stays red.
    assert IndicatorStatus.objects.get(indicator=ind, region=home, period=Period.parse("2024-02").code).level == "red"
