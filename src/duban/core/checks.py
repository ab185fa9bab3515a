"""Plausibility checks on incoming figures, with the reason in Chinese.

Each check takes plain numbers and returns a ``CheckResult`` or None. An error blocks
the figure; a warning lets it through once a person gives a reason (kept in the ledger).

- ``check_range``: outside the indicator's declared min/max → error.
- ``check_ytd_not_falling``: a YTD value below the year's previous YTD value of a flow
  that cannot be negative → warning (a cumulative sum of non-negative parts cannot fall,
  so one of the two figures is wrong; when the new one is the authoritative published
  figure, the person says so with a reason).
- ``check_growth_consistency``: reported growth differs from the growth computed from
  the value and last year's value by more than a tolerance (default 0.5 points) → warning
  (bureaus publish growth on a comparable basis, so some gap is normal).
- ``check_outlier``: modified z-score 0.6745·(x − median)/MAD against the region's own
  history above a threshold (default 3.5, Iglewicz & Hoaglin) → warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from duban.core.numbers import format_number
from duban.core.pace import yoy_pct

Number = float | int | Decimal

ERROR = "error"
WARNING = "warning"

DEFAULT_GROWTH_TOLERANCE_PP = 0.5
DEFAULT_OUTLIER_Z = 3.5
# Fewer points than this say too little about a region's normal range.
MIN_HISTORY = 6
# 0.6745 is the 75th percentile of the standard normal: it makes MAD comparable to a standard deviation.
MAD_SCALE = 0.6745


@dataclass(frozen=True)
class CheckResult:
    severity: str  # ERROR | WARNING
    check: str  # range | ytd_falling | growth_mismatch | outlier
    reason: str

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def as_dict(self) -> dict:
        return {"severity": self.severity, "check": self.check, "reason": self.reason}


def _show(value: Number) -> str:
    return format_number(Decimal(str(value)))


def check_range(value: Number | None, minimum: Number | None, maximum: Number | None, unit: str = "") -> CheckResult | None:
    if value is None:
        return None
    if minimum is not None and value < minimum:
        return CheckResult(ERROR, "range", f"数值 {_show(value)}{unit} 低于合理下限 {_show(minimum)}{unit}")
    if maximum is not None and value > maximum:
        return CheckResult(ERROR, "range", f"数值 {_show(value)}{unit} 高于合理上限 {_show(maximum)}{unit}")
    return None


def check_ytd_not_falling(
    ytd: Number | None, previous_ytd: Number | None, previous_label: str, unit: str = ""
) -> CheckResult | None:
    if ytd is None or previous_ytd is None or ytd >= previous_ytd:
        return None
    return CheckResult(
        WARNING, "ytd_falling",
        f"累计值 {_show(ytd)}{unit} 小于{previous_label}的累计值 {_show(previous_ytd)}{unit}：非负流量指标的累计值不会下降",
    )


def check_growth_consistency(
    value: Number | None,
    last_year_value: Number | None,
    reported_yoy_pct: Number | None,
    *,
    tolerance_pp: Number = DEFAULT_GROWTH_TOLERANCE_PP,
) -> CheckResult | None:
    """The tolerance widens by what rounding of the printed figures can explain: 1.62 vs
    1.56 (each ±0.005) leaves the true growth anywhere within about ±0.6 points."""
    computed = yoy_pct(value, last_year_value)
    if computed is None or reported_yoy_pct is None:
        return None
    allowed = max(float(tolerance_pp), rounding_slack_pp(value, last_year_value, reported_yoy_pct))
    gap = float(reported_yoy_pct) - computed
    if abs(gap) <= allowed:
        return None
    return CheckResult(
        WARNING, "growth_mismatch",
        f"填报增速 {float(reported_yoy_pct):.1f}% 与按去年同期值 {_show(last_year_value)} 计算的 {computed:.1f}% "
        f"相差 {abs(gap):.1f} 个百分点（容差 {allowed:.2g} 个百分点）",
    )


def _half_unit(number: Number) -> float:
    """Half a unit in the last printed place of a Decimal; 0 for binary numbers (no printed form)."""
    if not isinstance(number, Decimal):
        return 0.0
    return 0.5 * 10.0 ** min(number.as_tuple().exponent, 0)


def rounding_slack_pp(value: Number, last_year_value: Number, reported_yoy_pct: Number) -> float:
    """Largest growth gap, in points, that rounding of the three printed figures alone can cause."""
    base = abs(float(last_year_value))
    slack = 100 * (_half_unit(value) / base + abs(float(value)) * _half_unit(last_year_value) / base**2)
    return slack + _half_unit(reported_yoy_pct)


def modified_z_score(value: Number, history: Sequence[Number], *, min_mad: float = 0.0) -> float | None:
    """0.6745·(x − median)/MAD; None with fewer than MIN_HISTORY points or a zero MAD
    (a flat history gives no scale to judge a departure by).

    ``min_mad`` floors the MAD: a very steady history would otherwise flag a departure
    smaller than the figure's ordinary noise (a growth rate moving by half a point).
    """
    if len(history) < MIN_HISTORY:
        return None
    points = [float(h) for h in history]
    centre = median(points)
    mad = max(median(abs(p - centre) for p in points), min_mad)
    if mad == 0:
        return None
    return MAD_SCALE * (float(value) - centre) / mad


def check_outlier(
    value: Number | None,
    history: Sequence[Number],
    *,
    threshold: float = DEFAULT_OUTLIER_Z,
    min_mad: float = 0.0,
    what: str = "数值",
) -> CheckResult | None:
    if value is None or len(history) < MIN_HISTORY:
        return None
    centre = median(float(h) for h in history)
    if min_mad and MAD_SCALE * abs(float(value) - centre) / min_mad <= threshold:
        return None  # cannot pass the threshold whatever the MAD: skip computing it (bulk imports)
    score = modified_z_score(value, history, min_mad=min_mad)
    if score is None or abs(score) <= threshold:
        return None
    side = "高于" if score > 0 else "低于"
    return CheckResult(
        WARNING, "outlier",
        f"{what} {_show(value)} 明显{side}本地区历史水平（近 {len(history)} 期中位数 {centre:.4g}，"
        f"修正 z 分数 {score:.1f}，阈值 {threshold:g}）",
    )
