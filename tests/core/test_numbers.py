from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.numbers import NumberError, format_number, is_missing_marker, parse_number

D = Decimal


@pytest.mark.parametrize(
    ("given_value", "expected"),
    [
        (12, D(12)),
        (0, D(0)),
        (D("12.30"), D("12.30")),
        (1.1, D("1.1")),  # not 1.100000000000000088817841970012523233890533447265625
        (-0.5, D("-0.5")),
    ],
)
def test_numbers_pass_through(given_value, expected):
    result = parse_number(given_value)
    assert result == expected
    assert isinstance(result, Decimal)
    assert str(result) == str(expected)


@pytest.mark.parametrize("value", [True, False, float("nan"), float("inf"), D("NaN"), [1]])
def test_non_numbers_are_errors(value):
    with pytest.raises(NumberError):
        parse_number(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", D("12")),
        ("0", D("0")),
        ("0.0", D("0")),
        ("12.30", D("12.30")),
        ("  6.8 ", D("6.8")),
        ("1,234", D("1234")),
        ("1,234.5", D("1234.5")),
        ("1,234,567.89", D("1234567.89")),
        ("１，２３４．５", D("1234.5")),
        ("１２．３", D("12.3")),
        ("６．８", D("6.8")),
        ("8.8%", D("8.8")),
        ("12.3%", D("12.3")),
        ("８．８％", D("8.8")),
        ("-3.4", D("-3.4")),
        ("－3.4", D("-3.4")),
        ("－３．４", D("-3.4")),
        ("−3.4", D("-3.4")),
        ("(3.4)", D("-3.4")),
        ("（3.4）", D("-3.4")),
        ("( 3.4 )", D("-3.4")),
        ("(3.4%)", D("-3.4")),
        ("+8.1", D("8.1")),
        ("+8.1%", D("8.1")),
        ("- 3.4", D("-3.4")),
    ],
)
def test_parse_text(text, expected):
    assert parse_number(text) == expected


def test_zero_is_a_value_not_missing():
    assert parse_number("0") == 0
    assert parse_number("0") is not None
    assert not is_missing_marker("0")


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("1.2亿元", "万元", D("12000")),
        ("1.2亿", "万元", D("12000")),
        ("3500万元", "亿元", D("0.35")),
        ("3500万", "亿元", D("0.35")),
        ("12.3亿", "亿元", D("12.3")),
        ("12.3亿元", "亿元", D("12.3")),
        ("1.2 亿元", "元", D("120000000")),
        ("5000元", "万元", D("0.5")),
        ("12.3", "亿元", D("12.3")),  # a bare number is already in the unit
        ("12.3", "个", D("12.3")),
        ("－1.2亿元", "万元", D("-12000")),
        ("(1.2亿元)", "万元", D("-12000")),
        ("1,234.5万元", "万元", D("1234.5")),
        ("1.2万", None, D("12000")),  # with no unit, 万 is a number word
        ("8.8", "%", D("8.8")),
        ("8.8%", "%", D("8.8")),
    ],
)
def test_units(text, unit, expected):
    assert parse_number(text, unit=unit) == expected


def test_whole_results_have_no_exponent():
    assert str(parse_number("1.2亿元", unit="万元")) == "12000"


@pytest.mark.parametrize(("text", "unit"), [("1.2万", "个"), ("3亿", "家"), ("100元", "人"), ("1.2万", "%")])
def test_magnitude_needs_a_money_unit(text, unit):
    with pytest.raises(NumberError) as caught:
        parse_number(text, unit=unit)
    assert f"“{text}”" in str(caught.value) and "need" not in str(caught.value)
    assert unit in str(caught.value)


@pytest.mark.parametrize(
    "marker",
    [None, "", "   ", "-", "—", "——", "–", "－", "…", "……", "/", "／", "—-", "N/A", "n/a", "无", "暂缺", "　"],
)
def test_missing_markers_are_none(marker):
    assert parse_number(marker) is None
    assert parse_number(marker, unit="万元") is None
    assert is_missing_marker(marker)


@pytest.mark.parametrize(
    "text",
    ["12a", "1.2.3", "abc", "1,23", "1,2345", "12,", ".5", "5.", "1 234", "--3", "+-3", "(-3.4)", "3.4)",
     "1e5", "12万%", "12%%", "百", "1.2万亿"],
)
def test_errors_quote_the_text(text):
    with pytest.raises(NumberError) as caught:
        parse_number(text)
    assert str(caught.value).startswith(f"无法识别的数字“{text}”")


def test_error_message():
    with pytest.raises(NumberError) as caught:
        parse_number("12a")
    assert str(caught.value) == "无法识别的数字“12a”"  # Chinese only (issue 13)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (None, None, "—"),
        (D("12.300"), None, "12.3"),
        (D("12000.0"), None, "12000"),
        (D("1.2E+4"), None, "12000"),
        (D("1234567.5"), None, "1234567.5"),
        (D("0.00"), None, "0"),
        (D("-0"), None, "0"),
        (D("-3.40"), None, "-3.4"),
        (D("0.35"), None, "0.35"),
        (D("12.345"), 2, "12.35"),
        (D("12.3"), 2, "12.30"),
        (D("-0.001"), 2, "0.00"),
        (D("2.5"), 0, "3"),
    ],
)
def test_format_number(value, places, expected):
    assert format_number(value, places) == expected


FULL_WIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")
# Any Decimal with at most four places.
decimals = st.builds(
    lambda n, places: Decimal(n).scaleb(-places), st.integers(-(10**15), 10**15), st.integers(0, 4)
)


@given(decimals)
def test_formatted_numbers_parse_back(value):
    plain = format_number(value)
    grouped = f"{value:,f}"
    for text in (plain, grouped, plain.translate(FULL_WIDTH), grouped.translate(FULL_WIDTH)):
        assert parse_number(text) == value, text
