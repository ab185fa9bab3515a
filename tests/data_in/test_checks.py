"""The pure check functions, with hand-computed modified z-scores."""

from decimal import Decimal

import pytest

from duban.core import checks


def test_modified_z_score_hand_computed():
    # median 11.5; absolute deviations 1.5 .5 .5 .5 .5 1.5 → MAD 0.5; 0.6745 × 8.5 / 0.5 = 11.4665
    history = [10, 12, 11, 13, 12, 11]
    assert checks.modified_z_score(20, history) == pytest.approx(11.4665)
    assert checks.modified_z_score(12, history) == pytest.approx(0.6745)


def test_modified_z_score_threshold_edge():
    # median 4; deviations 3 2 1 0 1 2 3 → MAD 2
    history = [1, 2, 3, 4, 5, 6, 7]
    assert checks.modified_z_score(10, history) == pytest.approx(2.0235)  # 0.6745 × 6 / 2
    assert checks.check_outlier(10, history) is None
    result = checks.check_outlier(15, history)  # 0.6745 × 11 / 2 = 3.70975 > 3.5
    assert result.severity == checks.WARNING and "3.7" in result.reason and "高于" in result.reason
    assert checks.check_outlier(15, history, threshold=4.0) is None


def test_modified_z_score_needs_history_and_spread():
    assert checks.modified_z_score(5, [1, 2, 3]) is None  # too few points
    assert checks.modified_z_score(5, [2] * 8) is None  # MAD 0: no scale
    assert checks.modified_z_score(5, [2] * 8, min_mad=1) == pytest.approx(0.6745 * 3)


def test_range_is_an_error_in_chinese():
    assert checks.check_range(Decimal(5), Decimal(0), Decimal(10)) is None
    low = checks.check_range(Decimal(-1), Decimal(0), None, "家")
    assert low.is_error and "低于合理下限 0家" in low.reason
    assert "高于合理上限" in checks.check_range(11, None, 10).reason
    assert checks.check_range(None, 0, 10) is None


def test_ytd_falling():
    assert checks.check_ytd_not_falling(Decimal(12), Decimal(10), "2024年1-2月") is None
    falling = checks.check_ytd_not_falling(Decimal(9), Decimal(10), "2024年1-2月", "亿元")
    assert falling.check == "ytd_falling" and "小于2024年1-2月的累计值 10亿元" in falling.reason


def test_growth_consistency_tolerance_and_rounding():
    # 110.00 vs 100.00 is 10 %: 10.4 is within 0.5 points, 11.0 is not
    assert checks.check_growth_consistency(Decimal("110.00"), Decimal("100.00"), Decimal("10.4")) is None
    mismatch = checks.check_growth_consistency(Decimal("110.00"), Decimal("100.00"), Decimal("11.0"))
    assert mismatch.severity == checks.WARNING and "相差 1.0 个百分点" in mismatch.reason
    # 1.62 vs 1.56 printed to two places: rounding alone moves the growth by up to ~0.67 points
    assert checks.check_growth_consistency(Decimal("1.62"), Decimal("1.56"), Decimal("4.4")) is None
    assert checks.check_growth_consistency(Decimal("1.62"), None, Decimal("4.4")) is None
