import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from duban.observations.models import Observation, ObservationRevision


def test_long_layout_with_chinese_periods_units_and_missing_markers(jinhua, write_csv):
    call_command("import", write_csv("obs.csv", """
indicator,region,period,value,yoy_pct
规上工业增加值,永康市,2024年1-2月,４５．６,８．１%
规上工业增加值,330782,2024年1—3月,１２３.４,－3.4
出口总额,永康市,2024年3月,1.2亿元,—
出口总额,东阳市,2024-03,"12,345",
"""), kind="observations")
    feb = Observation.objects.get(indicator__code="gyzjz", region__code="330784")
    assert (feb.period, feb.basis, feb.value, feb.yoy_pct) == ("2024-02", "ytd", Decimal("45.6"), Decimal("8.1"))
    yiwu = Observation.objects.get(region__code="330782")
    assert (yiwu.period, yiwu.basis, yiwu.yoy_pct) == ("2024-03", "ytd", Decimal("-3.4"))
    export = Observation.objects.get(indicator__code="ckze", region__code="330784")
    assert export.value == Decimal("12000")  # 1.2 亿元 in an indicator kept in 万元
    assert export.yoy_pct is None  # a dash is missing, never zero
    assert export.status == "published"


def test_every_imported_figure_is_in_the_ledger_with_who_and_why(jinhua, write_csv):
    path = write_csv("obs.csv", "indicator,region,period,value\ngyzjz,永康市,2024-03,10\n")
    call_command("import", path, kind="observations", reason="一季度快报")
    call_command("import", write_csv("obs2.csv", "indicator,region,period,value\ngyzjz,永康市,2024-03,11\n"),
                 kind="observations", reason="统计局修订")
    revisions = list(ObservationRevision.objects.order_by("id").values_list("action", "old_value", "new_value", "reason"))
    assert revisions == [
        ("create", None, Decimal("10"), "一季度快报"),
        ("update", Decimal("10"), Decimal("11"), "统计局修订"),
    ]
    assert ObservationRevision.objects.first().actor.startswith("cli:")
    assert Observation.objects.get().version == 2


def test_text_in_a_number_cell_unknown_names_and_duplicates_reject_the_whole_file(jinhua, write_csv, capsys):
    path = write_csv("obs.csv", """
indicator,region,period,value
gyzjz,永康市,2024-03,10
gyzjz,永康,2024-03,11
gyzjz,东阳市,2024-03,12a
gyzjz,永康市,2024-03,13
gyzjz,东阳市,2024年13月,1
""")
    with pytest.raises(CommandError):
        call_command("import", path, kind="observations", json=True)
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert {(p["row"], p["field"]) for p in problems} == {(3, "region"), (4, "value"), (5, "region"), (6, "period")}
    assert "12a" in next(p["reason"] for p in problems if p["row"] == 4)
    assert "与第 2 行重复" in next(p["reason"] for p in problems if p["row"] == 5)
    assert Observation.objects.count() == 0


def test_a_row_with_no_figure_at_all_is_rejected_not_zeroed(jinhua, write_csv, capsys):
    path = write_csv("obs.csv", "indicator,region,period,value,yoy_pct\ngyzjz,永康市,2024-03,-,—\n")
    with pytest.raises(CommandError):
        call_command("import", path, kind="observations")
    assert "不要填 0" in capsys.readouterr().err


def test_a_period_finer_than_the_indicator_frequency_or_in_the_future_is_rejected(jinhua, write_csv, capsys):
    path = write_csv("obs.csv", "indicator,region,period,value\ngyzjz,永康市,2024-03D2,1\ngyzjz,永康市,2999-01,1\n")
    with pytest.raises(CommandError):
        call_command("import", path, kind="observations")
    err = capsys.readouterr().err
    assert "期间过细" in err and "尚未结束" in err


def test_a_growth_only_row_is_kept_without_a_value(jinhua, write_csv):
    call_command("import", write_csv("obs.csv", "indicator,region,period,value,yoy_pct\ngyzjz,永康市,2024年1-3月,,6.0\n"),
                 kind="observations")
    row = Observation.objects.get()
    assert row.value is None and row.yoy_pct == Decimal("6.0")


def test_files_that_are_not_spreadsheets_or_empty_are_rejected(jinhua, tmp_path, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    for path, message in ((empty, "文件是空的"), (fake, "不是有效的 Excel"), (pdf, "不支持的文件类型")):
        with pytest.raises(CommandError):
            call_command("import", path, kind="observations")
        assert message in capsys.readouterr().err
