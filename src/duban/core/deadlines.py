"""完成时限: the deadlines people write in task breakdown sheets.

``parse_deadline`` turns the free text of a 完成时限 cell (``2024年3月底前``,
``一季度``, ``年内``, ``每月28日前``, ``长期坚持`` …) into a ``Deadline``: either one
due date or a recurrence. A year-less text belongs to the plan year the caller
gives; nothing here reads the clock.

``resolve_deadline`` reads the deadline a meeting report sets, against the
report's own date: relative forms (``本月底前``, ``10日内``) count from that date,
and a year-less date that would fall before it (``3月底前`` said in December)
belongs to the next year. ``find_deadline`` finds the first such phrase in a
sentence.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import cn2an

__all__ = ["Deadline", "DeadlineError", "Recurrence", "find_deadline", "parse_deadline", "resolve_deadline"]

Recurrence = Literal["monthly", "quarterly", "weekly"]

_FRIDAY = 4


class DeadlineError(ValueError):
    """A 完成时限 that cannot be read as a date or a recurrence."""


@dataclass(frozen=True, kw_only=True)
class Deadline:
    """A one-off due date or a recurring one.

    Exactly one of ``due`` and ``recurrence`` is set. ``monthly_day`` is the day of
    the month a monthly recurrence falls on (clamped to the month's last day).
    ``ongoing`` marks 长期坚持-style work: recurring, with no end.
    """

    text: str
    due: date | None = None
    recurrence: Recurrence | None = None
    ongoing: bool = False
    monthly_day: int = 28

    def __post_init__(self) -> None:
        if (self.due is None) == (self.recurrence is None):
            raise ValueError("a Deadline has either a due date or a recurrence")
        if not 1 <= self.monthly_day <= 31:
            raise ValueError(f"monthly_day must be 1..31, not {self.monthly_day}")

    def occurrences(self, start: date, end: date) -> list[date]:
        """The due dates between ``start`` and ``end``, both inclusive, in order."""
        if start > end:
            return []
        if self.due is not None:
            return [self.due] if start <= self.due <= end else []
        if self.recurrence == "weekly":
            first = start + timedelta(days=(_FRIDAY - start.weekday()) % 7)
            return [first + timedelta(weeks=n) for n in range((end - first).days // 7 + 1)]
        if self.recurrence == "monthly":
            dates = [
                _clamped(year, month, self.monthly_day)
                for year, month in _months(start, end)
            ]
        else:  # quarterly: the last day of each quarter
            dates = [
                _month_end(year, month)
                for year, month in _months(start, end)
                if month % 3 == 0
            ]
        return [d for d in dates if start <= d <= end]


def parse_deadline(text: str, *, plan_year: int, monthly_day: int = 28) -> Deadline:
    """Read a 完成时限 as written in a breakdown sheet.

    ``plan_year`` is the year of a text that names none (``3月底前``);
    ``monthly_day`` is the day a bare ``每月`` falls on.
    """
    original = text.strip()
    body = _strip_suffix(_normalise(original))

    if m := _ISO_DATE.fullmatch(body):
        return Deadline(text=original, due=_date(original, *map(int, m.groups())))
    if m := _MONTHLY.fullmatch(body):
        # 每月底 is day 31, clamped to each month's last day by occurrences().
        day = 31 if m["end"] else int(m["day"]) if m["day"] else monthly_day
        return Deadline(
            text=original, recurrence="monthly", monthly_day=_day_of_month(original, day)
        )
    if _QUARTERLY.fullmatch(body):
        return Deadline(text=original, recurrence="quarterly")
    if _WEEKLY.fullmatch(body):
        return Deadline(text=original, recurrence="weekly")
    if _ONGOING.fullmatch(body):
        # Ongoing work still reports: it is followed up like a monthly task.
        return Deadline(
            text=original, recurrence="monthly", ongoing=True, monthly_day=monthly_day
        )

    year_match = _YEAR_PREFIX.match(body)
    year = int(year_match["year"]) if year_match["year"] else plan_year + bool(year_match["next"])
    has_year = bool(year_match.group(0))
    rest = body[year_match.end():]
    due = _one_off(original, year, rest, has_year)
    if due is None:
        raise DeadlineError(f'无法识别的完成时限 "{original}"')
    return Deadline(text=original, due=due)


# People write 二〇二四年, 十二月, 二十八日: turn those numerals into digits.
_CN_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})年")
_CN_MONTH_OR_DAY = re.compile(r"([零一二三四五六七八九十]{1,3})(?=[月日号])")
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}

_SUFFIX = re.compile(r"(?:之前|以前|前)?(?:完成|办结)?$")
_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_MONTHLY = re.compile(r"每个?月(?:(?P<day>\d{1,2})[日号]|(?P<end>底|末))?")
_QUARTERLY = re.compile(r"每个?季度?(?:末|底)?")
_WEEKLY = re.compile(r"每(?:周|星期)")
_ONGOING = re.compile(r"(?:长期|持续|常态化)(?:坚持|推进|开展|落实)?")
_YEAR_PREFIX = re.compile(r"(?:(?P<year>\d{4})年|今年|本年度?|(?P<next>明年))?")
_YEAR_END = re.compile(r"(?P<nian>年度?)?(?:底|末|内)")
_HALF = re.compile(r"(?P<half>[上下])半年|年中")
_QUARTER = re.compile(r"(?:第|前)?(?P<q>[一二三四1-4])季度?(?:末|底)?|首季度?(?:末|底)?")
_MONTH = re.compile(r"(?P<month>\d{1,2})月份?(?P<part>底|末|上旬|中旬|下旬)?")
_MONTH_DAY = re.compile(r"(?P<month>\d{1,2})月(?P<day>\d{1,2})[日号]")

_QUARTER_NUMBER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _normalise(text: str) -> str:
    # NFKC folds full-width digits and brackets; spaces carry no meaning here.
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    s = _CN_YEAR.sub(lambda m: "".join(_CN_DIGIT[c] for c in m[1]) + "年", s)
    return _CN_MONTH_OR_DAY.sub(lambda m: _cn_number(m[1]), s)


def _cn_number(numeral: str) -> str:
    try:
        return str(cn2an.cn2an(numeral, "strict"))
    except ValueError:
        return numeral  # not a well-formed numeral: leave it for the grammar to reject


def _strip_suffix(body: str) -> str:
    stripped = _SUFFIX.sub("", body)
    return stripped or body


def _one_off(original: str, year: int, rest: str, has_year: bool) -> date | None:
    if rest == "":
        return date(year, 12, 31) if has_year else None
    if rest == "全年":
        return date(year, 12, 31)
    if m := _YEAR_END.fullmatch(rest):
        # A bare 底/内 only makes sense after a year: 2024年底, 今年内.
        return date(year, 12, 31) if (m["nian"] or has_year) else None
    if m := _HALF.fullmatch(rest):
        return date(year, 12, 31) if m["half"] == "下" else date(year, 6, 30)
    if m := _QUARTER.fullmatch(rest):
        quarter = _QUARTER_NUMBER[m["q"]] if m["q"] else 1
        return _month_end(year, quarter * 3)
    if m := _MONTH_DAY.fullmatch(rest):
        return _date(original, year, int(m["month"]), int(m["day"]))
    if m := _MONTH.fullmatch(rest):
        month = int(m["month"])
        _date(original, year, month, 1)  # validates the month
        if m["part"] == "上旬":
            return date(year, month, 10)
        if m["part"] == "中旬":
            return date(year, month, 20)
        return _month_end(year, month)
    return None


def _date(original: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DeadlineError(f'完成时限 "{original}" 中的日期不存在') from None


def _day_of_month(original: str, day: int) -> int:
    if not 1 <= day <= 31:
        raise DeadlineError(f'完成时限 "{original}" 中的日期不存在')
    return day


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _clamped(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _months(start: date, end: date) -> list[tuple[int, int]]:
    first = start.year * 12 + start.month - 1
    last = end.year * 12 + end.month - 1
    return [(n // 12, n % 12 + 1) for n in range(first, last + 1)]


# --- deadlines in a report, against the report's date ---------------------------

_CN = "一二三四五六七八九十两"
_NUMBER = rf"(?:\d{{1,3}}|[{_CN}]{{1,3}})"
_NAMED_YEAR = re.compile(r"\d{4}年|今年|本年|明年")
_THIS_MONTH_END = re.compile(r"本月(?:底|末)|月底|月末")
_NEXT_MONTH_END = re.compile(r"下月(?:底|末)|下个月(?:底|末)")
_WITHIN = re.compile(rf"(?P<n>{_NUMBER})个?(?P<unit>日|天|周|个?月)内")
_QUOTED = re.compile(r"“[^”]*”|「[^」]*」")
_THIS_WEEK = re.compile(r"本周内?")

# Deadline phrases inside running text. Stricter than parse_deadline on purpose: a
# bare "3月8日" in a report is when something happened, "3月8日前" is a deadline;
# 截至3月底 is "as of", not "by".
_IN_TEXT = re.compile(
    rf"(?<!截至)(?<!截止)(?<![至到])(?:(?:\d{{4}}年|今年|明年)?(?:\d{{1,2}}|[{_CN}]{{1,3}})月"
    rf"(?:(?:底|末|上旬|中旬|下旬)(?:前|之前|以前)?|(?:\d{{1,2}}|[{_CN}]{{1,3}})[日号](?:前|之前|以前))"
    rf"|(?:\d{{4}}年|今年|明年)?(?:第|前)?[一二三四1-4]季度末?(?:前)?"
    r"|首季"
    r"|(?:\d{4}年|今年|明年)?[上下]半年"
    r"|\d{4}年(?:底|末|内)(?:前|之前)?"
    # Not 去年底 (past) nor 三年内 (a span of years).
    r"|(?<![去前明\d一二三四五六七八九十两几多])(?:今|本|明)?年(?:底|末|内)(?:前|之前)?"
    r"|(?<![上下今去明前])全年"
    r"|本月(?:底|末)(?:前|之前)?|下个?月(?:底|末)(?:前|之前)?"
    rf"|{_NUMBER}个?(?:日|天|周|个?月)内|本周内"
    r"|每月(?:\d{1,2}[日号](?:前|之前)?|底)?|每季度|每周)"
)


def resolve_deadline(text: str, *, on: date) -> Deadline:
    """Read a deadline a report sets on ``on`` (the report's date)."""
    body = _normalise(text.strip())
    if _THIS_MONTH_END.match(body):
        return Deadline(text=text.strip(), due=_month_end(on.year, on.month))
    if _NEXT_MONTH_END.match(body):
        year, month = divmod(on.year * 12 + on.month, 12)
        return Deadline(text=text.strip(), due=_month_end(year, month + 1))
    if m := _WITHIN.match(body):
        return Deadline(text=text.strip(), due=_after(on, int(cn2an.cn2an(m["n"].replace("两", "二"), "smart")), m["unit"]))
    if _THIS_WEEK.fullmatch(body):
        return Deadline(text=text.strip(), due=on + timedelta(days=(_FRIDAY - on.weekday()) % 7))
    deadline = parse_deadline(text, plan_year=on.year)
    if deadline.due is not None and deadline.due < on and not _NAMED_YEAR.search(body):
        return parse_deadline(text, plan_year=on.year + 1)
    return deadline


def find_deadline(sentence: str, *, on: date) -> Deadline | None:
    """The first deadline a sentence of a report sets, read against the report's date ``on``."""
    quoted = [m.span() for m in _QUOTED.finditer(sentence)]
    for match in _IN_TEXT.finditer(_normalise_keep_length(sentence)):
        if any(start <= match.start() < end for start, end in quoted):
            continue  # “开门红、季季旺、全年胜”: a slogan, not a deadline
        try:
            return resolve_deadline(sentence[match.start():match.end()], on=on)
        except DeadlineError:
            continue  # e.g. 2月30日前: not a date, keep looking
    return None


def _normalise_keep_length(text: str) -> str:
    # Full-width digits to ASCII, one character for one, so match offsets stay valid.
    return "".join(unicodedata.normalize("NFKC", c) if len(unicodedata.normalize("NFKC", c)) == 1 else c for c in text)


def _after(on: date, n: int, unit: str) -> date:
    if unit.endswith("月"):
        year, month = divmod(on.year * 12 + on.month - 1 + n, 12)
        return _clamped(year, month + 1, on.day)
    if unit == "周":
        return on + timedelta(weeks=n)
    return on + timedelta(days=n)
