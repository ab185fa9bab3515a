"""Red/yellow/green warnings (红黄绿灯预警), catch-up and roll-up.

The sentence a bulletin prints for a ranked indicator is ``duban.core.published``.

Rules are data (an administrator edits them): each names a condition from a fixed
vocabulary, a threshold and reason templates. They are tried in ``order``; the first
that matches decides the level. Gaps are in percentage points and already signed so
that positive is favourable (see ``duban.core.pace``); growth rates are in percent.
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import IntFlag, StrEnum
from typing import Any, TypeVar

import numpy as np

from duban.core.pace import Direction, Number
from duban.core.ranking import published

K = TypeVar("K", bound=Hashable)


class WarningLevel(StrEnum):
    """Warning levels, most severe first.

    ``pending`` (not reported by the deadline) ranks just below red: the figure is
    unknown, it may hide a red, and a missed report is itself a failure to act on, so
    it outweighs a known yellow. ``none`` means there is nothing to judge.
    """

    RED = "red"
    PENDING = "pending"
    YELLOW = "yellow"
    GREEN = "green"
    NONE = "none"


SEVERITY_ORDER: tuple[WarningLevel, ...] = tuple(WarningLevel)
LEVEL_CODE: dict[str, int] = {str(level): code for code, level in enumerate(WarningLevel)}  # as the engine stores levels


class Condition(StrEnum):
    NOT_REPORTED_AFTER_DEADLINE = "not_reported_after_deadline"
    NEGATIVE_GROWTH_WHEN_TARGETED = "negative_growth_when_targeted"
    BEHIND_PACE_MORE_THAN = "behind_pace_more_than"
    BEHIND_GROWTH_MORE_THAN = "behind_growth_more_than"
    RANK_BELOW_TARGET_BY_MORE_THAN = "rank_below_target_by_more_than"
    BEHIND_PACE_UP_TO = "behind_pace_up_to"
    BEHIND_GROWTH_UP_TO = "behind_growth_up_to"
    RANK_BELOW_TARGET_BY = "rank_below_target_by"
    RANK_FELL_TWO_PERIODS = "rank_fell_two_periods"
    ON_PACE_AND_RANK_MET = "on_pace_and_rank_met"


# Gaps are judged as they are shown: in points at this many decimals, rounded half up, so a gap
# printed as 0.0 is on pace (never "慢于序时进度 0.0 个百分点").
GAP_DECIMALS = 1


@dataclass(frozen=True, kw_only=True)
class WarningFacts:
    """What the rules look at for one (indicator, region, period).

    ``pace_gap_pp`` / ``growth_gap_pp``: points, positive is favourable, kept at the shown
    precision (``GAP_DECIMALS``). ``yoy_pct``: the raw YoY rate in percent; ``direction`` says
    which sign is adverse. ``growth_targeted``: the indicator has a growth-rate target this year.
    ``group``: the peer group that decides the rank facts (its name); ``rank_target``: the worst
    rank that still meets the target (e.g. 3 for 金华前三). ``rank_change`` /
    ``previous_rank_change``: places moved up this period and the one before (negative is a fall).
    """

    reported: bool
    deadline_passed: bool = False
    pace_gap_pp: Number | None = None
    growth_gap_pp: Number | None = None
    yoy_pct: Number | None = None
    growth_targeted: bool = False
    direction: Direction = Direction.HIGHER_BETTER
    group: str | None = None
    rank: int | None = None
    rank_target: int | None = None
    rank_change: int | None = None
    previous_rank_change: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "direction", Direction(self.direction))
        for name in ("pace_gap_pp", "growth_gap_pp"):
            gap = getattr(self, name)
            object.__setattr__(self, name, None if gap is None else float(published(gap, GAP_DECIMALS)))

    @property
    def places_below_rank_target(self) -> int | None:
        if self.rank is None or self.rank_target is None:
            return None
        return self.rank - self.rank_target

    def columns(self) -> dict[str, np.ndarray]:
        """The facts as the conditions read them: numbers (NaN for unknown) and booleans."""

        def number(x):
            return np.float64("nan" if x is None else float(x))

        facts = {
            "reported": np.bool_(self.reported), "deadline_passed": np.bool_(self.deadline_passed),
            "growth_targeted": np.bool_(self.growth_targeted),
            "lower": np.bool_(self.direction is Direction.LOWER_BETTER),
            **{name: number(getattr(self, name)) for name in (
                "pace_gap_pp", "growth_gap_pp", "yoy_pct", "rank", "rank_target", "rank_change", "previous_rank_change"
            )},
        }
        facts["below"] = facts["rank"] - facts["rank_target"]
        return facts


# Each condition once, over columns of facts (numpy arrays of any shape; NaN is "not known", and a
# comparison with NaN is false): the engine applies it to every cell of a period at once, and
# ``WarningRule.matches`` to one cell's facts (``WarningFacts.columns``).
Facts = Mapping[str, np.ndarray]


def _adverse_growth(f: Facts) -> np.ndarray:
    yoy = f["yoy_pct"]
    return f["growth_targeted"] & np.where(f["lower"], yoy > 0, yoy < 0)


def _on_pace_and_rank_met(f: Facts) -> np.ndarray:
    # Green needs a reported figure and at least one criterion to judge; every criterion that
    # can be judged must be met (a missing rank target is not a miss).
    pace, growth, below = f["pace_gap_pp"], f["growth_gap_pp"], f["below"]
    judged = ~np.isnan(pace) | ~np.isnan(growth) | ~np.isnan(below)
    return f["reported"] & judged & ~((pace < 0) | (growth < 0) | (below > 0))


CONDITIONS: dict[Condition, Callable[[Facts, float | None], np.ndarray]] = {
    Condition.NOT_REPORTED_AFTER_DEADLINE: lambda f, t: ~f["reported"] & f["deadline_passed"],
    Condition.NEGATIVE_GROWTH_WHEN_TARGETED: lambda f, t: _adverse_growth(f),
    Condition.BEHIND_PACE_MORE_THAN: lambda f, t: f["pace_gap_pp"] < -t,
    Condition.BEHIND_GROWTH_MORE_THAN: lambda f, t: f["growth_gap_pp"] < -t,
    Condition.RANK_BELOW_TARGET_BY_MORE_THAN: lambda f, t: f["below"] > t,
    Condition.BEHIND_PACE_UP_TO: lambda f, t: (-t <= f["pace_gap_pp"]) & (f["pace_gap_pp"] < 0),
    Condition.BEHIND_GROWTH_UP_TO: lambda f, t: (-t <= f["growth_gap_pp"]) & (f["growth_gap_pp"] < 0),
    Condition.RANK_BELOW_TARGET_BY: lambda f, t: (0 < f["below"]) & (f["below"] <= t),
    Condition.RANK_FELL_TWO_PERIODS: lambda f, t: (f["rank_change"] < 0) & (f["previous_rank_change"] < 0),
    Condition.ON_PACE_AND_RANK_MET: lambda f, t: _on_pace_and_rank_met(f),
}
THRESHOLD_CONDITIONS = frozenset({
    Condition.BEHIND_PACE_MORE_THAN, Condition.BEHIND_GROWTH_MORE_THAN, Condition.RANK_BELOW_TARGET_BY_MORE_THAN,
    Condition.BEHIND_PACE_UP_TO, Condition.BEHIND_GROWTH_UP_TO, Condition.RANK_BELOW_TARGET_BY,
})


class Cause(IntFlag):
    """What a warning is about; a red turns yellow only once a later period has made up its causes."""

    PACE = 1
    GROWTH = 2
    RANK = 4
    RANK_TREND = 8
    REPORT = 16


CAUSE_OF: dict[Condition, Cause] = {
    Condition.NOT_REPORTED_AFTER_DEADLINE: Cause.REPORT,
    Condition.NEGATIVE_GROWTH_WHEN_TARGETED: Cause.GROWTH,
    Condition.BEHIND_PACE_MORE_THAN: Cause.PACE,
    Condition.BEHIND_GROWTH_MORE_THAN: Cause.GROWTH,
    Condition.RANK_BELOW_TARGET_BY_MORE_THAN: Cause.RANK,
    Condition.BEHIND_PACE_UP_TO: Cause.PACE,
    Condition.BEHIND_GROWTH_UP_TO: Cause.GROWTH,
    Condition.RANK_BELOW_TARGET_BY: Cause.RANK,
    Condition.RANK_FELL_TWO_PERIODS: Cause.RANK_TREND,
    Condition.ON_PACE_AND_RANK_MET: Cause(0),
}
# When a period has made up each cause (over columns of facts, like the conditions).
CAUSE_MET: dict[Cause, Callable[[Facts], np.ndarray]] = {
    Cause.PACE: lambda f: f["pace_gap_pp"] >= 0,
    Cause.GROWTH: lambda f: (f["growth_gap_pp"] >= 0) & ~_adverse_growth(f),
    Cause.RANK: lambda f: f["below"] <= 0,
    Cause.RANK_TREND: lambda f: f["rank_change"] >= 0,
    Cause.REPORT: lambda f: f["reported"],
}


def causes_met(f: Facts) -> np.ndarray:
    """The causes each cell has made up, as ``Cause`` bits (an integer array)."""
    met = np.zeros(np.broadcast(*f.values()).shape, dtype=np.int16)
    for cause, test in CAUSE_MET.items():
        met = met | np.where(test(f), int(cause), 0).astype(np.int16)
    return met


def closing_period(causes: int, later: Iterable[tuple[K, int]]) -> K | None:
    """The first of the later periods (period, causes met), in order, that made up every cause of a red."""
    if not causes:
        return None
    return next((period for period, met in later if met & causes == causes), None)


# Names a reason template may use, e.g. "慢于序时进度 {behind_pace_pp:.1f} 个百分点", each with
# the facts it prints.
TEMPLATE_FIELDS: dict[str, tuple[str, ...]] = {
    "threshold": (),
    "pace_gap_pp": ("pace_gap_pp",), "behind_pace_pp": ("pace_gap_pp",),
    "growth_gap_pp": ("growth_gap_pp",), "behind_growth_pp": ("growth_gap_pp",),
    "yoy_pct": ("yoy_pct",), "yoy_change_zh": ("yoy_pct",), "yoy_change_en": ("yoy_pct",),
    "group": ("group",), "rank": ("rank",), "rank_target": ("rank_target",),
    "rank_below_target": ("rank", "rank_target"),
    "rank_change": ("rank_change",), "rank_drop": ("rank_change",), "previous_rank_drop": ("previous_rank_change",),
}


def _negate(value: Number | None) -> Number | None:
    return None if value is None else -value


def _template_values(facts: WarningFacts, threshold: float | None) -> dict[str, Any]:
    yoy = facts.yoy_pct
    yoy_size = None if yoy is None else format_one_decimal(abs(yoy))
    return {
        "threshold": threshold,
        "pace_gap_pp": facts.pace_gap_pp,
        "behind_pace_pp": _negate(facts.pace_gap_pp),
        "growth_gap_pp": facts.growth_gap_pp,
        "behind_growth_pp": _negate(facts.growth_gap_pp),
        "yoy_pct": yoy,
        "yoy_change_zh": None if yoy is None else f"{'下降' if yoy < 0 else '增长'} {yoy_size}%",
        "yoy_change_en": None if yoy is None else f"{'down' if yoy < 0 else 'up'} {yoy_size}%",
        "group": facts.group,
        "rank": facts.rank,
        "rank_target": facts.rank_target,
        "rank_below_target": facts.places_below_rank_target,
        "rank_change": facts.rank_change,
        "rank_drop": _negate(facts.rank_change),
        "previous_rank_drop": _negate(facts.previous_rank_change),
    }


def format_one_decimal(value: Number) -> str:
    """One decimal, rounding half up as published statistics do (8.05 → 8.1)."""
    return _format_half_up(value, ".1f")


def _format_half_up(value: Number, spec: str) -> str:
    # Through the decimal string of the value, so 8.05 (stored as 8.0499…) rounds up.
    with localcontext() as context:
        context.rounding = ROUND_HALF_UP
        return format(Decimal(str(value)), spec)


class _ReasonFormatter(string.Formatter):
    """str.format that shows a missing value as "—" and rounds fixed-point half up."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if value is None:
            return "—"
        if isinstance(value, float | Decimal) and format_spec.endswith("f"):
            return _format_half_up(value, format_spec)
        return super().format_field(value, format_spec)


_REASON_FORMATTER = _ReasonFormatter()

# Levels a rule may assign; "none" is what no match means, never a rule's verdict.
RULE_LEVELS = frozenset({WarningLevel.RED, WarningLevel.PENDING, WarningLevel.YELLOW, WarningLevel.GREEN})


@dataclass(frozen=True)
class WarningRule:
    """One row of the rule list. Strings from storage are accepted and checked here."""

    order: int
    level: WarningLevel
    condition: Condition
    threshold: float | None
    reason_template_zh: str
    reason_template_en: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "level", WarningLevel(self.level))
        object.__setattr__(self, "condition", Condition(self.condition))
        if self.level not in RULE_LEVELS:
            raise ValueError(f"a rule cannot assign level {self.level!r}")
        if self.condition is Condition.NOT_REPORTED_AFTER_DEADLINE and self.level is WarningLevel.GREEN:
            raise ValueError("a figure not reported by its deadline is never green")
        takes_threshold = self.condition in THRESHOLD_CONDITIONS
        if takes_threshold and (self.threshold is None or self.threshold < 0):
            raise ValueError(f"{self.condition} needs a threshold of zero or more")
        if not takes_threshold and self.threshold is not None:
            raise ValueError(f"{self.condition} takes no threshold")
        for template in (self.reason_template_zh, self.reason_template_en):
            unknown = {
                name for _, name, _, _ in string.Formatter().parse(template) if name is not None
            } - TEMPLATE_FIELDS.keys()
            if unknown:
                raise ValueError(f"unknown field(s) {sorted(unknown)} in reason template {template!r}")

    def matches(self, facts: WarningFacts) -> bool:
        return bool(self.test(facts.columns()))

    def test(self, facts: Facts) -> np.ndarray:
        """The condition over columns of facts (see ``CONDITIONS``)."""
        return CONDITIONS[self.condition](facts, self.threshold)

    def reasons(self, facts: WarningFacts) -> tuple[str, str]:
        values = _template_values(facts, self.threshold)
        return (
            _REASON_FORMATTER.vformat(self.reason_template_zh, (), values),
            _REASON_FORMATTER.vformat(self.reason_template_en, (), values),
        )


_BEHIND_PACE_ZH = "慢于序时进度 {behind_pace_pp:.1f} 个百分点"
_BEHIND_PACE_EN = "behind pace by {behind_pace_pp:.1f} points"
_BEHIND_GROWTH_ZH = "低于目标增速 {behind_growth_pp:.1f} 个百分点"
_BEHIND_GROWTH_EN = "below the target growth rate by {behind_growth_pp:.1f} points"
_RANK_BELOW_ZH = "{group}第{rank}位，目标前{rank_target}"
_RANK_BELOW_EN = "ranked {rank} in {group}, target top {rank_target}"

# DESIGN §3 defaults, top to bottom.
DEFAULT_RULES: tuple[WarningRule, ...] = (
    WarningRule(10, WarningLevel.PENDING, Condition.NOT_REPORTED_AFTER_DEADLINE, None,
                "截至报送时限未报送", "not reported by the deadline"),
    WarningRule(20, WarningLevel.RED, Condition.NEGATIVE_GROWTH_WHEN_TARGETED, None,
                "同比{yoy_change_zh}，与增速目标方向相反",
                "year on year {yoy_change_en}, against the growth target"),
    WarningRule(30, WarningLevel.RED, Condition.BEHIND_PACE_MORE_THAN, 5, _BEHIND_PACE_ZH, _BEHIND_PACE_EN),
    WarningRule(40, WarningLevel.RED, Condition.BEHIND_GROWTH_MORE_THAN, 5, _BEHIND_GROWTH_ZH, _BEHIND_GROWTH_EN),
    WarningRule(50, WarningLevel.RED, Condition.RANK_BELOW_TARGET_BY_MORE_THAN, 1, _RANK_BELOW_ZH, _RANK_BELOW_EN),
    WarningRule(60, WarningLevel.YELLOW, Condition.BEHIND_PACE_UP_TO, 5, _BEHIND_PACE_ZH, _BEHIND_PACE_EN),
    WarningRule(70, WarningLevel.YELLOW, Condition.BEHIND_GROWTH_UP_TO, 5, _BEHIND_GROWTH_ZH, _BEHIND_GROWTH_EN),
    WarningRule(80, WarningLevel.YELLOW, Condition.RANK_BELOW_TARGET_BY, 1, _RANK_BELOW_ZH, _RANK_BELOW_EN),
    WarningRule(90, WarningLevel.YELLOW, Condition.RANK_FELL_TWO_PERIODS, None,
                "位次较上期下降 {rank_drop} 位，连续两期下降",
                "rank down {rank_drop} place(s), the second fall in a row"),
    WarningRule(100, WarningLevel.GREEN, Condition.ON_PACE_AND_RANK_MET, None,
                "达到序时进度和位次目标", "on pace and rank target met"),
)


@dataclass(frozen=True)
class WarningResult:
    """The level, the reasons in Chinese and English, and the deciding rule's order.

    The reasons are those of every matching rule at the deciding level, in rule
    order, so a red for pace that is also red for rank says both.
    """

    level: WarningLevel
    reasons: list[str] = field(default_factory=list)
    reasons_en: list[str] = field(default_factory=list)
    rule_order: int | None = None
    causes: int = 0  # for a red: the ``Cause`` bits of the matching red rules


def evaluate(facts: WarningFacts, rules: Iterable[WarningRule] = DEFAULT_RULES) -> WarningResult:
    """Try the rules by ``order``; the first that matches decides. No match is ``none``."""
    matching = [rule for rule in sorted(rules, key=lambda r: r.order) if rule.matches(facts)]
    if not matching:
        return WarningResult(WarningLevel.NONE)
    deciding = matching[0]
    at_level = [rule for rule in matching if rule.level is deciding.level]
    reasons = [rule.reasons(facts) for rule in at_level]
    causes = 0
    for rule in at_level if deciding.level is WarningLevel.RED else ():
        causes |= int(CAUSE_OF[rule.condition])
    return WarningResult(
        deciding.level,
        [zh for zh, _ in reasons],
        [en for _, en in reasons],
        deciding.order,
        causes,
    )


def catch_up_reason_zh(closed_by: Hashable) -> str:
    return f"前期红灯，{closed_by}已追平差距"


def catch_up_level(evaluated_level: WarningLevel | str, *, closed_by: Hashable | None) -> tuple[WarningLevel, str | None]:
    """The level to display for a period, given the later period that made up its causes.

    A red period whose causes a later period has made up (``closing_period``) shows yellow;
    any other level is shown as evaluated. ``closed_by`` is that later period (None if none has).
    The evaluated level is the caller's to keep as history: nothing is changed here.
    """
    level = WarningLevel(evaluated_level)
    if level is WarningLevel.RED and closed_by is not None:
        return WarningLevel.YELLOW, catch_up_reason_zh(closed_by)
    return level, None


@dataclass(frozen=True)
class RollUp:
    """The worst level and a count per level (every level listed, most severe first)."""

    worst: WarningLevel
    counts: dict[WarningLevel, int]


def roll_up(levels: Iterable[WarningLevel | str]) -> RollUp:
    """What a task force, department or category shows: the worst of what it owns."""
    counted = Counter(WarningLevel(level) for level in levels)
    counts = {level: counted[level] for level in SEVERITY_ORDER}
    worst = next((level for level in SEVERITY_ORDER if counts[level]), WarningLevel.NONE)
    return RollUp(worst, counts)
