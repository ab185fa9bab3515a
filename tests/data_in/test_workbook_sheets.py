"""A bureau's workbook of many sheets: every table of regions for a catalogue indicator is read,
every other sheet listed as skipped with the reason; --sheet limits, --dry-run writes nothing."""

from decimal import Decimal

import pytest

from duban.observations.models import Observation
from .bureau_books import EXAMPLE, SAMPLE, demo_catalogue, run_import  # noqa: F401

pytestmark = pytest.mark.django_db


def by_sheet(document):
    return {s["sheet"].strip(): s for s in document["sheets"]}


def test_the_shared_sample_reads_its_county_tables_and_skips_the_rest(demo_catalogue):
    code, document = run_import(SAMPLE)
    assert code == 0, document["problems"]
    sheets = by_sheet(document)
    assert sheets["目录"]["skipped"] == "目录页"
    assert "按行业" in sheets["表2 全市生产总值"]["skipped"]
    assert sheets["图3 财政收入走势"]["skipped"] == "图表"
    assert "地区生产总值" in sheets["表11 分县GDP"]["skipped"] and "不在指标目录" in sheets["表11 分县GDP"]["skipped"]
    read = {name: (s["indicator"], s["period"], s["rows"]) for name, s in sheets.items() if not s["skipped"]}
    assert read == {
        "表12 规上工业": ("规上工业增加值", "2024-03", 10),
        "营收(2)": ("规上工业企业营业收入", "2024-02", 10),  # lags a month: its own period
        "表14投资": ("固定资产投资", "2024-03", 10),
        "社零1": ("社会消费品零售总额", "2024-03", 10),
        "财政收入": ("一般公共预算收入", "2024-03", 10),
        "外资": ("实际使用外资", "2024-03", 10),
    }
    assert document["created"] == 60 and all(s["written"] for s in sheets.values() if not s["skipped"])
    growth = Observation.objects.get(indicator__code="gyzjz", region__code="330702", period="2024-03")
    assert growth.yoy_pct == Decimal("4.2") and growth.basis == "ytd" and growth.reported_rank == 7
    lagged = Observation.objects.get(indicator__code="gsgyys", region__code="330726", period="2024-02")
    assert lagged.value == Decimal("485")  # 484.56841 in a cell shown as 485: read as shown


def test_the_example_reads_27_indicators_from_25_county_sheets_and_skips_four(demo_catalogue):
    code, document = run_import(EXAMPLE)
    assert code == 0, document["problems"]
    skipped = [s["sheet"] for s in document["sheets"] if s["skipped"]]
    assert skipped == ["目录", "表1 全市主要指标", "表2 分行业工业", "图1 工业增加值走势"]
    read = [s for s in document["sheets"] if not s["skipped"]]
    assert len(read) == 28  # two sheets hold two indicators each, one a month and its year to date
    assert len({s["indicator"] for s in read}) == 27
    assert len({s["sheet"] for s in read}) == 25
    assert document["created"] == 280


def test_sheet_option_limits_the_import(demo_catalogue):
    code, document = run_import(SAMPLE, "--sheet", "表12 规上工业", "--sheet", "外资")
    assert code == 0
    assert [s["sheet"].strip() for s in document["sheets"]] == ["表12 规上工业", "外资"]
    assert set(Observation.objects.values_list("indicator__code", flat=True)) == {"gyzjz", "sjsywz"}


def test_an_unknown_sheet_name_is_an_error_naming_the_sheets(demo_catalogue):
    code, document = run_import(SAMPLE, "--sheet", "表99")
    assert code == 1
    assert "表99" in document["problems"][0]["reason"] and "外资" in document["problems"][0]["reason"]


def test_dry_run_prints_the_same_summary_and_writes_nothing(demo_catalogue):
    code, document = run_import(SAMPLE, "--dry-run")
    assert code == 0 and document["dry_run"]
    assert sum(s["rows"] for s in document["sheets"]) == 60
    assert not any(s["written"] for s in document["sheets"])
    assert not Observation.objects.exists()


def test_the_text_summary_lists_each_sheet(demo_catalogue, capsys):
    from django.core.management import call_command

    call_command("import", str(SAMPLE), "--kind", "observations", "--dry-run")
    out = capsys.readouterr().out
    assert "跳过 “目录”：目录页" in out
    assert "读取 “营收(2)”：规上工业企业营业收入 2024-02（累计），可写入 10 行" in out
