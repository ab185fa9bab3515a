"""The bureau's own rank (排名, 位次) is stored and shown; where it differs from the competition
rank of the figures as published (the indicator's decimals), the import warns naming the cell."""

import pytest
from openpyxl import Workbook

from duban.observations.models import Observation
from .bureau_books import EXAMPLE, county_sheet, demo_catalogue, growth_rows, run_import, save  # noqa: F401

pytestmark = pytest.mark.django_db
# 6.64 and 6.55 both print 6.6: one rank (4th), none 5th.
GROWTH = [9.2, 8.1, 7.4, 6.64, 6.55, 4.4, 3.9, 2.1, -1.2]


def test_a_tie_only_at_one_decimal_matches_the_bureau(demo_catalogue, tmp_path):
    book = Workbook()
    county_sheet(book, "出口", "出口总额", "2024年1-3月", ["增速(%)", "排名"], growth_rows(GROWTH, [1, 2, 3, 4, 4, 6, 7, 8, 9]))
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 0, document["problems"]
    assert not [n for n in document["sheets"][0]["notes"] if n.startswith("警告")]
    ranks = dict(Observation.objects.filter(indicator__code="ckze").values_list("region__name", "reported_rank"))
    assert ranks["浦江县"] == ranks["磐安县"] == 4


def test_a_rank_that_differs_is_named_by_its_cell(demo_catalogue, tmp_path):
    book = Workbook()
    county_sheet(book, "出口", "出口总额", "2024年1-3月", ["增速(%)", "排名"], growth_rows(GROWTH, [1, 2, 3, 4, 5, 6, 7, 8, 9]))
    code, document = run_import(save(book, tmp_path / "b.xlsx"))
    assert code == 0, document["problems"]
    warnings = [n for n in document["sheets"][0]["notes"] if n.startswith("警告")]
    assert warnings == ["警告：C8 单元格公布位次为 5，按公布精度（1 位小数）计算为第 4 位（导入公布位次）"]
    assert Observation.objects.get(indicator__code="ckze", region__name="磐安县").reported_rank == 5  # as published


def test_the_example_ranks_agree_with_duban_everywhere(demo_catalogue):
    code, document = run_import(EXAMPLE)
    assert code == 0, document["problems"]
    assert not [n for s in document["sheets"] for n in s["notes"] if n.startswith("警告")]
