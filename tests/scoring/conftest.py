"""Five counties with two ranked indicators (figures hand-picked), for the scoring app."""

from datetime import date

import pytest

from monitoring.conftest import indicator, obs, target, world  # noqa: F401  (fixtures)

AS_OF = date(2024, 12, 31)


@pytest.fixture
def scored(world):  # noqa: F811
    """gy: growth 9, 8, 8, 7, none in 2024-03 (and 5, 6, 7, 8, 9 in 2024-02); tz: 20, 10, 15, 10, 5."""
    gy = indicator("gy", name="规上工业增加值", decimals=1)
    tz = indicator("tz", name="固定资产投资", decimals=1)
    for region, feb, mar in zip(world["regions"], [5, 6, 7, 8, 9], [9, 8, 8, 7, None]):
        obs(gy, region, "2024-02", value=100, yoy=feb)
        if mar is not None:
            obs(gy, region, "2024-03", value=150, yoy=mar)
    for region, growth in zip(world["regions"], [20, 10, 15, 10, 5]):
        obs(tz, region, "2024-02", value=100, yoy=growth)
        obs(tz, region, "2024-03", value=150, yoy=growth)
    target(gy, world["regions"][0], "2024", value=500, growth=8)
    target(gy, world["regions"][1], "2024", value=500, growth=8.5)
    return {**world, "gy": gy, "tz": tz}


def write_csv(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
