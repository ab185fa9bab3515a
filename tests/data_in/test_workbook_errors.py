"""An error in a sheet that is read rejects the whole workbook with sheet, row, column and reason;
nothing of any sheet is written. A file that is not a workbook gets a clear error."""

import pytest
from openpyxl import Workbook

from duban.observations.models import Observation
from .bureau_books import COUNTIES, county_sheet, demo_catalogue, run_import, save  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_bad_cell_rejects_every_sheet(demo_catalogue, tmp_path):
    book = Workbook()
    county_sheet(book, "出口", "出口总额", "2024年1-3月", ["增速(%)"], [[name, 5.0] for name in COUNTIES])
    rows = [[name, 5.0] for name in COUNTIES]
    rows[3][1] = "五点二"
    county_sheet(book, "进口", "进口总额", "2024年1-3月", ["增速(%)"], rows)
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 1
    problem = document["problems"][0]
    assert (problem["sheet"], problem["row"], problem["column"], problem["field"]) == ("进口", 7, "B", "yoy_pct")
    assert not Observation.objects.exists()


def test_an_unknown_region_after_known_ones_names_the_nearest(demo_catalogue, tmp_path):
    rows = [[name, 5.0] for name in COUNTIES] + [["义鸟市", 4.0]]
    book = Workbook()
    county_sheet(book, "出口", "出口总额", "2024年1-3月", ["增速(%)"], rows)
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 1
    problem = document["problems"][0]
    assert (problem["sheet"], problem["row"], problem["column"]) == ("出口", 13, "A")
    assert "义鸟市" in problem["reason"] and "义乌市" in problem["reason"]
    assert not Observation.objects.exists()


def test_sheets_with_no_known_region_or_indicator_are_skipped_not_errors(demo_catalogue, tmp_path):
    book = Workbook()
    county_sheet(book, "出口", "出口总额", "2024年1-3月", ["增速(%)"], [[name, 5.0] for name in COUNTIES])
    county_sheet(book, "外省", "出口总额", "2024年1-3月", ["增速(%)"], [["甲县", 5.0], ["乙县", 4.0]])
    county_sheet(book, "GDP", "地区生产总值", "2024年1-3月", ["增速(%)"], [[name, 5.0] for name in COUNTIES])
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 0, document["problems"]
    reasons = {s["sheet"]: s["skipped"] for s in document["sheets"]}
    assert reasons["外省"] == "第一列中没有已知区域"
    assert reasons["GDP"].startswith("指标“地区生产总值”不在指标目录中")


def test_not_a_workbook(demo_catalogue, tmp_path):
    path = tmp_path / "book.xlsx"
    path.write_bytes(b"not a zip")
    code, document = run_import(path)
    assert code == 1 and "不是有效的 Excel" in document["problems"][0]["reason"]
