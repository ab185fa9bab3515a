"""序号: the outline numbers of task breakdown sheets, and the tree they imply.

Sheets number their rows the way official documents do: 一、 for sections (goals),
（一） for sub-sections, 1 / 1. / 1、 for tasks, 1.1 for measures under task 1,
1） / （1） for items under the nearest task. ``build_tree`` recovers each row's
parent from those numbers alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import cn2an

__all__ = [
    "NumberingError",
    "OutlineNumber",
    "OutlineStyle",
    "build_tree",
    "parse_outline_number",
]

OutlineStyle = Literal["chinese", "paren_chinese", "arabic", "paren_arabic"]


class NumberingError(ValueError):
    """A 序号 that cannot be read, or that does not fit where it stands.

    ``row`` is the 0-based index of the offending row in the list given to
    ``build_tree`` (None when a single number was parsed on its own); ``same_as`` that of the
    earlier row a duplicate repeats, for the caller to name by its own row number.
    """

    def __init__(self, message: str, *, row: int | None = None, same_as: int | None = None) -> None:
        super().__init__(message)
        self.row = row
        self.same_as = same_as


@dataclass(frozen=True)
class OutlineNumber:
    style: OutlineStyle
    parts: tuple[int, ...]


_CHINESE = re.compile(r"(?P<n>[一二三四五六七八九十百零]+)[、.]?")
_PAREN_CHINESE = re.compile(r"\((?P<n>[一二三四五六七八九十百零]+)\)[、.]?")
_ARABIC = re.compile(r"(?P<n>\d+(?:\.\d+)*)[.、]?")
_PAREN_ARABIC = re.compile(r"\(?(?P<n>\d+)\)[、.]?")
_CIRCLED = re.compile(r"[①-⑳]")


def parse_outline_number(text: str) -> OutlineNumber:
    """Read one 序号 cell: ``一``, ``二、``, ``（一）``, ``1``, ``1.``, ``1.1.2``, ``1）``, ``（1）``.

    Circled numbers (①…⑳) play the role of ``（1）`` and read as ``paren_arabic``.
    """
    raw = str(text).strip()
    if _CIRCLED.fullmatch(raw):
        return OutlineNumber("paren_arabic", (ord(raw) - ord("①") + 1,))
    if _CIRCLED.search(raw):  # NFKC would quietly turn ①② into 12
        raise NumberingError(f'无法识别的序号 "{text}"')
    # NFKC folds full-width brackets, digits and the full-width full stop.
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))
    if m := _CHINESE.fullmatch(s):
        return OutlineNumber("chinese", (_chinese_numeral(text, m["n"]),))
    if m := _PAREN_CHINESE.fullmatch(s):
        return OutlineNumber("paren_chinese", (_chinese_numeral(text, m["n"]),))
    if m := _ARABIC.fullmatch(s):
        return OutlineNumber("arabic", _positive(text, map(int, m["n"].split("."))))
    if m := _PAREN_ARABIC.fullmatch(s):
        return OutlineNumber("paren_arabic", _positive(text, [int(m["n"])]))
    raise NumberingError(f'无法识别的序号 "{text}"')


def build_tree(numbers: list[str]) -> list[int | None]:
    """For each row, the index of its parent row (None for a root).

    一 starts a top-level section; （一） sits under the enclosing 一; ``1`` sits
    under the innermost enclosing section (（一） or 一), or is a root outside any;
    ``1.1`` sits under the nearest open ``1``; ``1）`` sits under the nearest
    arabic item. Arabic numbering may restart in each section or run on across
    sections: both are common.
    """
    parents: list[int | None] = []
    # The chain of open rows from the outermost section down to the last row.
    open_rows: list[tuple[int, OutlineNumber]] = []
    seen: dict[tuple[int | None, OutlineNumber], int] = {}

    for index, text in enumerate(numbers):
        try:
            number = parse_outline_number(text)
        except NumberingError as error:
            raise NumberingError(f"{_at(index)}{error}", row=index) from None

        _close_rows_not_above(open_rows, number)
        if number.style == "arabic" and len(number.parts) > 1:
            wanted = number.parts[:-1]
            if not open_rows or open_rows[-1][1] != OutlineNumber("arabic", wanted):
                raise NumberingError(
                    f'{_at(index)}序号 "{text}" 前面没有上级序号 '
                    f'"{".".join(map(str, wanted))}"',
                    row=index,
                )
        parent = open_rows[-1][0] if open_rows else None

        key = (parent, number)
        if key in seen:
            raise NumberingError(
                f'{_at(index)}序号 "{text}" 与第 {seen[key]} 项重复', row=index, same_as=seen[key]
            )
        seen[key] = index
        parents.append(parent)
        open_rows.append((index, number))
    return parents


def _close_rows_not_above(
    open_rows: list[tuple[int, OutlineNumber]], number: OutlineNumber
) -> None:
    """Pop the open rows that cannot contain ``number``, leaving its parent on top."""
    rank = _rank(number)
    while open_rows and _rank(open_rows[-1][1]) >= rank:
        open_rows.pop()


def _at(index: int) -> str:
    # The caller maps the 0-based index to its own sheet row via ``error.row``.
    return f"第 {index} 项（从 0 数起）："


def _rank(number: OutlineNumber) -> int:
    """Nesting depth of a style: a row can only contain rows of a higher rank."""
    if number.style == "chinese":
        return 0
    if number.style == "paren_chinese":
        return 1
    if number.style == "arabic":
        return 1 + len(number.parts)
    return 1_000  # paren_arabic: always the innermost level


def _chinese_numeral(text: str, numeral: str) -> int:
    try:
        value = int(cn2an.cn2an(numeral, "strict"))
    except ValueError:
        raise NumberingError(f'无法识别的序号 "{text}"') from None
    return _positive(text, [value])[0]


def _positive(text: str, parts: Iterable[int]) -> tuple[int, ...]:
    parts = tuple(parts)
    if any(part < 1 for part in parts):
        raise NumberingError(f'序号 "{text}" 不能含 0')
    return parts
