"""The published form of a ranked indicator, as statistics bulletins print it (通报语句).

One rule, used by every format and page::

    规上工业增加值增长8.8%，高于全省1.2个百分点，居金华第4位、全省第46位，较上月前移2位

Figures are compared as printed (rounded half up), so the difference of 8.14 and 6.86 is
1.2, not 1.3, and a growth of −0.04 % reads 增长0.0%.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from duban.core.pace import Number
from duban.core.periods import PeriodKind
from duban.core.ranking import published

# The word for "the previous period" in a rank move: 较上月前移2位.
PREVIOUS_WORD = {
    PeriodKind.DAY: "上日",
    PeriodKind.WEEK: "上周",
    PeriodKind.DEKAD: "上旬",
    PeriodKind.MONTH: "上月",
    PeriodKind.QUARTER: "上季度",
    PeriodKind.HALF: "上半年",
    PeriodKind.YEAR: "上年",
}

# Units counted in whole things: their values print without decimals.
WHOLE_UNITS = frozenset({"个", "家", "件", "人", "项", "户", "台", "辆", "次"})


def printed(value: Number, decimals: int = 1) -> Decimal:
    """The figure as published (``duban.core.ranking.published``: half up at ``decimals``)."""
    return published(value, decimals)


@dataclass(frozen=True)
class Place:
    """The region's place in one peer group.

    ``group``: the group's short name (金华, 全省). ``rank`` None: not ranked there.
    ``tied``: another region shares the rank. ``change``: places moved up since the
    previous period (negative: down; None: unknown). ``note``: why it is not ranked,
    in words (e.g. 待公布（已公布 3/9）); without one it reads 暂未排名.
    """

    group: str
    rank: int | None
    tied: bool = False
    change: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class Reference:
    """The figure compared with: the group's total (全省 growth 7.6 %)."""

    name: str
    figure: Number


def figure_words(figure: Number, *, growth: bool, unit: str = "", decimals: int | None = None) -> str:
    """增长8.8% / 下降2.4% for a growth rate; 652家 / 2.85% / 312.40亿元 for a level."""
    if growth:
        shown = printed(figure, 1 if decimals is None else decimals)
        return f"{'下降' if shown < 0 else '增长'}{abs(shown)}%"
    if decimals is None or unit in WHOLE_UNITS:
        decimals = 0 if unit in WHOLE_UNITS else 2
    return f"{printed(figure, decimals)}{unit}"


def _comparison(figure: Number, reference: Reference, decimals: int) -> str:
    difference = printed(figure, decimals) - printed(reference.figure, decimals)
    if difference == 0:
        return f"与{reference.name}持平"
    return f"{'高于' if difference > 0 else '低于'}{reference.name}{abs(difference)}个百分点"


def _places(places: Sequence[Place]) -> list[str]:
    ranked = [p for p in places if p.rank is not None]
    clauses = []
    if ranked:
        clauses.append("居" + "、".join(f"{p.group}{'并列' if p.tied else ''}第{p.rank}位" for p in ranked))
    plain: list[str] = []  # consecutive groups with no note read together: 金华、全省暂未排名
    for place in (p for p in places if p.rank is None):
        if place.note is None:
            plain.append(place.group)
            continue
        if plain:
            clauses.append(f"{'、'.join(plain)}暂未排名")
            plain = []
        clauses.append(f"{place.group}位次{place.note}")
    if plain:
        clauses.append(f"{'、'.join(plain)}暂未排名")
    return clauses


def _move(change: int) -> str:
    if change == 0:
        return "持平"
    return f"{'前移' if change > 0 else '后移'}{abs(change)}位"


def _moves(places: Sequence[Place], previous_word: str) -> str | None:
    known = [p for p in places if p.rank is not None and p.change is not None]
    if not known:
        return None
    ranked = [p for p in places if p.rank is not None]
    if len(ranked) == 1:
        change = known[0].change
        return f"与{previous_word}持平" if change == 0 else f"较{previous_word}{_move(change)}"
    changes = {p.change for p in known}
    if len(known) == len(ranked) and len(changes) == 1:
        change = changes.pop()
        return f"位次均与{previous_word}持平" if change == 0 else f"较{previous_word}均{_move(change)}"
    return f"较{previous_word}" + "、".join(f"{p.group}{_move(p.change)}" for p in known)


def published_sentence(
    *,
    name: str = "",
    figure: Number | None,
    growth: bool = True,
    unit: str = "",
    decimals: int | None = None,
    reference: Reference | None = None,
    places: Sequence[Place] = (),
    previous_word: str = "上月",
) -> str:
    """The sentence for one ranked indicator; clauses whose inputs are missing are left out.

    ``figure`` is the ranked figure: a growth rate in percent when ``growth``, else a level in
    ``unit``. The comparison with ``reference`` is in percentage points, so it is made for
    growth rates and percentages only. A missing figure reads 尚未公布.
    """
    clauses: list[str] = []
    if figure is None:
        clauses.append(f"{name}尚未公布")
    else:
        clauses.append(name + figure_words(figure, growth=growth, unit=unit, decimals=decimals))
        if reference is not None and (growth or unit == "%"):
            clauses.append(_comparison(figure, reference, decimals if decimals is not None else (1 if growth else 2)))
    clauses += _places(places)
    moved = _moves(places, previous_word)
    if moved:
        clauses.append(moved)
    return "，".join(clauses)
