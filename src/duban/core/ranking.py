"""Peer-group ranking (位次), rank change, share of the group and strength.

Percentages are in percent (8.8 means 8.8 %).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import TypeVar

import numpy as np

from duban.core.pace import Direction, Number

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class RankRow:
    """One region's place: ``rank`` is None for a missing figure; ``of`` counts the ranked."""

    figure: Number | None
    rank: int | None
    of: int


def _is_missing(figure: Number | None) -> bool:
    # NaN cannot be ordered, so it is no more a published figure than None is.
    return figure is None or figure != figure


def rank_competition(
    figures: Mapping[K, Number | None], direction: Direction | str
) -> dict[K, RankRow]:
    """Competition ranking (1, 2, 2, 4) of every key by its figure.

    higher_better ranks the largest figure first, lower_better the smallest. Ties
    share the best rank; a rank is 1 + the number of strictly better figures.
    Missing figures get rank None and are not counted in ``of``.
    """
    present = sorted(f for f in figures.values() if not _is_missing(f))
    of = len(present)
    higher_better = Direction(direction) is Direction.HIGHER_BETTER

    def better_count(figure: Number) -> int:
        return of - bisect_right(present, figure) if higher_better else bisect_left(present, figure)

    rows: dict[K, RankRow] = {}
    for key, figure in figures.items():
        rank = None if _is_missing(figure) else 1 + better_count(figure)
        rows[key] = RankRow(figure, rank, of)
    return rows


def published(figure: Number | None, decimals: int) -> Decimal | None:
    """A figure as a statistics bureau prints it: rounded half up at ``decimals`` places, in decimal
    arithmetic. A float is taken at its shortest decimal form (6.17000000000001 and 6.65 are read as
    written, not as their binary expansions), so 6.65 → 6.7 and 6.64, 6.55 → 6.6."""
    if _is_missing(figure):
        return None
    exact = figure if isinstance(figure, Decimal) else Decimal(repr(float(figure)))
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def published_array(figures: np.ndarray, decimals: np.ndarray | int) -> np.ndarray:
    """``published`` over an array (NaN stays NaN), ``decimals`` broadcast against it.

    Scaled by 10**decimals and rounded half up in floating point; the only cells where that may
    differ from decimal arithmetic on the figure's shortest form lie within a hair of a half,
    and those are redone with ``published`` itself. Equal published figures come out as equal
    floats and the order is kept, so comparing the results compares the published decimals.
    """
    figures = np.asarray(figures, dtype=float)
    places = np.broadcast_to(np.asarray(decimals), figures.shape)
    scale = 10.0 ** places
    with np.errstate(invalid="ignore"):
        scaled = np.abs(figures) * scale
        fraction = scaled - np.floor(scaled)
        out = np.copysign(np.floor(scaled + 0.5), figures) / scale
        near_half = np.abs(fraction - 0.5) < 1e-6
    for index in zip(*np.nonzero(near_half)):
        out[index] = float(published(float(figures[index]), int(places[index])))
    return out


def rank_published(
    figures: Mapping[K, Number | None], direction: Direction | str, decimals: int
) -> dict[K, RankRow]:
    """Competition ranks of the figures as published (``published`` at ``decimals``): two regions
    whose figures print the same share a rank. Each row's ``figure`` is the published one."""
    return rank_competition({key: published(figure, decimals) for key, figure in figures.items()}, direction)


def rank_change(previous_rank: int | None, current_rank: int | None) -> int | None:
    """Places moved up since the previous period (5th → 3rd is +2); None if either is missing."""
    if previous_rank is None or current_rank is None:
        return None
    return previous_rank - current_rank


def share_pct(value: Number | None, group_values: Iterable[Number | None]) -> float | None:
    """The value's share of the group total, in percent.

    ``group_values`` are all the group's values, this region's included; missing ones
    are skipped. None when the value is missing or the total is not positive.
    """
    if _is_missing(value):
        return None
    total = sum(float(v) for v in group_values if not _is_missing(v))
    if total <= 0:
        return None
    return float(value) / total * 100


class Strength(StrEnum):
    STRONG = "strong"
    MIDDLE = "middle"
    WEAK = "weak"


def strength(rank: int | None, of: int) -> Strength | None:
    """Top third of the group is strong, bottom third weak, the rest middle.

    A third is ceil(of / 3) places, so with 9 regions ranks 1–3 are strong and 7–9
    weak; with 4, ranks 1–2 are strong and 3–4 weak.
    """
    if rank is None or of <= 0:
        return None
    third = math.ceil(of / 3)
    if rank <= third:
        return Strength.STRONG
    if rank > of - third:
        return Strength.WEAK
    return Strength.MIDDLE

