from duban.monitoring.documents import rank_request, status_request

from .conftest import AS_OF, indicator, obs


def test_rank_change_is_positive_when_the_rank_improved(world):
    ind = indicator("gy")
    r = world["regions"]
    for region, growth in zip(r, [9, 8, 7, 6, 5]):  # home (r[3]) is 4th in March
        obs(ind, region, "2024-03", yoy=growth)
    for region, growth in zip(r, [9, 8, 7, 10, 5]):  # and 1st in April
        obs(ind, region, "2024-04", yoy=growth)
    march = rank_request("gy", "2024-03", "g5", as_of=AS_OF)["rows"]
    april = {row["region"]: row for row in rank_request("gy", "2024-04", "g5", as_of=AS_OF)["rows"]}
    assert all(row["change"] is None for row in march)  # no February ranks
    assert april["330784"]["change"] == 3
    assert april["330781"]["change"] == -1
    ranks = status_request("330784", "2024-04", as_of=AS_OF)["indicators"][0]["ranks"]
    assert ranks == [{"group": "g5", "rank": 1, "of": 5, "change": 3, "strength": "strong", "members": 5, "text": "第1/5位"}]
