"""Issue 13, point 2: the review queue at real volume (2,090 figures of one period): nothing cut off
at 500, pages of 100, the whole filtered set approved, published and returned in a bounded number
of queries (set-wise, none per figure), and who has reported per department (填报及时率)."""

from decimal import Decimal

import pytest

from duban.catalogue.models import Indicator, Region
from duban.core.periods import Period
from duban.observations.models import Observation, ObservationRevision, Status
from duban.observations.figures import ObservationInput
from duban.observations.writing import write_figures

PERIOD = "2024-06"


@pytest.fixture
def period_of_2090(catalogue, users):
    indicators = list(Indicator.objects.all()) + [
        Indicator.objects.create(code=f"x{n:03d}", name=f"指标{n:03d}", unit="亿元", kind="flow",
                                 department=catalogue["industry" if n % 2 else "commerce"])
        for n in range(186)
    ]
    regions = list(Region.objects.all())  # 浙江省, 金华市 and its nine counties
    items = [ObservationInput(i, r, Period.parse(PERIOD), "ytd", Decimal(10 + n % 7), Decimal("5.5"))
             for n, (i, r) in enumerate((i, r) for i in indicators for r in regions)]
    write_figures(items, status=Status.SUBMITTED, source="test", actor="test")
    assert Observation.objects.count() == 2090
    return catalogue


def test_the_queue_shows_every_figure_in_pages(client, users, period_of_2090):
    client.force_login(users["office"])
    page = client.get(f"/data/review/{PERIOD}/").content.decode()
    assert '<strong class="total">2090</strong>' in page and "第 1/21 页" in page
    last = client.get(f"/data/review/{PERIOD}/?page=21").content.decode()
    assert last.count('name="ids"') == 90
    commerce = client.get(f"/data/review/{PERIOD}/?department={period_of_2090['commerce'].pk}").content.decode()
    assert '<strong class="total">1034</strong>' in commerce  # shxfpls and 93 more, in 11 regions


def test_the_filtered_set_moves_at_once_in_a_bounded_number_of_queries(
        client, users, period_of_2090, django_assert_max_num_queries, settings):
    # The results' refresh goes to the worker; the bound is the move plus the after-write staleness
    # check (about ten queries): constant, where a query per figure would be thousands.
    settings.REFRESH_INLINE_PERIODS = 0
    client.force_login(users["office"])
    with django_assert_max_num_queries(60):
        client.post(f"/data/review/{PERIOD}/", {"scope": "all", "action": "approve"})
    assert Observation.objects.filter(status=Status.APPROVED).count() == 2090
    with django_assert_max_num_queries(60):
        client.post(f"/data/review/{PERIOD}/", {"scope": "all", "action": "publish"})
    assert Observation.objects.filter(status=Status.PUBLISHED).count() == 2090
    one = Observation.objects.filter(indicator__code="gyzjz", region__code="330784").first()
    response = client.post(f"/data/review/{PERIOD}/?indicator=gyzjz", {"ids": [one.pk], "action": "reject"}, follow=True)
    assert "退回必须说明原因" in response.content.decode()
    client.post(f"/data/review/{PERIOD}/?indicator=gyzjz", {"ids": [one.pk], "action": "reject", "reason": "小数点错位"})
    one.refresh_from_db()
    assert one.status == Status.DRAFT
    assert ObservationRevision.objects.filter(observation=one, action="reject", reason="小数点错位").exists()
    assert ObservationRevision.objects.filter(action="publish").count() == 2090  # every change in the ledger


def test_reporting_rate_per_department(client, users, period_of_2090, store):
    Observation.objects.filter(indicator__department=period_of_2090["commerce"], region__code="330784").update(
        status=Status.DRAFT)
    client.force_login(users["office"])
    page = client.get(f"/data/review/{PERIOD}/").content.decode()
    rates = page[page.index("填报及时率"):]
    assert "经信局" in rates and "商务局" in rates
    # 商务局: 94 indicators due, none submitted (all drafts) → 0 %; 经信局: 96 of 96 → 100 %
    assert '<td class="num">94</td><td class="num">0</td>' in rates
    assert '<td class="num">96</td><td class="num">96</td>' in rates
