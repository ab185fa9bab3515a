"""The ``--as-of`` and ``--period`` arguments every command shares, parsed in one place.

A bad value stops the command before it does anything, with a message naming the argument.
Values are read in ``handle`` rather than by an argparse ``type``: ``call_command`` passes
keyword options through unconverted.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import CommandError
from django.utils import timezone

from duban.core.periods import Period, PeriodError
from duban.core.period_text import parse_period

AS_OF_HELP = "业务日期 YYYY-MM-DD（默认今天）"
PERIOD_HELP = "统计期间，如 2024-03、2024年1-3月、2024Q1、2024年3月中旬"


def add_as_of(parser, help: str = AS_OF_HELP) -> None:
    parser.add_argument("--as-of", help=help)


def add_period(parser, help: str = PERIOD_HELP) -> None:
    # Required: a statistical period never defaults to the clock.
    parser.add_argument("--period", required=True, help=help)


def as_of_of(options: dict) -> date:
    """The business date: ``--as-of``, else today."""
    text = options.get("as_of")
    if not text:
        return timezone.localdate()
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of 应为 YYYY-MM-DD 格式的日期，而不是“{text}”") from None


def period_of(options: dict) -> Period:
    text = options["period"]
    if isinstance(text, Period):
        return text
    try:
        return parse_period(text).period
    except PeriodError as error:
        raise CommandError(f"--period：{error}") from None
