"""An aggregate row (全市, 合计) is the total of the regions' parent: stored for 金华市, never ranked."""

from decimal import Decimal

import pytest
from openpyxl import Workbook

from duban.observations.models import Observation
from .bureau_books import COUNTIES, county_sheet, demo_catalogue, run_import, save  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("label, first", [("全市", True), ("合计", False)])
def test_aggregate_stored_for_the_parent_and_not_ranked(demo_catalogue, tmp_path, label, first):
    rows = [[name, 100.0 + i, 5.0 + i, 9 - i] for i, name in enumerate(COUNTIES)]
    total = [label, 936.0, 8.7, 1]  # a rank printed on the total row is not the total's
    rows = [total, *rows] if first else [*rows, total]
    book = Workbook()
    county_sheet(book, "出口", "出口总额", "2024年1-3月", ["绝对额(亿元)", "增速(%)", "排名"], rows)
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 0, document["problems"]
    city = Observation.objects.get(indicator__code="ckze", region__code="330700", period="2024-03")
    assert (city.value, city.yoy_pct, city.reported_rank) == (Decimal("936.0"), Decimal("8.7"), None)
    assert document["sheets"][0]["rows"] == 10


def test_aggregate_of_regions_without_a_common_parent_is_noted_not_stored(demo_catalogue, tmp_path):
    rows = [["全省", 6.0], ["婺城", 5.0], ["上城", 7.0]]  # 金华 and 杭州: no one parent
    book = Workbook()
    county_sheet(book, "出口", "出口总额", "2024年1-3月", ["增速(%)"], rows)
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 0, document["problems"]
    assert any("合计行" in note for note in document["sheets"][0]["notes"])
    assert Observation.objects.count() == 2
