"""Issue 13, point 1 and 7 for the cockpit: the period it opens on, the picker, the frequency switch.

Hand-made data: three monthly indicators published for the home region through March, one early
April figure, April complete for another county, May still in draft, one quarterly indicator.
"""

import pytest
from django.contrib.auth.models import User

from duban.core.periods import Period
from duban.monitoring import published

from .conftest import indicator, obs


@pytest.fixture
def months(world):
    home, other = world["home"], world["regions"][0]
    inds = [indicator(f"m{i}", name=f"月度指标{i}") for i in range(3)]
    for ind in inds:
        for month in (1, 2, 3):
            obs(ind, home, f"2024-{month:02d}", value=10 * month, yoy=5)
        obs(ind, other, "2024-04", value=40, yoy=5)
        obs(ind, home, "2024-05", value=50, yoy=5, status="draft")
    obs(inds[0], home, "2024-04", value=40, yoy=5)  # one early figure of a new month
    quarterly = indicator("q1", name="季度指标", frequency="quarter")
    for quarter in (1, 2):
        obs(quarterly, home, f"2024Q{quarter}", value=100 * quarter, yoy=3)
    obs(indicator("y1", name="年度指标", frequency="year"), home, "2023", value=1000, yoy=2)
    return {"home": home, "inds": inds}


def test_one_early_figure_does_not_move_the_default(months):
    assert published.mostly_published(months["home"], "month") == Period.parse("2024-03")


def test_the_option_list_counts_published_figures_only(months):
    options = published.period_options(months["home"], "month")
    assert [(o.code, o.published, o.expected) for o in options] == [
        ("2024-04", 1, 3), ("2024-03", 3, 3), ("2024-02", 3, 3), ("2024-01", 3, 3)
    ]


def test_without_a_mostly_published_period_the_fullest_one_is_taken(world):
    home = world["home"]
    inds = [indicator(f"s{i}", name=f"稀疏{i}") for i in range(4)]
    obs(inds[0], home, "2024-01", value=1)
    obs(inds[1], home, "2024-01", value=1)
    obs(inds[2], home, "2024-02", value=1)
    assert published.mostly_published(home, "month") == Period.parse("2024-01")
    assert published.mostly_published(home, "dekad") is None


@pytest.fixture
def viewer(client, db):
    client.force_login(User.objects.create_user("leader", password="pw-for-test-1"))
    return client


def test_the_cockpit_opens_on_the_mostly_published_month(months, viewer):
    page = viewer.get("/cockpit/")
    assert page.status_code == 200
    assert page.context["period"] == Period.parse("2024-03")
    html = page.content.decode()
    assert '<option value="2024-03" selected>' in html
    assert "2024年4月（已公布 1/3）" in html  # the early month is listed, not chosen
    assert "2024-05" not in html  # drafts are not data a leader sees


def test_the_board_opens_on_the_same_month(months, viewer):
    assert viewer.get("/cockpit/board/").context["period"] == Period.parse("2024-03")


def test_the_frequency_switch_reaches_quarterly_and_yearly_indicators(months, viewer):
    html = viewer.get("/cockpit/").content.decode()
    assert 'href="?freq=quarter"' in html and 'href="?freq=year"' in html
    quarter = viewer.get("/cockpit/?freq=quarter")
    assert quarter.context["period"] == Period.parse("2024Q2")
    assert "季度指标" in quarter.content.decode()
    year = viewer.get("/cockpit/?freq=year")
    assert year.context["period"] == Period.parse("2023") and "年度指标" in year.content.decode()
    # A period given in the address decides the frequency.
    assert viewer.get("/cockpit/?period=2024Q1").context["kind"] == "quarter"


def test_the_indicator_page_opens_on_its_own_latest_figure(months, viewer):
    assert viewer.get("/cockpit/indicator/m0/").context["period"] == Period.parse("2024-04")
    assert viewer.get("/cockpit/indicator/m1/").context["period"] == Period.parse("2024-03")
    assert viewer.get("/cockpit/indicator/m1/?period=2024Q1").status_code == 404


def test_no_published_data_says_so_instead_of_showing_the_clocks_month(world, viewer):
    indicator("empty", name="无数据")
    page = viewer.get("/cockpit/")
    assert page.status_code == 200
    assert "尚无已公布的指标数据" in page.content.decode()
    assert page.context["period"] is None


def test_a_month_published_later_in_the_same_process_becomes_the_default(months):
    """The picker's counts are remembered between pages: publishing must move them."""
    from duban.observations.models import Observation
    from duban.observations.workflow import transition

    home = months["home"]
    assert published.mostly_published(home, "month") == Period.parse("2024-03")
    approved = [obs(ind, home, "2024-04", value=40, yoy=5, status="approved") for ind in months["inds"][1:]]
    assert published.mostly_published(home, "month") == Period.parse("2024-03")  # approved is not published
    office = User.objects.create_superuser("office-publisher", password="pw-for-test-1")
    transition(office, list(Observation.objects.filter(pk__in=[o.pk for o in approved])), "publish")
    assert published.mostly_published(home, "month") == Period.parse("2024-04")
