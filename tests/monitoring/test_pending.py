from datetime import date

from duban.monitoring.documents import status_request

from .conftest import indicator, obs


def test_missing_after_the_deadline_is_pending_before_it_nothing(world):
    ind = indicator("dl", report_deadline_days=15)
    obs(ind, world["regions"][0], "2024-03", yoy=5)  # someone reported; the home county did not
    before = status_request("330784", "2024-03", as_of=date(2024, 4, 10))["indicators"][0]
    after = status_request("330784", "2024-03", as_of=date(2024, 4, 20))["indicators"][0]
    assert before["warning"]["level"] == "none"
    assert after["warning"] == {"level": "pending", "reasons": ["截至报送时限未报送"]}
    assert after["ranks"] == [{"group": "g5", "rank": None, "of": 1, "change": None, "strength": None, "members": 5,
                               "text": "待公布（已公布 1/5）"}]
