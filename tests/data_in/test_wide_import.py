"""The published wide layout: the shared sample and our own example import with every quirk."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from duban.observations.models import Observation, ObservationRevision
REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "tests" / "fixtures" / "samples"  # copies of the shared sample files

SAMPLE = SAMPLES / "wide-ranking-table-2024年1-3月.xlsx"
EXAMPLE = REPO / "examples" / "wide-ranking-2024年1-2月.xlsx"


def _import(path, capsys, *args):
    try:
        call_command("import", str(path), "--kind", "observations", "--json", *args)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    except Exception as error:  # CommandError carries the exit code
        code = getattr(error, "returncode", 1)
    return code, json.loads(capsys.readouterr().out)


def _figure(indicator, region):
    return Observation.objects.get(indicator__name=indicator, region__name=region)


def test_shared_sample_imports_every_published_figure(catalogue, capsys):
    code, report = _import(SAMPLE, capsys)
    assert code == 0, report["problems"]
    assert report["layout"] == "wide" and report["created"] == 29  # 10 regions × 3, less 磐安's missing investment
    wucheng = _figure("规上工业增加值", "婺城区")
    assert (wucheng.period, wucheng.basis, wucheng.value, wucheng.yoy_pct, wucheng.reported_rank) == (
        "2024-03", "ytd", None, Decimal("9.2000"), 2)
    assert _figure("规上工业增加值", "兰溪市").yoy_pct == Decimal("6.8")  # full-width ６．８
    assert _figure("固定资产投资", "金东区").yoy_pct == Decimal("-3.4")  # full-width minus
    assert _figure("社会消费品零售总额", "义乌市").value == Decimal("160.44")
    assert _figure("规上工业增加值", "金华市").reported_rank is None  # — for the prefecture
    ties = Observation.objects.filter(indicator__name="规上工业增加值", reported_rank=4)
    assert sorted(ties.values_list("region__name", flat=True)) == ["东阳市", "永康市"]
    assert not Observation.objects.filter(indicator__name="固定资产投资", region__name="磐安县").exists()
    assert ObservationRevision.objects.filter(action="create").count() == 29


def test_own_example_converts_header_unit_and_reads_first_ytd_period(catalogue, capsys):
    code, report = _import(EXAMPLE, capsys)
    assert code == 0, report["problems"]
    yiwu = _figure("社会消费品零售总额", "义乌市")
    assert (yiwu.period, yiwu.basis, yiwu.value) == ("2024-02", "ytd", Decimal("94.8700"))  # 948700 万元 → 亿元
    assert _figure("规上工业增加值", "武义县").yoy_pct == Decimal("-1.2")
    assert not Observation.objects.filter(indicator__name="社会消费品零售总额", region__name="磐安县").exists()


def test_reimport_is_unchanged(catalogue, capsys):
    _import(EXAMPLE, capsys)
    code, report = _import(EXAMPLE, capsys)
    assert code == 0 and report["unchanged"] == report["rows"] and report["created"] == 0


def test_sample_into_demo_needs_warnings_accepted(db, capsys):
    """The one test that loads the demo: the sample's figures contradict the demo's synthetic ones."""
    from duban.demo.services import load_demo

    load_demo()
    code, report = _import(SAMPLE, capsys)
    assert code == 1 and report["warnings"] and not report["created"] + report["updated"]
    assert any("--accept-warnings" in p["reason"] for p in report["problems"])
    code, report = _import(SAMPLE, capsys, "--accept-warnings", "--reason", "采用金华市统计局公布数")
    assert code == 0 and report["created"] + report["updated"] == 29
    revision = ObservationRevision.objects.filter(reason__contains="已接受警告").first()
    assert revision is not None and "采用金华市统计局公布数" in revision.reason


def test_wide_csv_without_merges(catalogue, write_csv, capsys):
    path = write_csv("wide.csv", """
2024年3月金华市各县（市、区）主要指标,,,,
县（市、区）,规上工业增加值,,社会消费品零售总额,
,增速（%）,位次,当月（万元）,增速（%）
永康市,8.4%,4,"52,180",5.3
义乌市,10.1,1,160440,7.3
注：示例,,,,
""")
    code, report = _import(path, capsys)
    assert code == 0, report["problems"]
    yongkang = _figure("社会消费品零售总额", "永康市")
    assert (yongkang.period, yongkang.basis, yongkang.value) == ("2024-03", "period", Decimal("5.2180"))
    assert _figure("规上工业增加值", "永康市").yoy_pct == Decimal("8.4")
