from datetime import date
from fractions import Fraction

import pytest

from duban.core.periods import FREQUENCY_KINDS, YTD, Period, PeriodError, PeriodKind, PeriodRef, periods_between
from duban.core.period_text import find_period_in_text, format_period, parse_period

P = Period.parse


# -- canonical codes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "kind", "start", "end"),
    [
        ("2024", "year", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024H1", "half", date(2024, 1, 1), date(2024, 6, 30)),
        ("2024H2", "half", date(2024, 7, 1), date(2024, 12, 31)),
        ("2024Q1", "quarter", date(2024, 1, 1), date(2024, 3, 31)),
        ("2024Q4", "quarter", date(2024, 10, 1), date(2024, 12, 31)),
        ("2024-03", "month", date(2024, 3, 1), date(2024, 3, 31)),
        ("2024-03D1", "dekad", date(2024, 3, 1), date(2024, 3, 10)),
        ("2024-03D2", "dekad", date(2024, 3, 11), date(2024, 3, 20)),
        ("2024-03D3", "dekad", date(2024, 3, 21), date(2024, 3, 31)),
        ("2024-02D3", "dekad", date(2024, 2, 21), date(2024, 2, 29)),
        ("2023-02D3", "dekad", date(2023, 2, 21), date(2023, 2, 28)),
        ("2024-W09", "week", date(2024, 2, 26), date(2024, 3, 3)),
        ("2021-W01", "week", date(2021, 1, 4), date(2021, 1, 10)),
        ("2020-W53", "week", date(2020, 12, 28), date(2021, 1, 3)),
        ("2024-03-15", "day", date(2024, 3, 15), date(2024, 3, 15)),
    ],
)
def test_canonical_code(code, kind, start, end):
    period = P(code)
    assert period.kind == kind
    assert (period.start, period.end) == (start, end)
    assert str(period) == period.code == code
    assert period.days() == (end - start).days + 1


@pytest.mark.parametrize(
    "code",
    ["2021-W53", "2024-W00", "2024-13", "2024-00", "2024H3", "2024Q5", "2024-03D4", "2023-02-29",
     "2024-3", "2024年3月", "24", "", "2024-03-15 ", "2024q1"],
)
def test_parse_rejects_non_canonical_or_impossible_codes(code):
    with pytest.raises(PeriodError, match="无法识别的期间"):
        Period.parse(code)


def test_kinds_are_frequency_names():
    assert FREQUENCY_KINDS == ("day", "week", "dekad", "month", "quarter", "year")
    assert {str(k) for k in PeriodKind} == set(FREQUENCY_KINDS) | {"half"}
    assert P("2024-03").kind == "month"
    assert P("2024-03").year == 2024


def test_from_date():
    d = date(2024, 3, 15)
    assert [str(Period.from_date(d, k)) for k in FREQUENCY_KINDS] == [
        "2024-03-15", "2024-W11", "2024-03D2", "2024-03", "2024Q1", "2024"
    ]
    assert Period.from_date(d, "half") == P("2024H1")
    assert Period.from_date(date(2024, 3, 31), "dekad") == P("2024-03D3")
    # 1 January 2021 belongs to the last ISO week of 2020.
    assert Period.from_date(date(2021, 1, 1), PeriodKind.WEEK) == P("2020-W53")


def test_periods_are_hashable_and_ordered():
    assert len({P("2024-03"), Period(PeriodKind.MONTH, 2024, 3), Period("month", 2024, 3)}) == 1
    assert sorted([P("2024-03"), P("2023-12"), P("2024-01")]) == [P("2023-12"), P("2024-01"), P("2024-03")]
    # Across kinds: by start, then the shorter first.
    assert sorted([P("2024"), P("2024Q1"), P("2024-01"), P("2024-01-01")]) == [
        P("2024-01-01"), P("2024-01"), P("2024Q1"), P("2024")
    ]


def test_invalid_fields():
    with pytest.raises(PeriodError):
        Period(PeriodKind.MONTH, 2024, 13)
    with pytest.raises(PeriodError):
        Period(PeriodKind.WEEK, 2021, 53)
    with pytest.raises(PeriodError):
        Period(PeriodKind.YEAR, 999, 1)


# -- navigation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "previous", "following"),
    [
        ("2024", "2023", "2025"),
        ("2024H1", "2023H2", "2024H2"),
        ("2024Q1", "2023Q4", "2024Q2"),
        ("2024-01", "2023-12", "2024-02"),
        ("2024-03D1", "2024-02D3", "2024-03D2"),
        ("2024-12D3", "2024-12D2", "2025-01D1"),
        ("2021-W01", "2020-W53", "2021-W02"),
        ("2020-W53", "2020-W52", "2021-W01"),
        ("2024-03-01", "2024-02-29", "2024-03-02"),
    ],
)
def test_previous_and_next(code, previous, following):
    assert P(code).previous() == P(previous)
    assert P(code).next() == P(following)


@pytest.mark.parametrize(
    ("code", "last_year"),
    [
        ("2024", "2023"),
        ("2024H2", "2023H2"),
        ("2024Q3", "2023Q3"),
        ("2024-03", "2023-03"),
        ("2024-02D3", "2023-02D3"),
        ("2024-W09", "2023-W09"),
        ("2021-W52", "2020-W52"),
        ("2021-W10", "2020-W10"),
        ("2024-03-15", "2023-03-15"),
        ("2024-02-29", "2023-02-28"),
    ],
)
def test_same_period_last_year(code, last_year):
    assert P(code).same_period_last_year() == P(last_year)


def test_week_53_goes_to_week_52_when_last_year_has_none():
    # 2026 has 53 ISO weeks, 2025 has 52.
    assert P("2026-W53").same_period_last_year() == P("2025-W52")


def test_contains():
    assert P("2024Q1").contains(P("2024-03D2"))
    assert P("2024Q1").contains(P("2024Q1"))
    assert not P("2024-03D2").contains(P("2024Q1"))
    assert not P("2024-03").contains(P("2024-W09"))  # 26 Feb – 3 Mar straddles the month
    assert P("2024-03").contains(P("2024-W10"))


def test_enclosing():
    day = P("2024-03-15")
    assert day.enclosing("week") == P("2024-W11")
    assert day.enclosing("dekad") == P("2024-03D2")
    assert day.enclosing("month") == P("2024-03")
    assert day.enclosing("quarter") == P("2024Q1")
    assert day.enclosing("half") == P("2024H1")
    assert day.enclosing("year") == P("2024")
    assert day.enclosing("day") == day
    assert P("2024-03D3").enclosing("quarter") == P("2024Q1")
    assert P("2024-05").enclosing("half") == P("2024H1")


def test_week_belongs_to_the_month_of_its_thursday():
    # 2024-W09 runs Mon 26 Feb – Sun 3 Mar; its Thursday is 29 Feb.
    assert P("2024-W09").enclosing("month") == P("2024-02")
    # 2024-W13 runs Mon 25 Mar – Sun 31 Mar, Thursday 28 Mar; W14 starts 1 Apr.
    assert P("2024-W13").enclosing("quarter") == P("2024Q1")
    # 2020-W53 has its Thursday on 31 Dec 2020.
    assert P("2020-W53").enclosing("year") == P("2020")
    # 2025-W01 runs 30 Dec 2024 – 5 Jan 2025; its Thursday is 2 Jan 2025.
    assert P("2025-W01").enclosing("month") == P("2025-01")


@pytest.mark.parametrize(("code", "kind"), [("2024-03", "day"), ("2024-03D2", "week"), ("2024-W09", "dekad")])
def test_enclosing_needs_a_coarser_kind(code, kind):
    with pytest.raises(ValueError):
        P(code).enclosing(kind)


def test_children():
    assert [str(p) for p in P("2024H2").children("quarter")] == ["2024Q3", "2024Q4"]
    assert [str(p) for p in P("2024-02").children("dekad")] == ["2024-02D1", "2024-02D2", "2024-02D3"]
    assert len(P("2024-02").children("day")) == 29
    assert len(P("2024").children("dekad")) == 36
    assert P("2024Q1").children("quarter") == [P("2024Q1")]
    # Weeks whose Thursday falls in the month.
    assert [str(p) for p in P("2024-02").children("week")] == [
        "2024-W05", "2024-W06", "2024-W07", "2024-W08", "2024-W09"
    ]
    assert len(P("2020").children("week")) == 53
    assert P("2021").children("week")[0] == P("2021-W01")


def test_children_needs_a_finer_kind():
    with pytest.raises(ValueError):
        P("2024-03").children("quarter")


def test_days():
    assert P("2024").days() == 366
    assert P("2023").days() == 365
    assert P("2024-02").days() == 29
    assert P("2024-02D3").days() == 9
    assert P("2024-W09").days() == 7


# -- pace ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "share"),
    [
        ("2024-03", Fraction(3, 12)),
        ("2024Q1", Fraction(3, 12)),
        ("2024H1", Fraction(6, 12)),
        ("2024", Fraction(1)),
        ("2024-03D2", Fraction(80, 366)),
        ("2023-03D2", Fraction(79, 365)),
        ("2024-12D3", Fraction(1)),
        ("2024-03-15", Fraction(75, 366)),
        ("2021-W01", Fraction(10, 365)),
        ("2025-W01", Fraction(5, 365)),  # ends 5 Jan 2025
        ("2020-W53", Fraction(1)),  # ends 3 Jan 2021: the whole of 2020 has passed
    ],
)
def test_year_elapsed_share(code, share):
    assert P(code).year_elapsed_share() == share


def test_periods_between():
    assert periods_between(P("2023-11"), P("2024-02")) == [
        P("2023-11"), P("2023-12"), P("2024-01"), P("2024-02")
    ]
    assert periods_between(P("2024-03"), P("2024-03")) == [P("2024-03")]
    assert periods_between(P("2024-03"), P("2024-01")) == []
    with pytest.raises(ValueError):
        periods_between(P("2024-03"), P("2024Q2"))


# -- Chinese forms ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "basis"),
    [
        ("2024年3月", "2024-03", None),
        ("2024年3月份", "2024-03", None),
        ("2024年1-3月", "2024-03", YTD),
        ("2024年1—3月", "2024-03", YTD),
        ("2024年1——3月", "2024-03", YTD),
        ("2024年1～3月", "2024-03", YTD),
        ("2024年1~3月", "2024-03", YTD),
        ("2024年1至3月", "2024-03", YTD),
        ("2024年1月至3月", "2024-03", YTD),
        ("2024年1－3月", "2024-03", YTD),
        ("2024年1–3月", "2024-03", YTD),
        ("2024年1-2月", "2024-02", YTD),
        ("2024年1-6月", "2024-06", YTD),
        ("2024年一至三月", "2024-03", YTD),
        ("2024年一季度", "2024Q1", None),
        ("2024年第一季度", "2024Q1", None),
        ("2024年1季度", "2024Q1", None),
        ("2024年四季度", "2024Q4", None),
        ("2024年上半年", "2024H1", None),
        ("2024年下半年", "2024H2", None),
        ("2024年前三季度", "2024Q3", YTD),
        ("2024年全年", "2024", None),
        ("2024年", "2024", None),
        ("2024年度", "2024", None),
        ("2024年3月上旬", "2024-03D1", None),
        ("2024年3月中旬", "2024-03D2", None),
        ("2024年3月下旬", "2024-03D3", None),
        ("2024年3月15日", "2024-03-15", None),
        ("2024年第9周", "2024-W09", None),
        ("2024年第九周", "2024-W09", None),
        ("2024年十二月", "2024-12", None),
        ("2024年3月累计", "2024-03", YTD),
        ("２０２４年３月", "2024-03", None),
        ("２０２４年１－３月", "2024-03", YTD),
        (" 2024 年 1 - 3 月 ", "2024-03", YTD),
        ("2024-03", "2024-03", None),
        ("２０２４Ｑ１", "2024Q1", None),
        ("2024", "2024", None),
        ("2024-w09", "2024-W09", None),
    ],
)
def test_parse_period_forms(text, code, basis):
    assert parse_period(text) == PeriodRef(P(code), basis)


@pytest.mark.parametrize(
    "text",
    ["2024年13月", "2024年0月", "2024年3-5月", "2024年2月30日", "2021年第53周", "2024年3月abc",
     "3月", "2024年五季度", "2024年三三月", "", "明年"],
)
def test_parse_period_rejects(text):
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert f'无法识别的期间 "{text}" (unrecognised period)' in str(caught.value)


def test_error_message_quotes_the_text_in_both_languages():
    with pytest.raises(PeriodError) as caught:
        parse_period("2024年13月")
    assert str(caught.value) == '无法识别的期间 "2024年13月" (unrecognised period)'


def test_ytd_range_must_start_in_january():
    with pytest.raises(PeriodError, match="1月"):
        parse_period("2024年3-5月")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年1—3月金华市各县（市、区）主要经济指标", PeriodRef(P("2024-03"), YTD)),
        ("关于2024年一季度“3310”主要指标晾晒情况的通报", PeriodRef(P("2024Q1"))),
        ("“3310”指标 表1 2024年3月", PeriodRef(P("2024-03"))),
        ("2024年金华市主要经济指标", PeriodRef(P("2024"))),
        ("observations_2024Q1.csv", PeriodRef(P("2024Q1"))),
        ("数据截至2024-03-15", PeriodRef(P("2024-03-15"))),
        ("“3310”主要指标", None),
        ("", None),
    ],
)
def test_find_period_in_text(text, expected):
    assert find_period_in_text(text) == expected


def test_find_period_in_text_rejects_an_impossible_period():
    with pytest.raises(PeriodError):
        find_period_in_text("2024年13月主要指标")


@pytest.mark.parametrize(
    ("code", "basis", "text"),
    [
        ("2024-03", None, "2024年3月"),
        ("2024-03", YTD, "2024年1-3月"),
        ("2024-02", YTD, "2024年1-2月"),
        ("2024-01", YTD, "2024年1月累计"),
        ("2024Q1", None, "2024年一季度"),
        ("2024Q3", YTD, "2024年前三季度"),
        ("2024Q2", YTD, "2024年前两季度"),
        ("2024H1", None, "2024年上半年"),
        ("2024H2", None, "2024年下半年"),
        ("2024-03D2", None, "2024年3月中旬"),
        ("2024-W09", None, "2024年第9周"),
        ("2024-03-15", None, "2024年3月15日"),
        ("2024", None, "2024年"),
    ],
)
def test_format_period(code, basis, text):
    assert format_period(P(code), basis) == text
    assert parse_period(text) == PeriodRef(P(code), basis)


def test_format_period_in_english():
    assert format_period(P("2024-03"), lang="en") == "Mar 2024"
    assert format_period(P("2024-03"), YTD, lang="en") == "Jan–Mar 2024"
    assert format_period(P("2024Q3"), YTD, lang="en") == "Q1–Q3 2024"
    assert format_period(P("2024-03D2"), lang="en") == "11–20 Mar 2024"


def test_format_period_rejects_unknown_basis_and_language():
    with pytest.raises(ValueError):
        format_period(P("2024-03"), "period")
    with pytest.raises(ValueError):
        format_period(P("2024-03"), lang="fr")
