"""Periods as people write them: ``parse_period`` reads the Chinese forms that people type
and statistics tables print (2024年1-3月, 2024年一季度, 3月末, …) and tells whether the text
marks a year-to-date (累计) figure; ``format_period`` writes a period back in Chinese or English.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from duban.core.periods import (
    YTD, Period, PeriodError, PeriodKind, PeriodRef, check_basis, dekad_index, dekad_parts,
)

__all__ = ["at_frequency", "find_period_in_text", "format_period", "parse_period", "parse_period_for"]


# Inside a longer text: a Chinese year (2024年…) or a canonical code with more than a
# bare year, since a lone four-digit number (the "3310" of 3310 indicators, a region
# code fragment) is rarely a year.
_CANDIDATE = re.compile(
    r"(?<![0-9A-Z])(?:(?P<zh>[0-9]{4})年"
    r"|(?P<code>[0-9]{4}(?:H[12]|Q[1-4]|-W[0-9]{2}|-[0-9]{2}D[1-3]|-[0-9]{2}-[0-9]{2}|-[0-9]{2}))"
    r"(?![0-9A-Z]))"
)

# Range marks people and tables use between months (1-3月, 1—3月, 1～3月, 1至3月);
# NFKC has already folded full-width forms such as － and ～ into - and ~.
_RANGE_MARKS = str.maketrans({mark: "-" for mark in "‐‑‒–—―−~〜至"})

_NUM = r"[0-9]+|[一二两三四五六七八九十]+"
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


class _Rejected(ValueError):
    """A form that matched but names no period; the argument says why, in both languages."""


def _normalise(text: str) -> str:
    """Full-width to ASCII, one range mark, no spaces except between two digits."""
    text = unicodedata.normalize("NFKC", text).upper().translate(_RANGE_MARKS)
    text = re.sub(r"\s+", " ", text)
    # A space between two digits is kept so that "1 2024年" does not become a year 12024.
    text = re.sub(r"(?<![0-9]) | (?![0-9])", "", text)
    return re.sub(r"-{2,}", "-", text)


def _int(token: str) -> int:
    """An Arabic or a Chinese number up to 99 (三, 十二, 五十三)."""
    if token.isascii():
        return int(token)
    tens, ten, units = token.partition("十")
    if not ten:
        return _cn_digit(token)
    return 10 * (_cn_digit(tens) if tens else 1) + (_cn_digit(units) if units else 0)


def _cn_digit(token: str) -> int:
    if token not in _CN_DIGITS:
        raise ValueError(token)
    return _CN_DIGITS[token]


def _day(year: int, m: re.Match) -> PeriodRef:
    return PeriodRef(Period.from_date(date(year, _int(m["m"]), _int(m["d"])), PeriodKind.DAY))


def _dekad(year: int, m: re.Match) -> PeriodRef:
    part = "上中下".index(m["part"]) + 1
    return PeriodRef(Period(PeriodKind.DEKAD, year, dekad_index(_int(m["m"]), part)))


def _months_to_date(year: int, m: re.Match) -> PeriodRef:
    if _int(m["first"]) != 1:
        raise _Rejected("累计期间须从1月开始 (a year-to-date range must start in January)")
    return PeriodRef(Period(PeriodKind.MONTH, year, _int(m["m"])), YTD)


def _month(year: int, m: re.Match) -> PeriodRef:
    return PeriodRef(Period(PeriodKind.MONTH, year, _int(m["m"])))


def _quarters_to_date(year: int, m: re.Match) -> PeriodRef:
    return PeriodRef(Period(PeriodKind.QUARTER, year, _int(m["q"])), YTD)


def _quarter(year: int, m: re.Match) -> PeriodRef:
    return PeriodRef(Period(PeriodKind.QUARTER, year, _int(m["q"])))


def _half(year: int, m: re.Match) -> PeriodRef:
    return PeriodRef(Period(PeriodKind.HALF, year, 1 if m["h"] == "上" else 2))


def _week(year: int, m: re.Match) -> PeriodRef:
    return PeriodRef(Period(PeriodKind.WEEK, year, _int(m["w"])))


def _year(year: int, m: re.Match) -> PeriodRef:
    return PeriodRef(Period(PeriodKind.YEAR, year, 1))


# What may follow "2024年", most specific first: the first form that matches decides,
# so 3月15日 is a day before 3月 could be a month. A trailing 累计 marks year-to-date.
_FORMS = [
    (re.compile(rf"(?P<m>{_NUM})月(?P<d>{_NUM})[日号](?P<ytd>累计)?"), _day),
    (re.compile(rf"(?P<m>{_NUM})月份?(?P<part>[上中下])旬(?P<ytd>累计)?"), _dekad),
    (re.compile(rf"(?P<first>{_NUM})月?-(?P<m>{_NUM})月份?(?P<ytd>累计)?"), _months_to_date),
    (re.compile(rf"(?P<m>{_NUM})月份?(?P<ytd>累计)?"), _month),
    (re.compile(rf"前(?P<q>{_NUM})个?季度(?P<ytd>累计)?"), _quarters_to_date),
    (re.compile(rf"第?(?P<q>{_NUM})季度(?P<ytd>累计)?"), _quarter),
    (re.compile(r"(?P<h>[上下])半年(?P<ytd>累计)?"), _half),
    (re.compile(rf"第(?P<w>{_NUM})周(?P<ytd>累计)?"), _week),
    (re.compile(r"(?:全年|度)?(?P<ytd>累计)?"), _year),
]


def _chinese(text: str, normalised: str, year_match: re.Match, *, whole: bool) -> PeriodRef | None:
    """The period named after "YYYY年"; with ``whole`` the form must end the text."""
    year = int(year_match["zh"])
    for pattern, build in _FORMS:
        match = (pattern.fullmatch if whole else pattern.match)(normalised, year_match.end())
        if match is None:
            continue
        # The first form that matches is committed to: 2024年13月 is an error, not 2024.
        try:
            ref = build(year, match)
        except _Rejected as rejected:
            raise PeriodError(text, str(rejected)) from None
        except ValueError:
            raise PeriodError(text) from None
        return PeriodRef(ref.period, YTD) if match["ytd"] else ref
    return None


def _code(text: str, code: str) -> PeriodRef:
    try:
        return PeriodRef(Period.parse(code))
    except PeriodError:
        raise PeriodError(text) from None


def parse_period(text: str) -> PeriodRef:
    """A canonical code or a Chinese period expression, and whether it marks YTD.

    Accepts 2024年3月, 2024年1-3月 (and 1—3月, 1～3月, 1至3月, 1月至3月: YTD, first month
    must be 1), 2024年一季度 / 第一季度 / 1季度, 2024年前三季度 (YTD), 2024年上半年,
    2024年 / 2024年全年 / 2024年度, 2024年3月中旬, 2024年3月15日, 2024年第9周, any of
    them followed by 累计 (YTD); full-width characters and spaces are ignored.
    """
    normalised = _normalise(text)
    year_match = _CANDIDATE.match(normalised)
    if year_match is not None:
        if year_match["code"] is not None and year_match.end() == len(normalised):
            return _code(text, normalised)
        if year_match["zh"] is not None:
            ref = _chinese(text, normalised, year_match, whole=True)
            if ref is not None:
                return ref
    return _code(text, normalised)


def find_period_in_text(text: str) -> PeriodRef | None:
    """The first period expression inside a longer text, such as a table title
    (2024年1—3月金华市各县（市、区）主要经济指标); None when there is none.

    A bare four-digit number is not taken for a year; an expression that looks like a
    period but names none (2024年13月) raises PeriodError.
    """
    normalised = _normalise(text)
    for candidate in _CANDIDATE.finditer(normalised):
        if candidate["code"] is not None:
            return _code(text, candidate["code"])
        ref = _chinese(text, normalised, candidate, whole=False)
        if ref is not None:
            return ref
    return None


def at_frequency(ref: PeriodRef, frequency: str) -> PeriodRef:
    """The period a text names, as an indicator of ``frequency`` stores it.

    Bureaus print the year-to-date figures of a quarterly indicator as 1-3月, 1-6月, 1-9月 and
    1-12月 (一季度, 上半年, 前三季度, 全年 to date), and a yearly one's as 1-12月: those are the
    quarter (year) to date, not a month. Any other text is returned as it is.
    """
    period = ref.period
    if ref.basis != YTD or period.kind is not PeriodKind.MONTH:
        return ref
    if frequency == PeriodKind.QUARTER and period.index % 3 == 0:
        return PeriodRef(Period(PeriodKind.QUARTER, period.year, period.index // 3), YTD)
    if frequency == PeriodKind.YEAR and period.index == 12:
        return PeriodRef(Period(PeriodKind.YEAR, period.year, 1))
    return ref


def parse_period_for(text: str, frequency: str) -> PeriodRef:
    """``parse_period`` for an indicator of ``frequency``: either spelling of its periods."""
    return at_frequency(parse_period(text), frequency)


# -- display --------------------------------------------------------------------------

_CN_QUARTERS = "一二三四"
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")



def format_period(period: Period, basis: str | None = None, lang: str = "zh") -> str:
    """The period for people to read; ``parse_period`` reads the Chinese form back.

    YTD shows as 2024年1-3月 and 2024年前三季度 where tables print it so; otherwise
    (the first month or quarter, other kinds) as the period followed by 累计.
    """
    check_basis(basis)
    if lang == "zh":
        return _format_zh(period, basis)
    if lang == "en":
        return _format_en(period, basis)
    raise ValueError(f"unsupported language {lang!r}")


def _format_zh(period: Period, basis: str | None) -> str:
    year, index = period.year, period.index
    if basis == YTD:
        if period.kind is PeriodKind.MONTH and index > 1:
            return f"{year}年1-{index}月"
        if period.kind is PeriodKind.QUARTER and index > 1:
            return f"{year}年前{'两三四'[index - 2]}季度"
        return f"{_format_zh(period, None)}累计"
    match period.kind:
        case PeriodKind.YEAR:
            return f"{year}年"
        case PeriodKind.HALF:
            return f"{year}年{'上下'[index - 1]}半年"
        case PeriodKind.QUARTER:
            return f"{year}年{_CN_QUARTERS[index - 1]}季度"
        case PeriodKind.MONTH:
            return f"{year}年{index}月"
        case PeriodKind.DEKAD:
            month, part = dekad_parts(index)
            return f"{year}年{month}月{'上中下'[part - 1]}旬"
        case PeriodKind.WEEK:
            return f"{year}年第{index}周"
        case PeriodKind.DAY:
            return f"{year}年{period.start.month}月{period.start.day}日"


def _format_en(period: Period, basis: str | None) -> str:
    year, index = period.year, period.index
    if basis == YTD:
        if period.kind is PeriodKind.MONTH and index > 1:
            return f"Jan–{_EN_MONTHS[index - 1]} {year}"
        if period.kind is PeriodKind.QUARTER and index > 1:
            return f"Q1–Q{index} {year}"
        return f"{_format_en(period, None)}, year to date"
    match period.kind:
        case PeriodKind.YEAR:
            return str(year)
        case PeriodKind.HALF:
            return f"H{index} {year}"
        case PeriodKind.QUARTER:
            return f"Q{index} {year}"
        case PeriodKind.MONTH:
            return f"{_EN_MONTHS[index - 1]} {year}"
        case PeriodKind.DEKAD:
            return f"{period.start.day}–{period.end.day} {_EN_MONTHS[period.start.month - 1]} {year}"
        case PeriodKind.WEEK:
            return period.code
        case PeriodKind.DAY:
            return f"{period.start.day} {_EN_MONTHS[period.start.month - 1]} {year}"
