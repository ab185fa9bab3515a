"""Reporting periods: year, half, quarter, month, dekad (旬), ISO week and day.

A ``Period`` is identified by its kind, its year and its 1-based position in that year.
Canonical codes (``2024``, ``2024H1``, ``2024Q1``, ``2024-03``, ``2024-03D2``,
``2024-W09``, ``2024-03-15``) are what the database and the interfaces store; the forms
people type and tables print (2024年1-3月, 一季度, …) are read and written in ``period_text``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction
from functools import cached_property, total_ordering

__all__ = [
    "FREQUENCY_KINDS",
    "YTD",
    "Period",
    "PeriodError",
    "PeriodKind",
    "PeriodRef",
    "periods_between",
]


class PeriodKind(StrEnum):
    DAY = "day"
    WEEK = "week"
    DEKAD = "dekad"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


# The frequencies an indicator can be reported at (a half is a period, not a frequency).
FREQUENCY_KINDS = ("day", "week", "dekad", "month", "quarter", "year")

YTD = "ytd"

# A period nests only in a strictly coarser kind. Week and dekad share a level because
# neither nests in the other.
_LEVEL = {
    PeriodKind.DAY: 0,
    PeriodKind.WEEK: 1,
    PeriodKind.DEKAD: 1,
    PeriodKind.MONTH: 2,
    PeriodKind.QUARTER: 3,
    PeriodKind.HALF: 4,
    PeriodKind.YEAR: 5,
}

# Codes carry four-digit years; the upper bound keeps next() and the last ISO weeks of a
# year inside datetime.date's range.
_MIN_YEAR, _MAX_YEAR = 1000, 9998


class PeriodError(ValueError):
    """A text or a set of fields that names no period."""

    def __init__(self, text: str, reason: str | None = None):
        message = f'无法识别的期间 "{text}" (unrecognised period)'
        super().__init__(f"{message}: {reason}" if reason else message)
        self.text = text


@total_ordering
@dataclass(frozen=True, repr=False)
class Period:
    """One reporting period.

    ``index`` is the position within the year, from 1: half 1–2, quarter 1–4, month
    1–12, dekad 1–36 (three per month), ISO week 1–52/53 (``year`` is then the ISO
    year), day 1–365/366 (day of the year). Periods order chronologically: by start,
    then the shorter first.
    """

    kind: PeriodKind
    year: int
    index: int
    start: date = field(init=False, compare=False)
    end: date = field(init=False, compare=False)  # inclusive

    def __post_init__(self) -> None:
        kind = PeriodKind(self.kind)
        object.__setattr__(self, "kind", kind)
        if not _MIN_YEAR <= self.year <= _MAX_YEAR:
            raise PeriodError(f"{kind} {self.year}", f"年份须在{_MIN_YEAR}–{_MAX_YEAR}之间 (year out of range)")
        if not 1 <= self.index <= _count_in_year(kind, self.year):
            raise PeriodError(f"{kind} {self.year} #{self.index}", "序号超出范围 (index out of range)")
        start, end = _bounds(kind, self.year, self.index)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)

    # -- construction ---------------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> Period:
        """The period of a canonical code; nothing else is accepted."""
        match = _CODE.fullmatch(text)
        if match is None:
            raise PeriodError(text)
        year = int(match["year"])
        try:
            if match["half"]:
                return cls(PeriodKind.HALF, year, int(match["half"]))
            if match["quarter"]:
                return cls(PeriodKind.QUARTER, year, int(match["quarter"]))
            if match["week"]:
                return cls(PeriodKind.WEEK, year, int(match["week"]))
            if match["month"] is None:
                return cls(PeriodKind.YEAR, year, 1)
            month = int(match["month"])
            if match["day"]:
                return cls.from_date(date(year, month, int(match["day"])), PeriodKind.DAY)
            if match["dekad"]:
                return cls(PeriodKind.DEKAD, year, dekad_index(month, int(match["dekad"])))
            return cls(PeriodKind.MONTH, year, month)
        except ValueError:  # includes PeriodError, whose text would be the fields, not the code
            raise PeriodError(text) from None

    @classmethod
    def from_date(cls, d: date, kind: PeriodKind | str) -> Period:
        """The period of the given kind that contains ``d``."""
        kind = PeriodKind(kind)
        if kind is PeriodKind.WEEK:
            iso = d.isocalendar()
            return cls(kind, iso.year, iso.week)
        if kind is PeriodKind.DAY:
            index = d.timetuple().tm_yday
        elif kind is PeriodKind.DEKAD:
            index = dekad_index(d.month, min((d.day - 1) // 10, 2) + 1)
        else:
            index = (d.month - 1) // _MONTHS[kind] + 1
        return cls(kind, d.year, index)

    # -- identity -------------------------------------------------------------------

    @cached_property  # asked for once per row by bulk imports; a frozen dataclass without slots allows it
    def code(self) -> str:
        match self.kind:
            case PeriodKind.YEAR:
                return str(self.year)
            case PeriodKind.HALF:
                return f"{self.year}H{self.index}"
            case PeriodKind.QUARTER:
                return f"{self.year}Q{self.index}"
            case PeriodKind.MONTH:
                return f"{self.year}-{self.index:02d}"
            case PeriodKind.DEKAD:
                month, part = dekad_parts(self.index)
                return f"{self.year}-{month:02d}D{part}"
            case PeriodKind.WEEK:
                return f"{self.year}-W{self.index:02d}"
            case PeriodKind.DAY:
                return self.start.isoformat()

    def __str__(self) -> str:
        return self.code

    def __repr__(self) -> str:
        return f"Period.parse({self.code!r})"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return (self.start, self.end) < (other.start, other.end)

    # -- calendar -------------------------------------------------------------------

    def days(self) -> int:
        return (self.end - self.start).days + 1

    def next(self) -> Period:
        return Period.from_date(self.end + timedelta(days=1), self.kind)

    def previous(self) -> Period:
        return Period.from_date(self.start - timedelta(days=1), self.kind)

    def same_period_last_year(self) -> Period:
        """The same period one year earlier (同比).

        A week keeps its ISO week number; W53 becomes W52 when the previous ISO year has
        no week 53. 29 February becomes 28 February.
        """
        previous_year = self.year - 1
        if self.kind is PeriodKind.WEEK:
            return Period(self.kind, previous_year, min(self.index, _iso_weeks(previous_year)))
        if self.kind is PeriodKind.DAY:
            day = self.start
            if day.month == 2 and day.day == 29:
                return Period.from_date(date(previous_year, 2, 28), self.kind)
            return Period.from_date(day.replace(year=previous_year), self.kind)
        return Period(self.kind, previous_year, self.index)

    def contains(self, other: Period) -> bool:
        """Whether every day of ``other`` lies within this period."""
        return self.start <= other.start and other.end <= self.end

    def enclosing(self, kind: PeriodKind | str) -> Period:
        """The period of a coarser (or the same) kind this one belongs to.

        A week belongs to the month, quarter, half and year that hold its Thursday, the
        rule ISO 8601 uses to give a week its year; so a week straddling two months
        counts in the one that has four or more of its days, and week → month → year
        agrees with the week's ISO year. A week has no enclosing dekad.
        """
        kind = PeriodKind(kind)
        if kind is self.kind:
            return self
        if _LEVEL[kind] <= _LEVEL[self.kind]:
            raise ValueError(f"a {self.kind} does not nest in a {kind}")
        anchor = self.start + timedelta(days=3) if self.kind is PeriodKind.WEEK else self.start
        return Period.from_date(anchor, kind)

    def children(self, kind: PeriodKind | str) -> list[Period]:
        """The periods of a finer (or the same) kind whose ``enclosing`` is this period.

        Days, dekads, months, quarters and halves tile their parent exactly; weeks are
        those whose Thursday falls inside it (see ``enclosing``), so they may run over
        its edges.
        """
        kind = PeriodKind(kind)
        if kind is self.kind:
            return [self]
        if _LEVEL[kind] >= _LEVEL[self.kind]:
            raise ValueError(f"a {kind} does not nest in a {self.kind}")
        first = Period.from_date(self.start, kind)
        last = Period.from_date(self.end, kind)
        if first.enclosing(self.kind) != self:
            first = first.next()
        if last.enclosing(self.kind) != self:
            last = last.previous()
        return periods_between(first, last)

    def year_elapsed_share(self) -> Fraction:
        """Share of the year elapsed at the end of this period (序时进度).

        Months, quarters, halves and years count months (2024-03 → 3/12), as monthly
        statistics do. Days, dekads and weeks count days from 1 January of the period's
        year to its last day over the days in that year (2024-03D2 → 80/366). A week's
        year is its ISO year; the last ISO week may end in early January of the next
        calendar year (2020-W53 ends 2021-01-03), and then counts as the whole year.
        """
        if self.kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR):
            return Fraction(self.end.month, 12)
        days_in_year = 366 if calendar.isleap(self.year) else 365
        elapsed = (self.end - date(self.year, 1, 1)).days + 1
        return Fraction(min(elapsed, days_in_year), days_in_year)


@dataclass(frozen=True)
class PeriodRef:
    """A period as a text names it; ``basis`` is ``"ytd"`` when the text marks a
    year-to-date figure (1-3月, 前三季度, …累计) and None when it does not say."""

    period: Period
    basis: str | None = None

    def __post_init__(self) -> None:
        check_basis(self.basis)


def periods_between(start: Period, end: Period) -> list[Period]:
    """The periods from ``start`` to ``end`` inclusive; empty when ``end`` is earlier."""
    if start.kind is not end.kind:
        raise ValueError(f"periods_between needs one kind, got {start.kind} and {end.kind}")
    periods: list[Period] = []
    period = start
    while period <= end:
        periods.append(period)
        if period == end:
            break
        period = period.next()
    return periods


# -- calendar helpers -----------------------------------------------------------------

# Months per period for the kinds made of whole months.
_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}


def _iso_weeks(iso_year: int) -> int:
    # 28 December always lies in the last ISO week of its year.
    return date(iso_year, 12, 28).isocalendar().week


def _count_in_year(kind: PeriodKind, year: int) -> int:
    match kind:
        case PeriodKind.DAY:
            return 366 if calendar.isleap(year) else 365
        case PeriodKind.WEEK:
            return _iso_weeks(year)
        case PeriodKind.DEKAD:
            return 36
        case _:
            return 12 // _MONTHS[kind]


def dekad_index(month: int, part: int) -> int:
    # Months outside 1–12 land outside 1–36, where the Period constructor rejects them.
    return (month - 1) * 3 + part


def dekad_parts(index: int) -> tuple[int, int]:
    """(month, part) of a dekad index; part 1 上旬, 2 中旬, 3 下旬."""
    month, part = divmod(index - 1, 3)
    return month + 1, part + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _bounds(kind: PeriodKind, year: int, index: int) -> tuple[date, date]:
    match kind:
        case PeriodKind.DAY:
            day = date(year, 1, 1) + timedelta(days=index - 1)
            return day, day
        case PeriodKind.WEEK:
            monday = date.fromisocalendar(year, index, 1)
            return monday, monday + timedelta(days=6)
        case PeriodKind.DEKAD:
            month, part = dekad_parts(index)
            first = date(year, month, 10 * (part - 1) + 1)
            last = date(year, month, 10 * part) if part < 3 else _month_end(year, month)
            return first, last
        case _:
            months = _MONTHS[kind]
            first_month = (index - 1) * months + 1
            return date(year, first_month, 1), _month_end(year, first_month + months - 1)


# -- parsing --------------------------------------------------------------------------

_CODE = re.compile(
    r"(?P<year>[0-9]{4})"
    r"(?:H(?P<half>[0-9])|Q(?P<quarter>[0-9])|-W(?P<week>[0-9]{2})"
    r"|-(?P<month>[0-9]{2})(?:D(?P<dekad>[1-3])|-(?P<day>[0-9]{2}))?)?"
)

def check_basis(basis: str | None) -> None:
    if basis not in (None, YTD):
        raise ValueError(f'期间口径只能是 None 或 "ytd" (basis must be None or "ytd"), got {basis!r}')
