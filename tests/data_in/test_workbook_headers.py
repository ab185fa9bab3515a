"""The shapes of county sheets: the indicator in the title, a header cell or the sheet name; the
first column headed 地区, 地  区, 县市区 or 指标/地区; units in half- or full-width brackets."""

from decimal import Decimal

import pytest
from openpyxl import Workbook

from duban.observations.models import Observation
from .bureau_books import COUNTIES, county_sheet, demo_catalogue, growth_rows, run_import, save  # noqa: F401

pytestmark = pytest.mark.django_db
GROWTH = [9.2, 8.1, 7.4, 6.9, 5.8, 4.4, 3.9, 2.1, -1.2]


@pytest.mark.parametrize("label", ["地区", "地  区", "县市区", "县（市、区）", "指标/地区", "地区\\指标"])
def test_first_column_headings(demo_catalogue, tmp_path, label):
    book = Workbook()
    county_sheet(book, "表3", "规上工业增加值", "2024年1-3月", ["增速(%)", "排名"], growth_rows(GROWTH, list(range(1, 10))), label=label)
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 0, document["problems"]
    assert Observation.objects.filter(indicator__code="gyzjz", period="2024-03", yoy_pct__isnull=False).count() == 9


def test_indicator_from_a_header_cell_or_the_sheet_name(demo_catalogue, tmp_path):
    book = Workbook()
    in_header = book.create_sheet("表7")
    in_header.append([None])
    in_header.append(["地区", "出口总额"])
    in_header.append([None, "2024年1-3月"])
    in_header.append([None, "增速（%）"])
    for name, figure in zip(COUNTIES, GROWTH):
        in_header.append([name, figure])
    county_sheet(book, "制造业投资", "表8 分县（市、区）主要指标", "1-3月（2024年）", ["增速(%)"], growth_rows(GROWTH))
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 0, document["problems"]
    assert [(s["sheet"], s["indicator"], s["period"]) for s in document["sheets"]] == [
        ("表7", "出口总额", "2024-03"), ("制造业投资", "制造业投资", "2024-03")]


@pytest.mark.parametrize("header, stored", [
    ("绝对额(万元)", Decimal("12.3456")),  # 123456 万元 → 12.3456 亿元
    ("绝对额（亿元）", Decimal("123456")),
    ("(亿元)", Decimal("123456")),
])
def test_units_in_half_or_full_width_brackets(demo_catalogue, tmp_path, header, stored):
    book = Workbook()
    rows = [[name, 123456, figure] for name, figure in zip(COUNTIES, GROWTH)]
    county_sheet(book, "出口", "出口总额", "2024年1-3月", [header, "增速（%）"], rows)
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 0, document["problems"]
    row = Observation.objects.get(indicator__code="ckze", region__name="婺城区", period="2024-03")
    assert row.value == stored and row.yoy_pct == Decimal("9.2")


@pytest.mark.parametrize("growth_header", ["增速(%)", "增速（%）", "增减(%)", "同比增长（%）"])
def test_growth_headers(demo_catalogue, tmp_path, growth_header):
    book = Workbook()
    county_sheet(book, "进口", "进口总额", "2024年1-3月", [growth_header, "位次"], growth_rows(GROWTH, list(range(1, 10))))
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 0, document["problems"]
    assert Observation.objects.get(indicator__code="jkze", region__name="永康市").yoy_pct == Decimal("-1.2")


def test_a_balance_at_month_end_and_its_change_since_january_not_read(demo_catalogue, tmp_path):
    book = Workbook()
    rows = [[name, 1000.0 + i, 12.5] for i, name in enumerate(COUNTIES)]
    county_sheet(book, "贷款", "金融机构人民币贷款余额", "3月末", ["(亿元)", "比年初增减数"], rows, number_format="0.00")
    code, document = run_import(save(book, tmp_path / "b.xlsx"), "--year", "2024")
    assert code == 0, document["problems"]
    assert document["sheets"][0]["period"] == "2024-03" and document["sheets"][0]["basis"] == "period"
    assert "C 列“比年初增减数”未读取" in document["sheets"][0]["notes"]
    assert Observation.objects.get(indicator__code="dkye", region__name="义乌市", period="2024-03").value == Decimal("1006")
