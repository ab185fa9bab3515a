from duban.monitoring.documents import rank_request

from .conftest import AS_OF, indicator, obs


def test_ties_share_the_best_rank_and_missing_is_not_ranked(world):
    ind = indicator("gy")
    r = world["regions"]
    for region, growth in zip(r[:4], [10, 8, 8, 5]):
        obs(ind, region, "2024-03", yoy=growth)
    obs(ind, r[4], "2024-03", yoy=99, status="submitted")  # not published: not ranked

    doc = rank_request("gy", "2024-03", "g5", as_of=AS_OF)

    ranks = {row["region"]: row["rank"] for row in doc["rows"]}
    assert [ranks[c] for c in ["330781", "330782", "330783", "330784", "330785"]] == [1, 2, 2, 4, None]
    assert doc["rows"][-1]["region"] == "330785" and doc["rows"][-1]["figure"] is None
    assert doc["by"] == "yoy_pct"
