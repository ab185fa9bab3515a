"""YTD and period values derived in one place, 1-2月 as the first YTD period, published growth wins."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.catalogue.models import Indicator, Region
from duban.observations.derivations import derive_figures


def test_period_values_from_consecutive_ytd_with_jan_feb_first(store):
    store("gyzjz", "330784", "2024-02", "48.00", "8.1")  # 1-2月: the year's first YTD
    store("gyzjz", "330784", "2024-03", "75.00")
    store("gyzjz", "330784", "2023-03", "70.00")
    gyzjz, home = Indicator.objects.get(code="gyzjz"), Region.objects.get(code="330784")
    figures = derive_figures([gyzjz], [home], ["2024-02", "2024-03"])
    feb, march = figures[(gyzjz.pk, home.pk, "2024-02")], figures[(gyzjz.pk, home.pk, "2024-03")]
    assert (feb.period_value, feb.period_span, feb.yoy_pct, feb.yoy_source) == (Decimal("48"), "1-2月", Decimal("8.1"), "reported")
    assert (march.ytd, march.ytd_source, march.period_value, march.period_source) == (Decimal("75"), "reported", Decimal("27"), "derived")
    assert march.yoy_source == "computed" and round(march.yoy_pct, 4) == round((75 / 70 - 1) * 100, 4)


def test_ytd_from_period_values_and_drafts_excluded(store):
    store("gyzjz", "330784", "2024-01", "20", basis="period")
    store("gyzjz", "330784", "2024-02", "25", basis="period")
    store("gyzjz", "330784", "2024-03", "30", basis="period", status="draft")
    gyzjz, home = Indicator.objects.get(code="gyzjz"), Region.objects.get(code="330784")
    published = derive_figures([gyzjz], [home], ["2024-02", "2024-03"])
    assert published[(gyzjz.pk, home.pk, "2024-02")].ytd == Decimal("45")
    assert published[(gyzjz.pk, home.pk, "2024-03")].ytd is None  # the March draft does not count
    with_drafts = derive_figures([gyzjz], [home], ["2024-03"], published_only=False)
    assert with_drafts[(gyzjz.pk, home.pk, "2024-03")].ytd == Decimal("75")


def test_set_wise_one_query_for_many_cells(store):
    for code in ("330784", "330782", "330783"):
        store("gyzjz", code, "2024-03", "75")
    regions = list(Region.objects.filter(code__startswith="3307"))
    indicators = list(Indicator.objects.all())
    with CaptureQueriesContext(connection) as queries:
        figures = derive_figures(indicators, regions, ["2024-02", "2024-03"])
    assert len(figures) == len(indicators) * len(regions) * 2
    assert len(queries) <= 2  # the indicators, then every stored figure at once
