"""Which periods the cockpit offers, and which one it opens on.

A leader's cockpit opens on the latest period in which most (more than half) of the home
region's indicators of the frequency are published: not the clock's month, and not a new
month in which one early figure has appeared (that month would read 0 红灯, 22 待报).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from duban.catalogue.models import Indicator, Region
from duban.core.periods import Period
from duban.monitoring import freshness
from duban.observations.models import Observation, Status
from duban.web.periods import period_label

# The frequency switch, in the order people ask for them (a half is a period, not a frequency).
FREQUENCY_LABELS = {
    "month": _("月"),
    "quarter": _("季"),
    "year": _("年"),
    "dekad": _("旬"),
    "week": _("周"),
    "day": _("日"),
}


@dataclass(frozen=True)
class PeriodOption:
    """A period the picker lists: how many of the region's indicators are published in it."""

    period: Period
    published: int
    expected: int

    @property
    def code(self) -> str:
        return self.period.code

    @property
    def label(self) -> str:
        return period_label(self.period)

    @property
    def mostly(self) -> bool:
        return self.published * 2 > self.expected


def frequencies() -> list[tuple[str, str]]:
    """The frequencies that have indicators in the catalogue, as (kind, label) for the switch."""
    present = set(Indicator.objects.values_list("frequency", flat=True).distinct())
    return [(kind, str(label)) for kind, label in FREQUENCY_LABELS.items() if kind in present]


def period_options(region: Region, kind: str) -> list[PeriodOption]:
    """Every period of ``kind`` with a published figure of ``region``, latest first.

    Remembered until the figures change: at province scale the count reads every figure of
    the region (300 indicators × 60 months), 75 ms on each cockpit page otherwise.
    """
    indicators = tuple(Indicator.objects.filter(frequency=kind).order_by("id").values_list("id", flat=True))

    def count():
        # indicator IN (…) AND region = … is a range of the observations' unique key.
        return list(
            Observation.objects.filter(
                indicator__in=indicators, region=region, period_kind=kind, status=Status.PUBLISHED
            )
            .values("period", "period_end")
            .annotate(n=Count("indicator", distinct=True))
            .order_by("-period_end")
            .values_list("period", "n")
        )

    counts = freshness.remembered(("period_options", region.id, kind, indicators), count)
    return [PeriodOption(Period.parse(code), n, len(indicators)) for code, n in counts]


def mostly_published(region: Region, kind: str, options: list[PeriodOption] | None = None) -> Period | None:
    """The latest period of ``kind`` with more than half of ``region``'s indicators published.

    Where no period reaches half (a frequency with sparse data), the period with the most
    published figures, the latest of those; None when the region has none published.
    """
    options = period_options(region, kind) if options is None else options
    mostly = next((option for option in options if option.mostly), None)
    if mostly is None and options:
        mostly = max(options, key=lambda option: (option.published, option.period.end))
    return mostly.period if mostly else None


def latest_published(region: Region, indicator: Indicator) -> Period | None:
    """The latest period in which ``region``'s figure of ``indicator`` is published."""
    code = (
        Observation.objects.filter(indicator=indicator, region=region, status=Status.PUBLISHED)
        .order_by("-period_end")
        .values_list("period", flat=True)
        .first()
    )
    return None if code is None else Period.parse(code)
