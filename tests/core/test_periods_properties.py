from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from duban.core.periods import YTD, Period, PeriodKind, PeriodRef
from duban.core.period_text import format_period, parse_period

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
kinds = st.sampled_from(list(PeriodKind))
# Every period of every kind is the period of some day, so this covers them all.
periods = st.builds(Period.from_date, days, kinds)


def periods_of(kind: PeriodKind):
    return days.map(lambda d: Period.from_date(d, kind))


@given(periods)
def test_code_round_trip(period):
    assert Period.parse(period.code) == period
    assert parse_period(str(period)) == PeriodRef(period)


@given(periods, st.sampled_from([None, YTD]))
def test_chinese_format_round_trip(period, basis):
    assert parse_period(format_period(period, basis)) == PeriodRef(period, basis)


@given(periods)
def test_next_and_previous_are_inverse(period):
    assert period.next().previous() == period
    assert period.previous().next() == period


@given(periods)
def test_next_starts_the_day_after_the_end(period):
    assert (period.next().start - period.end).days == 1


@given(days)
def test_a_day_lies_in_each_enclosing_period(d):
    day = Period.from_date(d, PeriodKind.DAY)
    for kind in (PeriodKind.WEEK, PeriodKind.DEKAD, PeriodKind.MONTH, PeriodKind.QUARTER,
                 PeriodKind.HALF, PeriodKind.YEAR):
        enclosing = day.enclosing(kind)
        assert enclosing.contains(day)
        assert enclosing.start <= d <= enclosing.end


@given(days)
def test_enclosing_chains_agree(d):
    day = Period.from_date(d, PeriodKind.DAY)
    assert day.enclosing("dekad").enclosing("month") == day.enclosing("month")
    assert day.enclosing("month").enclosing("quarter") == day.enclosing("quarter")
    assert day.enclosing("quarter").enclosing("half") == day.enclosing("half")
    assert day.enclosing("half").enclosing("year") == day.enclosing("year")
    assert day.enclosing("dekad").enclosing("year") == day.enclosing("year")


@given(periods_of(PeriodKind.WEEK))
def test_week_chains_agree(week):
    assert week.enclosing("month").enclosing("year") == week.enclosing("year")
    assert week.enclosing("year").year == week.year  # the ISO year
    assert week in week.enclosing("month").children("week")


def assert_tiles(parent: Period, children: list[Period]) -> None:
    assert children[0].start == parent.start
    assert children[-1].end == parent.end
    for before, after in zip(children, children[1:]):
        assert (after.start - before.end).days == 1
    assert sum(child.days() for child in children) == parent.days()


@given(periods_of(PeriodKind.MONTH))
def test_days_tile_a_month(month):
    assert_tiles(month, month.children("day"))


@given(periods_of(PeriodKind.MONTH))
def test_dekads_tile_a_month(month):
    dekads = month.children("dekad")
    assert len(dekads) == 3
    assert_tiles(month, dekads)


@given(periods_of(PeriodKind.QUARTER))
def test_months_tile_a_quarter(quarter):
    assert_tiles(quarter, quarter.children("month"))


@given(periods_of(PeriodKind.YEAR))
def test_quarters_tile_a_year(year):
    assert_tiles(year, year.children("quarter"))


FINER = {
    PeriodKind.YEAR: ["half", "quarter", "month", "dekad", "week", "day"],
    PeriodKind.HALF: ["quarter", "month", "dekad", "week", "day"],
    PeriodKind.QUARTER: ["month", "dekad", "week", "day"],
    PeriodKind.MONTH: ["dekad", "week", "day"],
    PeriodKind.DEKAD: ["day"],
    PeriodKind.WEEK: ["day"],
    PeriodKind.DAY: [],
}


@given(periods)
def test_children_are_consecutive_and_enclose_back_to_the_parent(period):
    for kind in FINER[period.kind]:
        children = period.children(kind)
        assert all(child.enclosing(period.kind) == period for child in children)
        assert all(after == before.next() for before, after in zip(children, children[1:]))


@given(periods)
def test_same_period_last_year_moves_the_year_by_one(period):
    last_year = period.same_period_last_year()
    assert last_year.kind == period.kind
    assert last_year.year == period.year - 1
    if period.kind is PeriodKind.DAY:
        month_day = (period.start.month, period.start.day)
        expected = (2, 28) if month_day == (2, 29) else month_day
        assert (last_year.start.month, last_year.start.day) == expected
    elif period.kind is not PeriodKind.WEEK:
        assert last_year.index == period.index


@given(kinds, days, days)
def test_order_agrees_with_start_dates_within_a_kind(kind, d1, d2):
    a, b = Period.from_date(d1, kind), Period.from_date(d2, kind)
    assert (a < b) == (a.start < b.start)
    assert (a == b) == (a.start == b.start)


@given(periods)
def test_year_elapsed_share_is_in_the_unit_interval_and_grows(period):
    share = period.year_elapsed_share()
    assert 0 < share <= 1
    following = period.next()
    if following.year == period.year:
        assert share < following.year_elapsed_share()
