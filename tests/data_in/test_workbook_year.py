"""A period written without its year (1-3月, 3月末) takes the year the rest of the workbook writes
when it all agrees, else --year, else the import fails naming the sheet and cell. Never the clock."""

import pytest
from openpyxl import Workbook

from duban.observations.models import Observation
from .bureau_books import county_sheet, demo_catalogue, growth_rows, run_import, save  # noqa: F401

pytestmark = pytest.mark.django_db
GROWTH = [9.2, 8.1, 7.4, 6.9, 5.8, 4.4, 3.9, 2.1, -1.2]


def book_with(*periods: str, contents: str | None = None) -> Workbook:
    book = Workbook()
    if contents:
        book.active.title = "目录"
        book.active.append(["目  录"])
        book.active.append([contents])
    for number, (code, name, period) in enumerate(zip(("gyzjz", "ckze", "jkze"), ("规上工业增加值", "出口总额", "进口总额"), periods)):
        county_sheet(book, f"表{number + 1}", name, period, ["增速(%)"], growth_rows(GROWTH))
    return book


def test_the_year_written_on_another_sheet(demo_catalogue, tmp_path):
    code, document = run_import(save(book_with("2023年1-3月", "1-3月"), tmp_path / "b.xlsx"))
    assert code == 0, document["problems"]
    assert [s["period"] for s in document["sheets"]] == ["2023-03", "2023-03"]


def test_the_year_of_the_contents_page(demo_catalogue, tmp_path):
    code, document = run_import(save(book_with("1-3月", "1-2月", contents="2023年3月统计月报"), tmp_path / "b.xlsx"))
    assert code == 0, document["problems"]
    assert [s["period"] for s in document["sheets"] if not s["skipped"]] == ["2023-03", "2023-02"]


def test_no_year_anywhere_is_an_error_naming_the_sheet_and_cell(demo_catalogue, tmp_path):
    code, document = run_import(save(book_with("1-3月", "1-3月"), tmp_path / "b.xlsx"))
    assert code == 1
    problem = document["problems"][0]
    assert (problem["sheet"], problem["row"], problem["column"]) == ("表1", 2, "B")
    assert "没有写年份" in problem["reason"] and "--year" in problem["reason"]
    assert not Observation.objects.exists()


def test_years_that_disagree_need_the_option(demo_catalogue, tmp_path):
    path = save(book_with("2023年1-3月", "2024年1-3月", "1-3月"), tmp_path / "b.xlsx")
    code, document = run_import(path)
    assert code == 1 and "不同的年份" in document["problems"][0]["reason"]
    code, document = run_import(path, "--year", "2024")
    assert code == 0, document["problems"]
    assert [s["period"] for s in document["sheets"]] == ["2023-03", "2024-03", "2024-03"]
