"""Published figures are public inside the government: a department reporter reads another
department's published figure through /api/observations exactly as the cockpit and
/api/monitoring/history show it, and never that department's unpublished drafts."""

from decimal import Decimal

import pytest

from duban.catalogue.models import Indicator, Region
from duban.core.periods import Period
from duban.observations.models import Observation


@pytest.fixture
def figures(personas):
    home = Region.objects.create(code="330784", name="永康市")
    commerce = personas["shangwu"].profile.department
    industry = personas["jingxin"].profile.department
    retail = Indicator.objects.create(code="shxfpls", name="社会消费品零售总额", unit="亿元", kind="flow",
                                      department=commerce)
    output = Indicator.objects.create(code="gyzjz", name="规上工业增加值", unit="亿元", kind="flow",
                                      department=industry)

    def put(indicator, period, value, status):
        p = Period.parse(period)
        return Observation.objects.create(indicator=indicator, region=home, period=p.code, period_kind="month",
                                          period_end=p.end, basis="ytd", value=Decimal(value), status=status)

    return {
        "published": put(retail, "2024-03", "95.5", "published"),
        "draft": put(retail, "2024-04", "120.0", "draft"),
        "own_draft": put(output, "2024-04", "80.0", "draft"),
    }


def _ids(client, **query):
    answer = client.get("/api/observations/", query)
    assert answer.status_code == 200
    return {row["id"] for row in answer.json()}


@pytest.mark.parametrize("who", ["jingxin", "wangming", "ducha"])
def test_everyone_reads_published_figures_of_every_department(client, personas, figures, who):
    client.force_login(personas[who])
    seen = _ids(client)
    assert figures["published"].pk in seen and figures["draft"].pk not in seen
    assert client.get(f"/api/observations/{figures['published'].pk}/revisions").status_code == 200
    assert client.get(f"/api/observations/{figures['draft'].pk}/revisions").status_code == 404


def test_a_reporter_keeps_reading_own_drafts(client, personas, figures):
    client.force_login(personas["jingxin"])
    assert figures["own_draft"].pk in _ids(client)
    client.force_login(personas["shangwu"])
    assert figures["own_draft"].pk not in _ids(client) and figures["draft"].pk in _ids(client)


def test_the_data_office_reads_everything(client, personas, figures):
    client.force_login(personas["shuju"])
    assert {f.pk for f in figures.values()} <= _ids(client)


def test_api_and_history_agree_on_a_published_figure(client, personas, figures):
    client.force_login(personas["jingxin"])
    row = client.get("/api/observations/", {"indicator": "shxfpls", "period": "2024-03"}).json()
    assert [Decimal(r["value"]) for r in row] == [Decimal("95.5")]
    history = client.get("/api/monitoring/history", {"indicator": "shxfpls", "region": "330784", "period": "2024-03"})
    assert history.status_code == 200 and "95.5" in history.content.decode()


def test_anonymous_reads_nothing(client, figures):
    assert client.get("/api/observations/").status_code == 401
