"""Issue 9: a sheet of a bureau's workbook with several indicators side by side, each under its
name (merged over its 绝对额/增速/位次 columns), is read block by block, not skipped."""

from decimal import Decimal

import pytest
from openpyxl import Workbook

from duban.observations.models import Observation
from .bureau_books import COUNTIES, EXAMPLE, county_sheet, demo_catalogue, growth_rows, run_import, save  # noqa: F401

pytestmark = pytest.mark.django_db
FULL, GROWTH = ["绝对额(亿元)", "增速(%)", "位次"], ["增速(%)", "位次"]


def side_by_side(book: Workbook, name: str, names: list[str], periods: list[str] | None, blocks: list[list[str]],
                 rows: list[list], *, title="表5 分县（市、区）主要指标", merged=True):
    """Title; 地区 | names (each merged over its block's columns); periods under them (or none);
    each block's measure headers."""
    sheet = book.create_sheet(name)
    sheet.append([title])
    first, spans = 2, []
    header, under, measures = ["地区"], [None], [None]
    for indicator, block, period in zip(names, blocks, periods or [None] * len(names)):
        width = len(block)
        header += [indicator] + [None] * (width - 1)
        under += [period] + [None] * (width - 1)
        measures += block
        spans.append((first, first + width - 1))
        first += width
    sheet.append(header)
    if periods:
        sheet.append(under)
    sheet.append(measures)
    for row in rows:
        sheet.append(row)
    sheet.append(["注：示例。"])
    if merged:
        for start, end in spans:
            for row in (2, 3) if periods else (2,):
                sheet.merge_cells(start_row=row, start_column=start, end_row=row, end_column=end)
    return sheet


def _figure(code, county, period="2024-03"):
    return Observation.objects.get(indicator__code=code, region__name__startswith=county, period=period)


def test_two_indicators_side_by_side_beside_a_sheet_of_one(demo_catalogue, tmp_path):
    book = Workbook()
    county_sheet(book, "税收", "税收收入", "2024年1-3月", ["增速(%)", "排名"], growth_rows([5.0 + i for i in range(9)]))
    rows = [[c, 100.0 + i, 6.0 + i, 9 - i, 3.0 + i, 9 - i] for i, c in enumerate(COUNTIES)]
    side_by_side(book, "工业和投资", ["规模以上工业增加值", "固定资产投资"], ["1-3月", "1-2月"], [FULL, GROWTH], rows)
    code, document = run_import(save(book, tmp_path / "book.xlsx"))
    assert code == 0, document["problems"]
    read = [(s["sheet"], s["indicator"], s["period"], s["rows"]) for s in document["sheets"] if not s["skipped"]]
    assert read == [("税收", "税收收入", "2024-03", 9), ("工业和投资", "规上工业增加值", "2024-03", 9),
                    ("工业和投资", "固定资产投资", "2024-02", 9)]  # each block its own period
    output = _figure("gyzjz", "义乌")
    assert (output.value, output.yoy_pct, output.reported_rank, output.basis) == (Decimal("106"), Decimal("12"), 3, "ytd")
    investment = _figure("gdzctz", "义乌", "2024-02")
    assert (investment.value, investment.yoy_pct, investment.reported_rank) == (None, Decimal("9"), 3)


def test_unmerged_names_run_to_the_next_one_and_an_unknown_one_is_not_read(demo_catalogue, tmp_path):
    book = Workbook()
    county_sheet(book, "税收", "税收收入", "2024年1-3月", ["增速(%)"], [[c, 5.0] for c in COUNTIES])
    rows = [[c, 6.0 + i, 9 - i, 1.5, 7.0] for i, c in enumerate(COUNTIES)]
    side_by_side(book, "主要指标", ["规上工业增加值", "某未知指标", "民间投资"], None, [GROWTH, ["增速(%)"], ["增速(%)"]], rows,
                 title="2024年1-3月分县（市、区）主要指标", merged=False)
    code, document = run_import(save(book, tmp_path / "book.xlsx"))
    assert code == 0, document["problems"]
    sheets = [s for s in document["sheets"] if s["sheet"] == "主要指标"]
    assert [(s["indicator"], s["period"], s["skipped"]) for s in sheets] == [
        ("规上工业增加值", "2024-03", None),  # the period once, in the title
        (None, None, "D:D 列“某未知指标”不在指标目录中（可在指标目录中为其添加别名）"),
        ("民间投资", "2024-03", None),
    ]
    assert _figure("gyzjz", "永康").reported_rank == 1 and _figure("mjtz", "永康").yoy_pct == Decimal("7")
    assert not Observation.objects.filter(value=Decimal("1.5")).exists() and Observation.objects.count() == 27


def test_a_bad_cell_in_the_second_block_is_named_by_its_column(demo_catalogue, tmp_path):
    book = Workbook()
    county_sheet(book, "税收", "税收收入", "2024年1-3月", ["增速(%)"], [[c, 5.0] for c in COUNTIES])
    rows = [[c, 100.0, 6.0, 1, 3.0, 1] for c in COUNTIES]
    rows[4][4] = "三点五"
    side_by_side(book, "工业和投资", ["规上工业增加值", "固定资产投资"], ["1-3月", "1-3月"], [FULL, GROWTH], rows)
    code, document = run_import(save(book, tmp_path / "book.xlsx"))
    assert code == 1 and not Observation.objects.exists()
    [problem] = [p for p in document["problems"] if p["sheet"] == "工业和投资"]
    assert (problem["row"], problem["column"], problem["field"], problem["value"]) == (9, "E", "yoy_pct", "三点五")


def test_the_example_reads_its_side_by_side_sheets(demo_catalogue):
    code, document = run_import(EXAMPLE)
    assert code == 0, document["problems"]
    blocks = [(s["indicator"], s["period"], s["rows"]) for s in document["sheets"] if s["sheet"] in ("表13 进出口", "科技企业")]
    assert blocks == [("出口总额", "2024-03", 10), ("进口总额", "2024-03", 10),
                      ("高新技术企业数", "2024-03", 10), ("科技型中小企业数", "2024-03", 10)]
    imports = _figure("jkze", "婺城")
    assert (imports.value, imports.yoy_pct, imports.reported_rank) == (Decimal("585.08"), Decimal("9.3"), 3)  # shown at two decimals
    assert _figure("kjxzxqy", "金东").value == Decimal("897") and _figure("kjxzxqy", "金华市").reported_rank is None


def test_two_side_by_side_sheets_are_a_workbook_not_one_wide_table(demo_catalogue, tmp_path):
    book = Workbook()
    rows = [[c, 100.0 + i, 6.0 + i, 9 - i, 3.0 + i, 9 - i] for i, c in enumerate(COUNTIES)]
    side_by_side(book, "工业和投资", ["规上工业增加值", "固定资产投资"], ["1-3月", "1-3月"], [FULL, GROWTH], rows,
                 title="2024年统计月报")
    side_by_side(book, "出口和进口", ["出口总额", "进口总额"], ["1-3月", "1-3月"], [FULL, GROWTH], rows,
                 title="2024年统计月报")
    code, document = run_import(save(book, tmp_path / "book.xlsx"))
    assert code == 0, document["problems"]
    assert document["layout"] == "workbook" and document["created"] == 36  # the second sheet is not left out
    assert _figure("jkze", "永康").yoy_pct == Decimal("11")
