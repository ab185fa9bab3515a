"""The 晾晒 board (issue 13): one row per region, sorted by mean rank, the home region pinned."""

import re

import pytest
from django.contrib.auth.models import User

from .conftest import indicator, obs


@pytest.fixture
def board_page(world, client):
    a, b = indicator("a", name="指标甲"), indicator("b", name="指标乙")
    # Ranks by growth: 县1 first in both, 县4 (home) fourth and second, 县5 last in both.
    for region, (ga, gb) in zip(world["regions"], [(9, 9), (8, 5), (7, 6), (6, 8), (5, 4)]):
        obs(a, region, "2024-03", value=10, yoy=ga)
        obs(b, region, "2024-03", value=10, yoy=gb)
    client.force_login(User.objects.create_user("leader", password="pw-for-test-1"))
    return client.get("/cockpit/board/?period=2024-03")


def test_regions_are_rows_sorted_by_mean_rank_with_home_pinned(board_page):
    html = board_page.content.decode()
    pinned = re.search(r'<tbody class="pinned">(.*?)</tbody>', html, re.S).group(1)
    assert ">县4</th>" in pinned and ">3.0<" in pinned  # mean of 4th and 2nd
    body = re.search(r"<tbody data-sorted>(.*?)</tbody>", html, re.S).group(1)
    order = re.findall(r'<th scope="row">(县\d)</th>', body)
    assert order == ["县1", "县2", "县3", "县5"]  # means 1.0, 3.0, 3.0 (a tie: by code), 5.0
    # Indicator names head the columns (wrapped, horizontal); each links to its page.
    assert '<th class="ind" data-sort="num"><a href="/cockpit/indicator/a/?period=2024-03">指标甲</a></th>' in html
