from pathlib import Path

import pytest

from duban.core.numbering import NumberingError, OutlineNumber, build_tree, parse_outline_number

SAMPLE_SHEET = Path(__file__).resolve().parents[1] / "fixtures" / "samples" / "task-breakdown-sheet.xlsx"


@pytest.mark.parametrize(
    ("text", "style", "parts"),
    [
        ("一", "chinese", (1,)),
        ("二、", "chinese", (2,)),
        ("十二", "chinese", (12,)),
        ("三.", "chinese", (3,)),
        ("（一）", "paren_chinese", (1,)),
        ("(二)", "paren_chinese", (2,)),
        ("（十一）、", "paren_chinese", (11,)),
        ("1", "arabic", (1,)),
        ("1.", "arabic", (1,)),
        ("1、", "arabic", (1,)),
        ("12", "arabic", (12,)),
        ("1.1", "arabic", (1, 1)),
        ("1.1.2", "arabic", (1, 1, 2)),
        ("１．２", "arabic", (1, 2)),
        (" 3 ", "arabic", (3,)),
        ("1）", "paren_arabic", (1,)),
        ("1)", "paren_arabic", (1,)),
        ("(1)", "paren_arabic", (1,)),
        ("（1）", "paren_arabic", (1,)),
        ("（１０）", "paren_arabic", (10,)),
        ("①", "paren_arabic", (1,)),
        ("⑳", "paren_arabic", (20,)),
    ],
)
def test_parse_outline_number(text, style, parts):
    assert parse_outline_number(text) == OutlineNumber(style, parts)


@pytest.mark.parametrize(
    "text", ["", "a", "一二", "(1", "1..2", "1.a", "0", "1.0", "（零）", "一1", "①②", "（一"]
)
def test_garbage_is_rejected(text):
    with pytest.raises(NumberingError):
        parse_outline_number(text)


def test_sample_sheet_numbers():
    numbers = ["一", "1", "1.1", "2", "二", "3", "4", "三", "5"]
    assert build_tree(numbers) == [None, 0, 1, 0, None, 4, 4, None, 7]


def test_sample_sheet_file():
    import openpyxl

    sheet = openpyxl.load_workbook(SAMPLE_SHEET, read_only=True).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    numbers = [str(row[0]) for row in rows]
    assert build_tree(numbers) == [None, 0, 1, 0, None, 4, 4, None, 7]


def test_numbering_restarting_in_each_section():
    numbers = ["一、", "1.", "2.", "二、", "1.", "2.", "2.1", "2.2"]
    assert build_tree(numbers) == [None, 0, 0, None, 3, 3, 5, 5]


def test_paren_chinese_under_a_section_and_arabic_under_it():
    numbers = ["一", "（一）", "1", "2", "（二）", "1", "二", "（一）"]
    assert build_tree(numbers) == [None, 0, 1, 1, 0, 4, None, 6]


def test_paren_chinese_without_a_section_is_a_root():
    assert build_tree(["（一）", "1", "（二）"]) == [None, 0, None]


def test_arabic_outside_any_section_is_a_root():
    assert build_tree(["1", "1.1", "2"]) == [None, 0, None]


def test_deeper_arabic_levels():
    numbers = ["1", "1.1", "1.1.1", "1.1.2", "1.2", "1.2.1", "2"]
    assert build_tree(numbers) == [None, 0, 1, 1, 0, 4, None]


def test_paren_arabic_under_the_nearest_arabic_item():
    numbers = ["一", "1", "1）", "2）", "1.1", "（1）", "2", "（1）"]
    assert build_tree(numbers) == [None, 0, 1, 1, 1, 4, 0, 6]


def test_paren_arabic_directly_under_a_section():
    assert build_tree(["一", "1）", "2）"]) == [None, 0, 0]


def test_empty_list():
    assert build_tree([]) == []


def test_sub_number_before_its_parent_names_the_row():
    with pytest.raises(NumberingError, match="第 1 项") as caught:
        build_tree(["一", "1.1"])
    assert caught.value.row == 1


def test_sub_number_under_the_wrong_parent():
    with pytest.raises(NumberingError) as caught:
        build_tree(["1", "2", "1.1"])
    assert caught.value.row == 2


def test_sub_number_cannot_reach_into_a_previous_section():
    with pytest.raises(NumberingError) as caught:
        build_tree(["一", "1", "二", "1.1"])
    assert caught.value.row == 3


def test_duplicate_numbers_in_the_same_parent():
    with pytest.raises(NumberingError, match="与第 1 项重复") as caught:
        build_tree(["一", "1", "2", "1."])
    assert caught.value.row == 3


def test_duplicate_sections():
    with pytest.raises(NumberingError) as caught:
        build_tree(["一", "二", "一、"])
    assert caught.value.row == 2


def test_garbage_in_a_list_names_the_row():
    with pytest.raises(NumberingError, match="第 2 项") as caught:
        build_tree(["一", "1", "x"])
    assert caught.value.row == 2


def test_numbering_error_is_a_value_error():
    assert issubclass(NumberingError, ValueError)
