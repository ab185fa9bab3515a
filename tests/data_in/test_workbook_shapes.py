"""Issue 9, shapes a probe with a real bureau's book found: a sheet with 本月 and 1-3月 period
blocks, footnote marks on region names, functional zones the catalogue does not hold, a table
turned the other way (regions across the header), and the same book saved as Excel 97-2003 .xls."""

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from duban.imports.tabular import read_sheets
from duban.observations.models import Observation
from .bureau_books import COUNTIES, county_sheet, demo_catalogue, run_import, save  # noqa: F401

pytestmark = pytest.mark.django_db
XLS = Path(__file__).resolve().parents[1] / "fixtures" / "samples" / "bureau-shapes-2024年3月.xls"  # shapes_book, by LibreOffice


def month_and_year_to_date(book: Workbook, names=COUNTIES, extra=()):
    """规上工业增加值: 地区 | 3月 (over 绝对额/增速) | 1-3月 (over 绝对额/增速/位次)."""
    sheet = book.create_sheet("2-1工业")
    sheet.append(["各县（市、区）规模以上工业增加值"])
    sheet.append(["2024年3月"])
    sheet.append(["地区", "3月", None, "1-3月", None, None])
    sheet.append([None, "绝对额(亿元)", "增速(%)", "绝对额(亿元)", "增速(%)", "位次"])
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:C3")
    sheet.merge_cells("D3:F3")
    sheet.append(["全市", 120.5, 7.1, 330.2, 6.8, None])
    for i, name in enumerate(names):
        sheet.append([name, 10.0 + i, 1.5 + i, 30.0 + i, 2.5 + i, 9 - i])
    for row in extra:
        sheet.append(row)
    sheet.append(["注：增速按可比价计算。"])
    return sheet


def transposed(book: Workbook, labels=("固定资产投资增速(%)", "制造业投资增速(%)", "工业投资增速(%)")):
    sheet = book.create_sheet("2-2投资")
    sheet.append(["2024年1-3月各县（市、区）投资增速"])
    sheet.append(["指标", "全市", *COUNTIES])
    for n, label in enumerate(labels):
        sheet.append([label, 5.5 + n, *[1.0 + n + i for i in range(len(COUNTIES))]])
    return sheet


def shapes_book() -> Workbook:
    """The book the .xls fixture was converted from (``soffice --headless --convert-to xls``)."""
    book = Workbook()
    marked = ["婺城▲", "金东", "武义", "浦江", "磐安", "兰溪", "义乌*", "东阳（1）", "永康①"]
    month_and_year_to_date(book, marked, extra=[["金华开发区", 5.5, 4.4, 15.0, 4.0, None]])
    transposed(book)
    return book


def _figure(code, county, basis):
    return Observation.objects.get(indicator__code=code, region__name__startswith=county, period="2024-03", basis=basis)


def test_the_months_block_and_the_year_to_date_block_are_both_read(demo_catalogue, tmp_path):
    book = Workbook()
    month_and_year_to_date(book)
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 0, [p["reason"] for p in document["problems"]]
    read = [(s["sheet"], s["period"], s["basis"], s["rows"]) for s in document["sheets"]]
    assert read == [("2-1工业", "2024-03", "period", 10), ("2-1工业", "2024-03", "ytd", 10)]
    assert not any("未读取" in note and "列" in note for s in document["sheets"] for note in s["notes"])
    month, ytd = _figure("gyzjz", "义乌", "period"), _figure("gyzjz", "义乌", "ytd")
    assert (month.value, month.yoy_pct, month.reported_rank) == (Decimal("16"), Decimal("7.5"), None)
    assert (ytd.value, ytd.yoy_pct, ytd.reported_rank) == (Decimal("36"), Decimal("8.5"), 3)


def test_footnote_marks_on_region_names_are_not_part_of_the_name(demo_catalogue, tmp_path):
    book = Workbook()
    marked = ["婺城▲", "金东※", "武义#", "浦江(2)", "磐安", "兰溪", "义乌*", "东阳（1）", "永康①"]
    county_sheet(book, "出口", "出口总额", "2024年1-3月", ["增速(%)"], [[n, 5.0 + i] for i, n in enumerate(marked)])
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 0, [p["reason"] for p in document["problems"]]
    assert document["sheets"][0]["rows"] == 9
    assert Observation.objects.get(region__name="永康市").yoy_pct == Decimal("13")


def test_a_marked_name_that_is_still_unknown_is_a_located_error(demo_catalogue, tmp_path):
    book = Workbook()
    rows = [[n, 5.0] for n in COUNTIES] + [["义鸟*", 4.0]]
    county_sheet(book, "出口", "出口总额", "2024年1-3月", ["增速(%)"], rows)
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 1
    problem = document["problems"][0]
    assert (problem["sheet"], problem["row"], problem["column"], problem["value"]) == ("出口", 13, "A", "义鸟*")
    assert "义乌市" in problem["reason"]


def test_a_functional_zone_not_in_the_catalogue_is_noted_not_read(demo_catalogue, tmp_path):
    book = Workbook()
    rows = [[n, 5.0] for n in COUNTIES] + [["金华开发区", 4.0], ["金义新区", 3.0]]
    county_sheet(book, "出口", "出口总额", "2024年1-3月", ["增速(%)"], rows)
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 0, [p["reason"] for p in document["problems"]]
    sheet = document["sheets"][0]
    assert sheet["rows"] == 9
    assert any("金华开发区" in n and "功能区" in n for n in sheet["notes"])
    assert any("金义新区" in n for n in sheet["notes"])
    assert Observation.objects.count() == 9


def test_a_functional_zone_in_the_catalogue_is_read(demo_catalogue, tmp_path):
    from duban.catalogue.models import Region

    city = Region.objects.get(name="金华市")
    Region.objects.create(code="330771", name="金华开发区", level=Region.objects.get(name="义乌市").level, parent=city)
    book = Workbook()
    county_sheet(book, "出口", "出口总额", "2024年1-3月", ["增速(%)"], [[n, 5.0] for n in COUNTIES + ["金华开发区"]])
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 0, [p["reason"] for p in document["problems"]]
    assert document["sheets"][0]["rows"] == 10
    assert Observation.objects.filter(region__name="金华开发区").exists()


def test_a_table_with_regions_across_the_header_is_read_by_indicator_rows(demo_catalogue, tmp_path):
    book = Workbook()
    transposed(book)
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 0, [p["reason"] for p in document["problems"]]
    read = [(s["indicator"], s["period"], s["basis"], s["rows"]) for s in document["sheets"]]
    assert read == [("固定资产投资", "2024-03", "ytd", 10), ("制造业投资", "2024-03", "ytd", 10)]
    assert any("工业投资增速" in n and "不在指标目录中" in n for n in document["sheets"][0]["notes"])
    assert Observation.objects.get(indicator__code="gdzctz", region__name="金东区").yoy_pct == Decimal("2")
    assert Observation.objects.get(indicator__code="zzytz", region__name="金华市").yoy_pct == Decimal("6.5")


def test_regions_across_the_header_but_no_catalogue_indicator_is_skipped_saying_so(demo_catalogue, tmp_path):
    book = Workbook()
    county_sheet(book, "出口", "出口总额", "2024年1-3月", ["增速(%)"], [[n, 5.0] for n in COUNTIES])
    transposed(book, labels=("工业投资增速(%)", "技术改造投资(亿元)"))
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 0, [p["reason"] for p in document["problems"]]
    skipped = document["sheets"][1]["skipped"]
    assert "表头行" in skipped and "按行业" not in skipped


def test_an_xls_book_reads_as_the_xlsx_it_was_saved_from(demo_catalogue, tmp_path):
    xlsx = save(shapes_book(), tmp_path / "bureau-shapes-2024年3月.xlsx")
    sheets, old = read_sheets(XLS), read_sheets(xlsx)
    assert [(s.name, s.rows, sorted(s.merged)) for s in sheets] == [(s.name, s.rows, sorted(s.merged)) for s in old]
    code, document = run_import(XLS, "--dry-run")
    assert code == 0, [p["reason"] for p in document["problems"]]
    assert [(s["sheet"], s["indicator"], s["basis"], s["rows"]) for s in document["sheets"]] == [
        ("2-1工业", "规上工业增加值", "period", 10), ("2-1工业", "规上工业增加值", "ytd", 10),
        ("2-2投资", "固定资产投资", "ytd", 10), ("2-2投资", "制造业投资", "ytd", 10)]


def test_an_xls_file_that_is_not_one_is_refused_by_name(demo_catalogue, tmp_path):
    fake = tmp_path / "月报.xls"
    fake.write_bytes(b"not a workbook at all")
    code, document = run_import(fake)
    assert code == 1
    assert "不是有效的 Excel 97-2003（.xls）文件" in document["problems"][0]["reason"]
    assert document["problems"][0]["file"] == "月报.xls"


def test_regions_over_measure_columns_are_the_wide_table_not_a_turned_one(demo_catalogue, tmp_path):
    book = Workbook()
    sheet = book.create_sheet("对比")
    sheet.append(["2024年1-3月部分县（市）主要指标对比"])
    sheet.append(["指标", "计量单位", "义乌市", None, "东阳市", None])
    sheet.append([None, None, "累计", "增速（%）", "累计", "增速（%）"])
    sheet.append(["规上工业增加值", "亿元", 123.4, 8.6, 150.2, 9.1])
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 0, [p["reason"] for p in document["problems"]]
    assert document["layout"] == "wide"
    assert Observation.objects.get(region__name="东阳市").yoy_pct == Decimal("9.1")


def test_a_turned_table_with_a_unit_column_and_a_functional_zone(demo_catalogue, tmp_path):
    book = Workbook()
    sheet = book.create_sheet("投资")
    sheet.append(["2024年1-3月分县（市、区）投资"])
    sheet.append(["指标", "计量单位", *COUNTIES, "金华开发区"])
    sheet.append(["固定资产投资", "万元", *[10000.0 * (i + 1) for i in range(9)], 5000.0])
    sheet.append(["固定资产投资增速", "%", *[1.0 + i for i in range(9)], 2.0])
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 0, [p["reason"] for p in document["problems"]]
    reading = document["sheets"][0]
    assert (reading["indicator"], reading["rows"]) == ("固定资产投资", 9)
    assert any("L 列“金华开发区”为功能区" in n for n in reading["notes"]), reading["notes"]
    figure = Observation.objects.get(indicator__code="gdzctz", region__name="金东区")
    assert (figure.value, figure.yoy_pct) == (Decimal("2"), Decimal("2"))  # 20000 万元 = 2 亿元


def test_an_unknown_name_across_the_header_is_a_located_error(demo_catalogue, tmp_path):
    book = Workbook()
    sheet = book.create_sheet("投资")
    sheet.append(["2024年1-3月分县（市、区）投资增速"])
    sheet.append(["指标", *COUNTIES, "义鸟"])
    sheet.append(["固定资产投资增速(%)", *[1.0 + i for i in range(10)]])
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 1
    problem = document["problems"][0]
    assert (problem["sheet"], problem["row"], problem["column"], problem["value"]) == ("投资", 2, "K", "义鸟")
    assert "义乌市" in problem["reason"]


def test_each_indicator_block_split_by_its_month_and_year_to_date(demo_catalogue, tmp_path):
    book = Workbook()
    county_sheet(book, "税收", "税收收入", "2024年1-3月", ["增速(%)"], [[n, 5.0] for n in COUNTIES])
    sheet = book.create_sheet("进出口")
    sheet.append(["表13 分县（市、区）进出口"])
    sheet.append(["地区", "出口总额", None, None, "进口总额", None, None])
    sheet.append([None, "3月", "1-3月", None, "3月", "1-3月", None])
    sheet.append([None, "绝对额(亿元)", "绝对额(亿元)", "增速(%)", "绝对额(亿元)", "绝对额(亿元)", "增速(%)"])
    for cells in ("B2:D2", "E2:G2", "C3:D3", "F3:G3"):
        sheet.merge_cells(cells)
    for i, name in enumerate(COUNTIES):
        sheet.append([name, 1.0 + i, 3.0 + i, 5.0, 2.0 + i, 6.0 + i, 4.0])
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 0, [p["reason"] for p in document["problems"]]
    assert [(s["indicator"], s["basis"], s["rows"]) for s in document["sheets"]][1:] == [
        ("出口总额", "period", 9), ("出口总额", "ytd", 9), ("进口总额", "period", 9), ("进口总额", "ytd", 9)]
    assert _figure("jkze", "义乌", "period").value == Decimal("8")
    assert (_figure("jkze", "义乌", "ytd").value, _figure("jkze", "义乌", "ytd").yoy_pct) == (Decimal("12"), Decimal("4"))
