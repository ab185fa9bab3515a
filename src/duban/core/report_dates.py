"""The date of a meeting report (what its relative deadlines count from), and its meeting's name.

A report says when the meeting was held in its dateline (``本报讯（记者 …）2 月 21
日下午，…``), usually without a year; a newspaper page carries its issue date in the
masthead (``永康日报 2024年4月3日 星期三``). The year comes, in this order, from a
date the person gives on upload, the issue date, a plan year the person gives, or
the years the report itself names (``2024年是…``); never from the clock. When none
of these dates it, ``date_of_report`` says so and the caller asks the person.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

__all__ = ["ReportDate", "date_of_report", "dateline_text", "meeting_name"]

# Only the head of a report holds its masthead and dateline.
_HEAD_CHARS = 400
_FULL_DATE = re.compile(r"(?P<y>20\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
# Not 7月20日前 / 3月1日起: those are deadlines and starts, not when the report was made.
_MONTH_DAY = re.compile(r"(?<!\d)(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日(?!\s*(?:前|之前|以前|起|至|到))")
# 本报讯（融媒首席记者 陈晓苏）: the dateline follows the byline's bracket.
_BYLINE = re.compile(r"(?:本报讯|讯|电)\s*(?:[（(][^）)]*[）)])?\s*$")
# A year the report speaks of as its own time, not a target year (到2027年, 2025年底前).
_YEAR = re.compile(r"(?<![到至\d])(?P<y>20\d{2})\s*年(?![底末内前])")


@dataclass(frozen=True)
class ReportDate:
    """The date a report's deadlines count from, and where it was read (in words, for the page)."""

    date: date
    source: str
    year_inferred: bool = False


def date_of_report(
    paragraphs: Sequence[str], *, given: date | None = None, plan_year: int | None = None
) -> ReportDate | None:
    """The meeting's date, from the dateline and the best source of its year; None if undatable."""
    head = _head(paragraphs)
    month_day = _dateline(head)
    if given is not None:
        if month_day is None:
            return ReportDate(given, "上传时填写的日期")
        return ReportDate(_on_or_before(given, *month_day), f"正文电头“{_md(month_day)}”，年份取自上传时填写的日期")
    issue = _issue_date(head)
    if issue is not None:
        if month_day is None or (issue.month, issue.day) == month_day:
            return ReportDate(issue, f"报头日期“{issue.year}年{issue.month}月{issue.day}日”")
        return ReportDate(_on_or_before(issue, *month_day), f"正文电头“{_md(month_day)}”，年份取自报头日期")
    if month_day is None:
        return ReportDate(date(plan_year, 1, 1), f"计划年度 {plan_year}") if plan_year else None
    if plan_year is not None:
        return _safe(plan_year, month_day, f"正文电头“{_md(month_day)}”，年份取自指定的计划年度")
    year = _year_named(paragraphs)
    if year is None:
        return None
    return _safe(year, month_day, f"正文电头“{_md(month_day)}”，年份由正文中的“{year}年”推断，请核对", inferred=True)


def dateline_text(paragraphs: Sequence[str]) -> str | None:
    """The dateline's month and day as written (``2月21日``), to name it when asking for a year."""
    month_day = _dateline(_head(paragraphs))
    return _md(month_day) if month_day else None


def _head(paragraphs: Sequence[str]) -> str:
    text = unicodedata.normalize("NFKC", "\n".join(paragraphs))
    return text[:_HEAD_CHARS]


def _dateline(head: str) -> tuple[int, int] | None:
    """Month and day of the dateline: after a byline if there is one, else the first in the head."""
    candidates = [m for m in _MONTH_DAY.finditer(head) if _valid(2000, int(m["m"]), int(m["d"]))]
    for match in candidates:
        if _BYLINE.search(head[max(0, match.start() - 40):match.start()]):
            return int(match["m"]), int(match["d"])
    return (int(candidates[0]["m"]), int(candidates[0]["d"])) if candidates else None


def _issue_date(head: str) -> date | None:
    for match in _FULL_DATE.finditer(head):
        if _valid(int(match["y"]), int(match["m"]), int(match["d"])):
            return date(int(match["y"]), int(match["m"]), int(match["d"]))
    return None


def _year_named(paragraphs: Sequence[str]) -> int | None:
    """The latest year the report names as its own (a review names last year, a plan this one)."""
    years = [int(m["y"]) for m in _YEAR.finditer(unicodedata.normalize("NFKC", "".join(paragraphs)))]
    return max(years) if years else None


def _on_or_before(anchor: date, month: int, day: int) -> date:
    """The month and day in the anchor's year, or the year before if that would be after it."""
    for year in (anchor.year, anchor.year - 1):
        if _valid(year, month, day) and date(year, month, day) <= anchor:
            return date(year, month, day)
    return anchor


def _safe(year: int, month_day: tuple[int, int], source: str, *, inferred: bool = False) -> ReportDate | None:
    if not _valid(year, *month_day):
        return None  # 2月29日 in a year without one: let the person say
    return ReportDate(date(year, *month_day), source, inferred)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _md(month_day: tuple[int, int]) -> str:
    return f"{month_day[0]}月{month_day[1]}日"


# 市委常委会召开扩大会议 / 全市公安工作会议召开 / 市委理论学习中心组举行专题学习会
_HOLDS = re.compile(r"(?P<who>[^，,。；（(）)]{2,20}?)(?:召开|举行)(?:了)?(?P<what>[^，,。；]{0,40}?(?:会议|会))(?=[，,。；]|$)")
_HELD = re.compile(r"(?P<what>[^，,。；（(）)]{2,40}?(?:会议|会))(?:在[^，,。；]{1,20})?(?:召开|举行)")
_GENERIC_HOSTS = ("我市", "全市", "我县", "全县", "我区", "全区")


def meeting_name(paragraphs: Sequence[str], on: date) -> str:
    """A title for the report: the meeting its dateline names and the date, else its first line."""
    for paragraph in paragraphs[:6]:
        if not _MONTH_DAY.search(unicodedata.normalize("NFKC", paragraph)):
            continue
        sentence = re.split(r"[。；]", paragraph.split("日", 1)[-1], maxsplit=1)[0]
        if m := _HOLDS.search(sentence):
            who = m["who"].lstrip("上午下午晚上，, ")
            name = m["what"] if who in _GENERIC_HOSTS or m["what"].startswith(who) else who + m["what"]
            return f"{name}（{on.month}月{on.day}日）"
        if m := _HELD.search(sentence):
            return f"{m['what'].lstrip('上午下午晚上，, ')}（{on.month}月{on.day}日）"
    return f"{paragraphs[0][:40]}（{on.month}月{on.day}日）" if paragraphs else f"会议报道（{on:%Y-%m-%d}）"
