"""Composite scoring (争先进位考核、赛马比拼): a scheme of weighted items summed and ranked.

Set-wise: every item is scored over all subjects at once, because three of the four methods
(rank, efficacy and — through the published precision — threshold) depend on the whole group.
Points are in the scheme's points (a weight of 10 gives at most 10 points); every item's points
and every total are rounded half up to two decimals, and a total is the sum of its shown item
points (capped by a failed gate) plus adjustments, so the shown figures add up.

A subject without a figure for an item scores 0 for it and is marked ``missing``: it is never
given an average, and it does not take part in the item's ranks, minimum or maximum.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from duban.core.pace import Direction, Number
from duban.core.ranking import published, rank_change, rank_competition, rank_published

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


class Method(StrEnum):
    RANK = "rank"
    EFFICACY = "efficacy"  # 功效系数法
    TARGET = "target"
    THRESHOLD = "threshold"


class SchemeError(ValueError):
    """A scheme setting that cannot be used (bad bands, a gate naming no figure, …)."""


def points(value: Decimal) -> Decimal:
    """Points as shown: half up at two decimals."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _decimal(value: Number) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(repr(float(value)))


# -- threshold bands ------------------------------------------------------------------------------

_OPERATORS = {"≥": "ge", ">=": "ge", ">": "gt", "≤": "le", "<=": "le", "<": "lt", "=": "eq"}
_BAND = re.compile(r"^\s*(≥|>=|>|≤|<=|<|=)\s*(-?\d+(?:\.\d+)?)\s*[:：]\s*(\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Band:
    """``≥10:100``: a figure of at least 10 earns 100 % of the weight."""

    operator: str  # ge, gt, le, lt, eq
    bound: Decimal
    pct: Decimal

    def holds(self, figure: Decimal) -> bool:
        return {
            "ge": figure >= self.bound, "gt": figure > self.bound, "le": figure <= self.bound,
            "lt": figure < self.bound, "eq": figure == self.bound,
        }[self.operator]


def parse_bands(text: str) -> tuple[Band, ...]:
    """``≥10:100;≥8:80;<8:60`` → bands tried in order, the first that holds decides."""
    bands = []
    for part in filter(str.strip, re.split(r"[;；]", text or "")):
        match = _BAND.match(part)
        if match is None:
            raise SchemeError(f"分档“{part}”无法识别，应形如 ≥10:100（条件:得分百分比）")
        operator, bound, pct = match.groups()
        if Decimal(pct) > HUNDRED:
            raise SchemeError(f"分档“{part}”的得分百分比超过 100")
        bands.append(Band(_OPERATORS[operator], Decimal(bound), Decimal(pct)))
    if not bands:
        raise SchemeError("分档法须填写分档，如 ≥10:100;≥8:80;<8:60")
    return tuple(bands)


# -- gates ----------------------------------------------------------------------------------------

_GATE = re.compile(r"^\s*(.+?)\s*(≥|>=|>|≤|<=|<|=)\s*(-?\d+(?:\.\d+)?)\s*[:：]\s*(\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Gate:
    """Full marks only if a condition holds: ``gdp≥8:90`` caps the item points of a subject whose
    gdp figure is below 8 (or missing) at 90 % of the scheme's full marks."""

    key: str
    condition: Band  # pct here is the cap in % of full marks

    def holds(self, figure: Decimal | None) -> bool:
        return figure is not None and self.condition.holds(figure)


def parse_gates(text: str) -> tuple[Gate, ...]:
    """``gdp≥8:90;invest≥0:95`` → gates (figure key, condition, cap in % of full marks)."""
    gates = []
    for part in filter(str.strip, re.split(r"[;；]", text or "")):
        match = _GATE.match(part)
        if match is None:
            raise SchemeError(f"门槛“{part}”无法识别，应形如 gdp≥8:90（指标 条件:封顶百分比）")
        key, operator, bound, cap = match.groups()
        if Decimal(cap) > HUNDRED:
            raise SchemeError(f"门槛“{part}”的封顶百分比超过 100")
        gates.append(Gate(key, Band(_OPERATORS[operator], Decimal(bound), Decimal(cap))))
    return tuple(gates)


# -- items and results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One scored item. ``key`` names the figure (an indicator code or a measure).
    ``decimals``: the figure's published precision (ranks and bands compare printed figures).
    ``ratio``: for ``target``, points in proportion to completion, capped at the weight."""

    key: str
    weight: Decimal
    method: Method
    direction: str = Direction.HIGHER_BETTER
    decimals: int = 1
    step: Decimal = Decimal(5)
    base: Decimal = Decimal(60)
    span: Decimal = Decimal(40)
    bands: tuple[Band, ...] = ()
    ratio: bool = False


@dataclass(frozen=True)
class TargetCheck:
    """Whether a subject's target is met at the period; ``ratio_pct``: its completion in %."""

    met: bool
    ratio_pct: Number | None = None


@dataclass(frozen=True)
class ItemScore:
    key: str
    figure: Decimal | None
    points: Decimal
    weight: Decimal
    missing: bool
    rank: int | None = None  # the figure's place, for the rank method

    @property
    def lost(self) -> Decimal:
        return self.weight - self.points


@dataclass
class SubjectScore:
    subject: Hashable
    items: list[ItemScore]
    adjustments: Decimal
    capped_by: Gate | None
    score: Decimal = Decimal(0)
    rank: int | None = None
    change: int | None = None
    item_points: Decimal = field(default=Decimal(0))


def score_item(
    item: Item,
    figures: Mapping[Hashable, Number | None],
    targets: Mapping[Hashable, TargetCheck | None] | None = None,
) -> dict[Hashable, ItemScore]:
    """Every subject's points for one item (``figures``: every subject, None where missing)."""
    shown = {s: published(f, item.decimals) for s, f in figures.items()}
    if item.method is Method.RANK:
        return _rank(item, figures, shown)
    if item.method is Method.EFFICACY:
        return _efficacy(item, shown)
    if item.method is Method.TARGET:
        return _target(item, shown, targets or {})
    if item.method is Method.THRESHOLD:
        return _threshold(item, shown)
    raise SchemeError(f"未知的计分方法“{item.method}”")


def _share(item: Item, pct: Decimal) -> Decimal:
    return points(item.weight * pct / HUNDRED)


def _missing(item: Item) -> ItemScore:
    return ItemScore(item.key, None, Decimal("0.00"), item.weight, True)


def _rank(item: Item, figures, shown) -> dict[Hashable, ItemScore]:
    ranks = rank_published(figures, item.direction, item.decimals)
    out = {}
    for subject, row in ranks.items():
        if row.rank is None:
            out[subject] = _missing(item)
            continue
        pct = max(Decimal(0), HUNDRED - item.step * (row.rank - 1))
        out[subject] = ItemScore(item.key, shown[subject], _share(item, pct), item.weight, False, row.rank)
    return out


def _efficacy(item: Item, shown) -> dict[Hashable, ItemScore]:
    present = [f for f in shown.values() if f is not None]
    low, high = (min(present), max(present)) if present else (None, None)
    lower_better = Direction(item.direction) is Direction.LOWER_BETTER
    out = {}
    for subject, figure in shown.items():
        if figure is None:
            out[subject] = _missing(item)
            continue
        if high == low:
            fraction = Decimal(1)  # no spread: every subject is as good as the best
        else:
            fraction = ((high - figure) if lower_better else (figure - low)) / (high - low)
        out[subject] = ItemScore(item.key, figure, _share(item, item.base + item.span * fraction), item.weight, False)
    return out


def _target(item: Item, shown, targets) -> dict[Hashable, ItemScore]:
    out = {}
    for subject, figure in shown.items():
        check = targets.get(subject)
        if check is None or (item.ratio and check.ratio_pct is None):
            out[subject] = ItemScore(item.key, figure, Decimal("0.00"), item.weight, True)
            continue
        if item.ratio:
            pct = min(HUNDRED, max(Decimal(0), _decimal(check.ratio_pct)))
        else:
            pct = HUNDRED if check.met else Decimal(0)
        out[subject] = ItemScore(item.key, figure, _share(item, pct), item.weight, False)
    return out


def _threshold(item: Item, shown) -> dict[Hashable, ItemScore]:
    out = {}
    for subject, figure in shown.items():
        if figure is None:
            out[subject] = _missing(item)
            continue
        pct = next((band.pct for band in item.bands if band.holds(figure)), Decimal(0))
        out[subject] = ItemScore(item.key, figure, _share(item, pct), item.weight, False)
    return out


def score(
    subjects: Sequence[Hashable],
    items: Sequence[Item],
    figures: Mapping[str, Mapping[Hashable, Number | None]],
    *,
    targets: Mapping[str, Mapping[Hashable, TargetCheck | None]] | None = None,
    gates: Sequence[Gate] = (),
    gate_decimals: Mapping[str, int] | None = None,
    adjustments: Mapping[Hashable, Number] | None = None,
    previous_ranks: Mapping[Hashable, int | None] | None = None,
) -> list[SubjectScore]:
    """Every subject's total, competition rank and change, ordered by rank then given order.

    ``figures[key][subject]``: the figure of each item's and each gate's key (a subject absent
    from it is missing). ``adjustments``: the sum of each subject's bonus and deduction points.
    ``previous_ranks``: the ranks of the previous period, for ``change`` (places moved up).
    """
    targets, adjustments = targets or {}, adjustments or {}
    previous_ranks, gate_decimals = previous_ranks or {}, gate_decimals or {}
    full = sum((item.weight for item in items), Decimal(0))
    scored = [
        score_item(item, {s: figures.get(item.key, {}).get(s) for s in subjects}, targets.get(item.key))
        for item in items
    ]
    results = []
    for subject in subjects:
        row_items = [by_subject[subject] for by_subject in scored]
        item_points = sum((i.points for i in row_items), Decimal("0.00"))
        capped_by = None
        for gate in gates:
            if gate.key not in figures:
                raise SchemeError(f"门槛指标“{gate.key}”没有数据")
            figure = published(figures[gate.key].get(subject), gate_decimals.get(gate.key, 1))
            if not gate.holds(figure):
                cap = points(full * gate.condition.pct / HUNDRED)
                if item_points > cap:
                    item_points, capped_by = cap, gate
        adjustment = points(_decimal(adjustments.get(subject, 0)))
        results.append(
            SubjectScore(subject, row_items, adjustment, capped_by, item_points + adjustment, item_points=item_points)
        )
    ranks = rank_competition({r.subject: r.score for r in results}, Direction.HIGHER_BETTER)
    for result in results:
        result.rank = ranks[result.subject].rank
        result.change = rank_change(previous_ranks.get(result.subject), result.rank)
    order = {s: k for k, s in enumerate(subjects)}
    return sorted(results, key=lambda r: (r.rank, order[r.subject]))


def full_marks(items: Sequence[Item]) -> Decimal:
    return sum((item.weight for item in items), Decimal(0))
