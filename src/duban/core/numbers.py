"""Numbers as statistics tables print them and people type them.

A figure is a ``Decimal`` or None. None means "no data" and is never confused with zero:
the dashes, slashes and words tables print for a missing figure all read as None.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Context, Decimal

__all__ = ["DigitsError", "NumberError", "fit_digits", "format_number", "is_missing_marker", "parse_number",
           "plain_number"]


class NumberError(ValueError):
    """A value that is neither a number nor a missing-data marker."""

    def __init__(self, text: object, reason: str | None = None):
        message = f"无法识别的数字“{text}”"
        super().__init__(f"{message}：{reason}" if reason else message)
        self.text = text


def _normalise(text: str) -> str:
    """Full-width to ASCII (NFKC), U+2212 minus to "-", no spaces except between digits."""
    text = unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()
    # "1 234" keeps its space and is rejected: a space is no thousands separator here.
    return re.sub(r"(?<![0-9])\s+|\s+(?![0-9])", "", text)


_MISSING_MARKERS = frozenset(
    _normalise(marker).casefold()
    for marker in ("", "-", "--", "—", "——", "–", "－", "—-", "…", "……", "/", "／", "N/A", "无", "暂缺")
)

_NUMBER = re.compile(
    r"(?P<sign>[+-])?"
    r"(?P<integer>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<fraction>[0-9]+))?"
    r"(?:(?P<percent>%)|(?P<magnitude>[万亿])?(?P<yuan>元)?)"
)

_MAGNITUDES = {"万": 4, "亿": 8}
# Money units an indicator can have, as powers of ten of one yuan.
_MONEY_UNITS = {"元": 0, "万元": 4, "亿元": 8}


def is_missing_marker(text: str | None) -> bool:
    """Whether a cell says "no data" (None, blank, -, —, ……, /, N/A, 无, 暂缺)."""
    return text is None or _normalise(text).casefold() in _MISSING_MARKERS


def parse_number(text: str | int | float | Decimal | None, *, unit: str | None = None) -> Decimal | None:
    """The value of a cell in the indicator's ``unit``; None for a missing-data marker.

    Strings may carry thousands separators, full-width characters, a sign (+, -, －, −)
    or parentheses for a negative, a % (dropped: percentages stay in percent), and
    万/亿/元/万元/亿元, converted to a money ``unit`` (1.2亿元 in 万元 is 12000). A bare
    number is taken to be in ``unit`` already; with no ``unit``, 万 and 亿 are plain
    number words (1.2万 is 12000).
    """
    if text is None:
        return None
    if isinstance(text, bool):  # a bool is an int, but TRUE in a figure column is a mistake
        raise NumberError(text)
    if isinstance(text, (int, float, Decimal)):
        # str() first so that a float keeps the digits it shows, not its binary expansion.
        value = Decimal(str(text)) if isinstance(text, float) else Decimal(text)
        if not value.is_finite():
            raise NumberError(text)
        return value
    if not isinstance(text, str):
        raise NumberError(text)
    if is_missing_marker(text):
        return None

    body = _normalise(text)
    negative = body.startswith("(") and body.endswith(")")
    if negative:
        body = body[1:-1]
    match = _NUMBER.fullmatch(body)
    if match is None or (negative and match["sign"]):
        raise NumberError(text)
    digits = match["integer"].replace(",", "")
    if match["fraction"]:
        digits += "." + match["fraction"]
    value = Decimal(digits)
    if negative or match["sign"] == "-":
        value = -value
    if match["magnitude"] or match["yuan"]:
        value = _convert(value, match["magnitude"], text, unit)
    return value


_PLAIN = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def plain_number(text: str) -> Decimal | None:
    """``parse_number(text)`` for the bulk of cells, quickly: a plain ASCII number such as
    "12.30" or "-5" (surrounding spaces allowed). None for anything else (full-width
    characters, separators, %, units, missing-data markers, words): ask ``parse_number``.

    The result is the one ``parse_number`` gives, to the sign of a zero.
    """
    body = text.strip()
    if _PLAIN.fullmatch(body) is None:
        return None
    sign = body[0]
    if sign == "-":
        return -Decimal(body[1:])
    return Decimal(body[1:] if sign == "+" else body)


def _convert(value: Decimal, magnitude: str | None, text: str, unit: str | None) -> Decimal:
    exponent = _MAGNITUDES.get(magnitude, 0)
    if unit is not None:
        unit_exponent = _MONEY_UNITS.get(unit.strip())
        if unit_exponent is None:
            raise NumberError(text, f"指标单位“{unit}”不是金额单位，不能带万、亿或元")
        exponent -= unit_exponent
    shifted = value.scaleb(exponent)
    # 1.2亿 is 1.2E+8 after the shift; show it as the whole number it is.
    return shifted.quantize(Decimal(1)) if shifted.as_tuple().exponent > 0 else shifted


def format_number(value: Decimal | None, places: int | None = None) -> str:
    """A figure for display: "—" for None, no thousands separators, no exponent.

    With ``places`` the value is rounded half up (as statistics are) and shows exactly
    that many decimals; without, trailing zeros are dropped (12.300 → 12.3, 1.2E+4 →
    12000). Zero never shows a minus sign.
    """
    if value is None:
        return "—"
    if places is None:
        value = value.normalize()
    else:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if value == 0:
        value = abs(value)
    return f"{value:f}"


# A spreadsheet's number is a binary float: 15 significant digits are the person's, any beyond are
# the float's trace (0.1 + 0.2 is 0.30000000000000004 in a cell).
FLOAT_DIGITS = 15


class DigitsError(ValueError):
    """A number a figure field cannot hold exactly; the message says which limit, in Chinese."""


def fit_digits(value: Decimal, *, integer_digits: int, decimals: int, exact: bool = True) -> Decimal:
    """``value`` as a field with that many integer digits and decimals holds it, exactly.

    Raises ``DigitsError`` when it would not come back as given: too many decimals (0.00001 in a
    field of 4) or too large (10¹⁶ in 16 integer digits). A binary float's trace past the kept
    decimals is rounded away: a number a float prints (its shortest text) whose extra decimals lie
    beyond the 15th significant digit. With ``exact`` False (a number converted from another unit:
    3505718.60 万元 is 350.571860 亿元) the decimals are rounded half up instead: the person
    wrote no digit that is lost.
    """
    if not value.is_finite():
        raise DigitsError("不是有限的数")
    if value and value.adjusted() >= integer_digits:
        raise DigitsError(f"超出可保存的范围：整数部分最多 {integer_digits} 位")
    context = Context(prec=integer_digits + decimals + 2)
    if value.as_tuple().exponent < -decimals:
        rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=context)
        if exact and not _float_trace(value, rounded):
            raise DigitsError(f"小数最多 {decimals} 位（多出的位数无法保存）")
        value = Decimal(format(rounded.normalize(), "f"))
        if value and value.adjusted() >= integer_digits:
            raise DigitsError(f"超出可保存的范围：整数部分最多 {integer_digits} 位")
    return value


def _float_trace(value: Decimal, rounded: Decimal) -> bool:
    """Whether what rounding drops from ``value`` is a binary float's trace, not a person's digits:
    it lies past the 15th significant digit and ``value`` is the text a float prints (a CSV cell of
    1234567890123.45671 is not; a spreadsheet cannot hold that number)."""
    if abs(rounded - value) > Decimal(1).scaleb(value.adjusted() - FLOAT_DIGITS + 1):
        return False
    return Decimal(repr(float(value))) == value
