"""1-3月, 1-6月, 1-9月, 1-12月 are the year-to-date periods of a quarterly indicator (一季度 …
全年): a bureau's workbook prints quarterly figures that way, and `duban rank --period 2024年1-3月`
of a quarterly indicator ranks its 2024Q1. The ranks equal the bureau's in the file."""

import io
import json

import pytest
from django.core.management import call_command

from duban.core.periods import Period, PeriodRef
from duban.core.period_text import at_frequency, parse_period_for
from .bureau_books import EXAMPLE, demo_catalogue, run_import  # noqa: F401


@pytest.mark.parametrize("text, frequency, code, basis", [
    ("2024年1-3月", "quarter", "2024Q1", "ytd"),
    ("2024年1-6月", "quarter", "2024Q2", "ytd"),
    ("2024年1-9月", "quarter", "2024Q3", "ytd"),
    ("2024年1-12月", "quarter", "2024Q4", "ytd"),
    ("2024年1-12月", "year", "2024", None),
    ("2024年1-2月", "quarter", "2024-02", "ytd"),  # no quarter ends in February: left as it is
    ("2024年1-3月", "month", "2024-03", "ytd"),
    ("2024年一季度", "quarter", "2024Q1", None),
])
def test_either_spelling(text, frequency, code, basis):
    assert parse_period_for(text, frequency) == PeriodRef(Period.parse(code), basis)


def test_a_single_month_is_not_a_quarter():
    ref = PeriodRef(Period.parse("2024-03"))
    assert at_frequency(ref, "quarter") is ref


def rank(*args):
    out = io.StringIO()
    call_command("rank", *args, "--group", "jinhua9", "--as-of", "2024-06-30", "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_rank_of_a_quarterly_indicator_by_month_range_equals_the_bureau(demo_catalogue):
    code, document = run_import(EXAMPLE)
    assert code == 0, document["problems"]
    assert {s["indicator"]: s["period"] for s in document["sheets"]}["城镇居民人均可支配收入"] == "2024Q1"
    ranked = rank("--indicator", "城镇居民人均可支配收入", "--period", "2024年1-3月")
    assert ranked["period"] == "2024Q1" and ranked["rows"]
    assert all(r["rank"] == r["bureau_rank"] for r in ranked["rows"])
    assert rank("--indicator", "czjmsr", "--period", "2024Q1")["rows"] == ranked["rows"]


@pytest.mark.django_db
@pytest.mark.parametrize("indicator", ["规上工业增加值", "规上工业企业营业收入", "高新技术企业数", "重大项目完成投资"])
def test_monthly_ranks_equal_the_bureau_including_a_tie_at_one_decimal(demo_catalogue, indicator):
    code, document = run_import(EXAMPLE)
    assert code == 0, document["problems"]
    period = {s["indicator"]: s["period"] for s in document["sheets"]}[indicator]
    ranked = rank("--indicator", indicator, "--period", period)
    assert ranked["rows"] and all(r["rank"] == r["bureau_rank"] for r in ranked["rows"])


@pytest.mark.django_db
def test_the_long_layout_takes_1_3_for_a_quarterly_indicator(demo_catalogue, tmp_path):
    from duban.observations.models import Observation

    path = tmp_path / "q.csv"
    path.write_text("indicator,region,period,value,yoy_pct\n城镇居民人均可支配收入,永康市,2024年1-6月,31000,5.2\n", encoding="utf-8")
    code, document = run_import(path)
    assert code == 0, document["problems"]
    row = Observation.objects.get(indicator__code="czjmsr", region__code="330784")
    assert (row.period, row.basis) == ("2024Q2", "ytd")


@pytest.mark.django_db
def test_the_observations_api_takes_either_spelling(client, demo_catalogue):
    from django.contrib.auth.models import User

    code, document = run_import(EXAMPLE, "--sheet", "城镇收入")
    assert code == 0, document["problems"]
    client.force_login(User.objects.create_user("admin", password="pw-duban-test", is_superuser=True, is_staff=True))
    by_range = client.get("/api/observations/", {"indicator": "czjmsr", "period": "2024年1-3月"}).json()
    by_code = client.get("/api/observations/", {"indicator": "czjmsr", "period": "2024Q1"}).json()
    assert len(by_range) == 10 and by_range == by_code
