"""Footnotes, blank trailing rows and stray headerless columns are ignored with a note; a cell
with float noise is read as its number format shows it."""

from decimal import Decimal

import pytest
from openpyxl import Workbook

from duban.observations.models import Observation
from .bureau_books import COUNTIES, county_sheet, demo_catalogue, run_import, save  # noqa: F401

pytestmark = pytest.mark.django_db


def test_footnotes_blank_rows_and_stray_columns(demo_catalogue, tmp_path):
    rows = [[name, 5.0 + i, None, 1234.5678] for i, name in enumerate(COUNTIES)]
    book = Workbook()
    sheet = county_sheet(book, "出口", "出口总额", "2024年1-3月", ["增速(%)"], rows, notes=())
    sheet.append([])
    sheet.append(["注：1.增速按现价计算。"])
    sheet.append(["2.义乌含保税区。", 99.9])  # under a note: never read
    sheet.append([])
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 0, document["problems"]
    notes = document["sheets"][0]["notes"]
    assert "D 列没有表头，未读取" in notes and "第 14 行起为注释，未读取" in notes
    assert Observation.objects.count() == 9


@pytest.mark.parametrize("raw, number_format, stored", [
    (6.17000000000001, "0.0", "6.2"),
    (4.958, "0.0", "5.0"),
    (6.55, "0.0", "6.6"),  # half up, in decimal: the float 6.55 is 6.5499… in binary
    (4.3300000000001, "General", "4.33"),  # General: only the binary noise goes
    (0.0617, "0.0%", "6.2"),
])
def test_float_noise_read_at_the_cell_format(demo_catalogue, tmp_path, raw, number_format, stored):
    rows = [[name, raw] for name in COUNTIES]
    book = Workbook()
    county_sheet(book, "出口", "出口总额", "2024年1-3月", ["增速(%)"], rows, number_format=number_format)
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 0, document["problems"]
    assert Observation.objects.get(indicator__code="ckze", region__name="婺城区").yoy_pct == Decimal(stored)
