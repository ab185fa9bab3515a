"""A period as the pages print it, in the language of the request (2024年3月 / Mar 2024)."""

from __future__ import annotations

from django.utils.translation import get_language

from duban.core.periods import Period
from duban.core.period_text import format_period


def period_label(period: Period, basis: str | None = None) -> str:
    """``core.period_text.format_period`` in the active language (Chinese unless English is chosen)."""
    return format_period(period, basis, lang="en" if (get_language() or "").startswith("en") else "zh")
