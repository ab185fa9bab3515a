from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.deadlines import Deadline, DeadlineError, parse_deadline


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("2024年3月底前", date(2024, 3, 31)),
        ("3月底前", date(2025, 3, 31)),
        ("3月底", date(2025, 3, 31)),
        ("2月底", date(2025, 2, 28)),
        ("2024年2月底前", date(2024, 2, 29)),
        ("2024年12月底前", date(2024, 12, 31)),
        ("2024年12月", date(2024, 12, 31)),
        ("4月", date(2025, 4, 30)),
        ("一季度", date(2025, 3, 31)),
        ("一季度末", date(2025, 3, 31)),
        ("第一季度", date(2025, 3, 31)),
        ("二季度", date(2025, 6, 30)),
        ("第3季度末", date(2025, 9, 30)),
        ("四季度", date(2025, 12, 31)),
        ("首季", date(2025, 3, 31)),
        ("前三季度", date(2025, 9, 30)),
        ("2024年一季度", date(2024, 3, 31)),
        ("上半年", date(2025, 6, 30)),
        ("下半年", date(2025, 12, 31)),
        ("6月30日", date(2025, 6, 30)),
        ("2024年6月30日", date(2024, 6, 30)),
        ("6月30日前", date(2025, 6, 30)),
        ("6月30号之前", date(2025, 6, 30)),
        ("年底前", date(2025, 12, 31)),
        ("年内", date(2025, 12, 31)),
        ("年底", date(2025, 12, 31)),
        ("年末", date(2025, 12, 31)),
        ("2024年底", date(2024, 12, 31)),
        ("今年内", date(2025, 12, 31)),
        ("3月上旬", date(2025, 3, 10)),
        ("3月中旬", date(2025, 3, 20)),
        ("3月下旬", date(2025, 3, 31)),
        ("3月底前完成", date(2025, 3, 31)),
        ("2024-05-06", date(2024, 5, 6)),
        # Full-width digits, Chinese numerals, stray spaces.
        ("２０２４年３月底前", date(2024, 3, 31)),
        ("十二月底前", date(2025, 12, 31)),
        ("二〇二四年十二月三十一日前", date(2024, 12, 31)),
        ("6 月 30 日前", date(2025, 6, 30)),
        ("  年底前 ", date(2025, 12, 31)),
    ],
)
def test_one_off_deadlines(text, due):
    deadline = parse_deadline(text, plan_year=2025)
    assert deadline == Deadline(text=text.strip(), due=due)


@pytest.mark.parametrize(
    ("text", "recurrence", "monthly_day", "ongoing"),
    [
        ("每月", "monthly", 28, False),
        ("每月28日前", "monthly", 28, False),
        ("每月10日", "monthly", 10, False),
        ("每月五日前", "monthly", 5, False),
        ("每月底", "monthly", 31, False),
        ("每季度", "quarterly", 28, False),
        ("每季度末", "quarterly", 28, False),
        ("每周", "weekly", 28, False),
        ("长期坚持", "monthly", 28, True),
        ("持续推进", "monthly", 28, True),
        ("常态化推进", "monthly", 28, True),
    ],
)
def test_recurring_deadlines(text, recurrence, monthly_day, ongoing):
    deadline = parse_deadline(text, plan_year=2024)
    assert deadline.due is None
    assert deadline.recurrence == recurrence
    assert deadline.monthly_day == monthly_day
    assert deadline.ongoing is ongoing
    assert deadline.text == text


def test_monthly_day_parameter_applies_to_bare_monthly_and_ongoing():
    assert parse_deadline("每月", plan_year=2024, monthly_day=25).monthly_day == 25
    assert parse_deadline("长期坚持", plan_year=2024, monthly_day=5).monthly_day == 5
    # A day written in the text wins over the default.
    assert parse_deadline("每月10日前", plan_year=2024, monthly_day=25).monthly_day == 10


@pytest.mark.parametrize("text", ["", "尽快", "底", "前", "abc", "一二月", "第五季度", "每年"])
def test_unrecognised_text_is_quoted_in_the_error(text):
    with pytest.raises(DeadlineError, match=f'无法识别的完成时限 "{text}"'):
        parse_deadline(text, plan_year=2024)


@pytest.mark.parametrize("text", ["2月30日", "2025年2月29日", "13月", "每月32日"])
def test_impossible_dates_are_rejected(text):
    with pytest.raises(DeadlineError, match=text):
        parse_deadline(text, plan_year=2025)


def test_deadline_error_is_a_value_error():
    assert issubclass(DeadlineError, ValueError)


def test_a_deadline_needs_exactly_one_of_due_and_recurrence():
    with pytest.raises(ValueError):
        Deadline(text="x")
    with pytest.raises(ValueError):
        Deadline(text="x", due=date(2024, 1, 1), recurrence="monthly")


# --- occurrences ---------------------------------------------------------------

def test_one_off_occurs_only_inside_the_window():
    deadline = parse_deadline("6月30日", plan_year=2024)
    assert deadline.occurrences(date(2024, 6, 1), date(2024, 6, 30)) == [date(2024, 6, 30)]
    assert deadline.occurrences(date(2024, 6, 30), date(2024, 6, 30)) == [date(2024, 6, 30)]
    assert deadline.occurrences(date(2024, 7, 1), date(2024, 12, 31)) == []
    assert deadline.occurrences(date(2024, 1, 1), date(2024, 6, 29)) == []


def test_monthly_occurrences_clamp_to_month_end():
    deadline = parse_deadline("每月底", plan_year=2024)
    assert deadline.occurrences(date(2024, 1, 15), date(2024, 4, 30)) == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
    ]


def test_monthly_occurrences_on_the_28th_respect_window_edges():
    deadline = parse_deadline("每月", plan_year=2024)
    assert deadline.occurrences(date(2024, 1, 29), date(2024, 3, 27)) == [date(2024, 2, 28)]
    assert deadline.occurrences(date(2023, 12, 28), date(2024, 1, 28)) == [
        date(2023, 12, 28),
        date(2024, 1, 28),
    ]


def test_ongoing_occurs_monthly():
    deadline = parse_deadline("长期坚持", plan_year=2024)
    assert deadline.occurrences(date(2024, 1, 1), date(2024, 3, 31)) == [
        date(2024, 1, 28),
        date(2024, 2, 28),
        date(2024, 3, 28),
    ]


def test_quarterly_occurrences_are_quarter_ends():
    deadline = parse_deadline("每季度", plan_year=2024)
    assert deadline.occurrences(date(2024, 2, 1), date(2025, 3, 30)) == [
        date(2024, 3, 31),
        date(2024, 6, 30),
        date(2024, 9, 30),
        date(2024, 12, 31),
    ]


def test_weekly_occurrences_are_fridays():
    deadline = parse_deadline("每周", plan_year=2024)
    # 2024-03-01 is a Friday.
    assert deadline.occurrences(date(2024, 3, 1), date(2024, 3, 22)) == [
        date(2024, 3, 1),
        date(2024, 3, 8),
        date(2024, 3, 15),
        date(2024, 3, 22),
    ]
    assert deadline.occurrences(date(2024, 3, 2), date(2024, 3, 7)) == []


def test_empty_window():
    deadline = parse_deadline("每周", plan_year=2024)
    assert deadline.occurrences(date(2024, 3, 10), date(2024, 3, 1)) == []


windows = st.tuples(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(min_value=0, max_value=800),
)


@given(windows, st.sampled_from(["每月", "每月底", "每月15日", "每季度", "每周", "长期坚持"]))
def test_recurring_occurrences_are_sorted_inside_window_and_well_spaced(window, text):
    start, length = window
    end = min(start + timedelta(days=length), date(2100, 12, 31))
    deadline = parse_deadline(text, plan_year=2024)
    dates = deadline.occurrences(start, end)
    assert dates == sorted(set(dates))
    assert all(start <= d <= end for d in dates)
    days = (end - start).days + 1
    if deadline.recurrence == "weekly":
        assert all(d.weekday() == 4 for d in dates)
        assert days // 7 <= len(dates) <= days // 7 + 1
    elif deadline.recurrence == "quarterly":
        assert all(d.month % 3 == 0 and (d + timedelta(days=1)).day == 1 for d in dates)
    else:
        # Exactly one per month, except where the window cuts a month short.
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        assert len({(d.year, d.month) for d in dates}) == len(dates)
        assert months - 2 <= len(dates) <= months


# --- deadlines a report sets, read against the report's date -------------------------

from duban.core.deadlines import find_deadline, resolve_deadline  # noqa: E402

JULY_1 = date(2024, 7, 1)
DEC_26 = date(2024, 12, 26)


@pytest.mark.parametrize(
    ("text", "on", "due"),
    [
        ("本月底前", JULY_1, date(2024, 7, 31)),
        ("下月底前", DEC_26, date(2025, 1, 31)),
        ("10日内", JULY_1, date(2024, 7, 11)),
        ("两个月内", JULY_1, date(2024, 9, 1)),
        ("本周内", JULY_1, date(2024, 7, 5)),
        ("6月底前", JULY_1, date(2025, 6, 30)),  # said in July: next June
        ("6月底前", date(2024, 2, 21), date(2024, 6, 30)),
        ("3月底前", DEC_26, date(2025, 3, 31)),
        ("明年一季度", DEC_26, date(2025, 3, 31)),
        ("今年底前", DEC_26, date(2024, 12, 31)),
        ("2024年6月底前", DEC_26, date(2024, 6, 30)),  # a named year never moves
        ("全年", JULY_1, date(2024, 12, 31)),
    ],
)
def test_resolve_against_the_report_date(text, on, due):
    assert resolve_deadline(text, on=on).due == due


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2098, 12, 31)),
       st.sampled_from(["3月底前", "一季度", "上半年", "9月30日前", "四季度", "年底前"]))
def test_a_year_less_deadline_never_falls_before_the_report(on, text):
    due = resolve_deadline(text, on=on).due
    assert on <= due < date(on.year + 2, 1, 1)


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("商务局要在本月底前制定补贴细则。", "本月底前"),
        ("要推动实现“开门红、季季旺、全年胜”。", None),
        ("截至3月底，已完成投资58.6亿元。", None),
        ("活动将持续至5月31日。", None),
        ("力争全年引进项目5个。", "全年"),
        ("各单位要每月5日前报送进展。", "每月5日前"),
    ],
)
def test_find_deadline_in_a_sentence(sentence, found):
    deadline = find_deadline(sentence, on=JULY_1)
    assert (deadline.text if deadline else None) == found
