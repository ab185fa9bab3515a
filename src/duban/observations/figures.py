"""A figure as the import pipeline and data entry hold it before it is written, and what its
fields can hold. Shared by every step (parse, check, write) and imported by none of them back."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from duban.catalogue.models import Indicator, Region
from duban.core.numbers import fit_digits
from duban.core.periods import Period
from duban.observations.models import Observation

# Coarse to fine; an indicator may be reported at its own frequency or any coarser one.
KIND_FINENESS = {"year": 0, "half": 1, "quarter": 2, "month": 3, "dekad": 4, "week": 4, "day": 5}

def _digits(field_name: str) -> tuple[int, int]:
    field = Observation._meta.get_field(field_name)
    return field.max_digits - field.decimal_places, field.decimal_places


# What each number of a figure can hold (the model's columns): checked before anything is written.
FIGURE_DIGITS = {"value": _digits("value"), "yoy_pct": _digits("yoy_pct")}
RANK_MAX = 32_767  # a PositiveSmallIntegerField (reported_rank) on PostgreSQL


def held(field_name: str, value: Decimal | None, *, exact: bool = True) -> Decimal | None:
    """The number as the figure's field keeps it; ``DigitsError`` (core.numbers) when it cannot.
    ``exact`` False: converted from another unit, its decimals are rounded (``fit_digits``)."""
    if value is None:
        return None
    integer_digits, decimals = FIGURE_DIGITS[field_name]
    return fit_digits(value, integer_digits=integer_digits, decimals=decimals, exact=exact)


def fits_frequency(period: Period, frequency: str) -> bool:
    return KIND_FINENESS[str(period.kind)] <= KIND_FINENESS[frequency]


@dataclass
class ObservationInput:
    indicator: Indicator
    region: Region
    period: Period
    basis: str
    value: Decimal | None
    yoy_pct: Decimal | None = None
    reported_rank: int | None = None


@dataclass
class ObservationBatch:
    """Many figures held column by column (entry ``i`` of each list is one figure): how large
    imports keep a million figures without a million objects. ``items()`` gives them as
    ``ObservationInput``; ``from_items`` the other way."""

    indicators: list[Indicator]
    regions: list[Region]
    periods: list[Period]
    bases: list[str]
    values: list[Decimal | None]
    yoy_pcts: list[Decimal | None]
    ranks: list[int | None]

    def __len__(self) -> int:
        return len(self.indicators)

    def items(self) -> list[ObservationInput]:
        return list(map(ObservationInput, self.indicators, self.regions, self.periods, self.bases,
                        self.values, self.yoy_pcts, self.ranks))

    @classmethod
    def from_items(cls, items: list[ObservationInput]) -> ObservationBatch:
        return cls([i.indicator for i in items], [i.region for i in items], [i.period for i in items],
                   [i.basis for i in items], [i.value for i in items], [i.yoy_pct for i in items],
                   [i.reported_rank for i in items])


@dataclass
class SaveOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def quantize(value: Decimal | None) -> Decimal | None:
    """The value as the database keeps it (4 places), so comparisons do not see phantom changes."""
    return None if value is None else value.quantize(Decimal("0.0001"))
