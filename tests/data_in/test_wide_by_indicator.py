"""Tables with one row per indicator: a county's own table (region in the title) and regions side by side."""

from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from duban.observations.models import Observation

from .test_wide_import import _import

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "county-indicators-2024年1-3月.xlsx"


def _figures():
    return {
        (o.indicator.name, o.region.name, o.basis): (o.value, o.yoy_pct, o.reported_rank)
        for o in Observation.objects.select_related("indicator", "region")
    }


def test_county_table_reads_region_from_title_and_units_per_row(catalogue, capsys):
    code, report = _import(EXAMPLE, capsys)
    assert code == 0, report["problems"]
    assert report["layout"] == "wide"
    assert {o.period for o in Observation.objects.all()} == {"2024-03"}
    assert _figures() == {
        # 3月 is the month alone; growth and rank go with the year to date (the title's 1-3月);
        # 全省位次 and 上年同期 are not read.
        ("规上工业增加值", "永康市", "period"): (Decimal("45.2000"), None, None),
        ("规上工业增加值", "永康市", "ytd"): (Decimal("123.4500"), Decimal("8.6000"), 3),
        ("固定资产投资", "永康市", "ytd"): (Decimal("98.7000"), Decimal("6.1000"), 4),  # 当月 "-": not stored
        # the unit column says 万元, the catalogue keeps 亿元; the section rows (一、工业) are not figures
        ("社会消费品零售总额", "永康市", "period"): (Decimal("31.0000"), None, None),
        ("社会消费品零售总额", "永康市", "ytd"): (Decimal("87.5000"), Decimal("5.9000"), None),
    }


def _write(tmp_path, rows, merges=(), name="table.xlsx"):
    book = Workbook()
    sheet = book.active
    sheet.title = "对比"
    for row in rows:
        sheet.append(list(row))
    for cells in merges:
        sheet.merge_cells(cells)
    path = tmp_path / name
    book.save(path)
    return path


def test_regions_side_by_side_under_merged_headers(catalogue, capsys, tmp_path):
    path = _write(tmp_path, [
        ["2024年1-3月部分县（市）主要指标对比"],
        ["指标", "计量单位", "永康市", None, None, "东阳市", None, None],
        [None, None, "累计", "增速（%）", "位次", "累计", "增速（%）", "位次"],
        ["规上工业增加值", "亿元", "123.4", "8.6", "3", "150.2", "9.1", "2"],
        ["社会消费品零售总额", "亿元", "87.5", "5.9", "5", "—", "—", None],
    ], merges=["A1:H1", "C2:E2", "F2:H2"])
    code, report = _import(path, capsys)
    assert code == 0, report["problems"]
    assert _figures() == {
        ("规上工业增加值", "永康市", "ytd"): (Decimal("123.4000"), Decimal("8.6000"), 3),
        ("规上工业增加值", "东阳市", "ytd"): (Decimal("150.2000"), Decimal("9.1000"), 2),
        ("社会消费品零售总额", "永康市", "ytd"): (Decimal("87.5000"), Decimal("5.9000"), 5),
    }


def test_one_region_table_without_a_region_in_the_title_is_refused(catalogue, capsys, tmp_path):
    path = _write(tmp_path, [
        ["2024年1-3月主要经济指标"],
        ["指标名称", "单位", "1-3月累计", "同比增长（%）"],
        ["规上工业增加值", "亿元", "123.4", "8.6"],
    ])
    code, report = _import(path, capsys)
    assert code != 0
    [problem] = report["problems"]
    assert (problem["sheet"], problem["row"]) == ("对比", 1)
    assert "标题中找不到已登记的区域名称" in problem["reason"]
    assert not Observation.objects.exists()


def test_a_unit_that_does_not_fit_names_the_unit_column(catalogue, capsys, tmp_path):
    path = _write(tmp_path, [
        ["2024年1-3月永康市主要经济指标"],
        ["指标名称", "单位", "1-3月累计", "同比增长（%）"],
        ["规上工业增加值", "亿元", "123.4", "8.6"],
        ["社会消费品零售总额", "家", "87.5", "5.9"],
    ])
    code, report = _import(path, capsys)
    assert code != 0
    [problem] = report["problems"]
    assert (problem["row"], problem["column"], problem["field"]) == (4, "C", "value")
    assert "表中单位“家”与指标单位“亿元”不一致" in problem["reason"]
    assert not Observation.objects.exists()
