"""Hand-computed checks of composite scoring (duban.core.scoring), one method at a time."""

from decimal import Decimal as D

import pytest

from duban.core.scoring import (
    Item, Method, SchemeError, TargetCheck, parse_bands, parse_gates, score, score_item,
)


def pts(scores):
    return {s: (r.points, r.missing) for s, r in scores.items()}


def test_rank_ties_share_the_rank_points_and_missing_scores_zero():
    item = Item("gdp", D(10), Method.RANK)
    # 8.84 and 8.76 both print as 8.8: they share 1st; C is 3rd: 10 × (100 − 5 × 2) % = 9.00.
    out = score_item(item, {"A": 8.84, "B": 8.76, "C": 7.0, "D": None})
    assert pts(out) == {"A": (D("10.00"), False), "B": (D("10.00"), False), "C": (D("9.00"), False),
                        "D": (D("0.00"), True)}
    assert [out[s].rank for s in "ABCD"] == [1, 1, 3, None]


def test_rank_points_are_floored_at_zero_and_lower_is_better_ranks_the_smallest_first():
    item = Item("energy", D(4), Method.RANK, direction="lower_better", step=D(30))
    out = score_item(item, {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5})
    # ranks 1..5: 100 %, 70 %, 40 %, 10 %, −20 % → 0
    assert [out[s].points for s in "ABCDE"] == [D("4.00"), D("2.80"), D("1.60"), D("0.40"), D("0.00")]


def test_efficacy_higher_and_lower_is_better():
    higher = Item("x", D(20), Method.EFFICACY)
    # min 6, max 10: 10 → 20 × 100 % = 20; 6 → 20 × 60 % = 12; 8 → 20 × (60 + 40 × 0.5) % = 16
    assert [score_item(higher, {"A": 10, "B": 6, "C": 8})[s].points for s in "ABC"] == [D(20), D(12), D(16)]
    lower = Item("x", D(20), Method.EFFICACY, direction="lower_better")
    assert [score_item(lower, {"A": 10, "B": 6, "C": 8})[s].points for s in "ABC"] == [D(12), D(20), D(16)]
    # 7 in [5, 8]: 7 × (60 + 40 × 2/3) % = 7 × 86.667 % = 6.0667 → 6.07
    assert score_item(Item("x", D(7), Method.EFFICACY), {"A": 5, "B": 7, "C": 8})["B"].points == D("6.07")


def test_efficacy_all_equal_gives_full_marks_and_missing_are_left_out_of_min_max():
    item = Item("x", D(8), Method.EFFICACY, base=D(50), span=D(50))
    out = score_item(item, {"A": 3.0, "B": 3.04, "C": None})  # 3.04 prints as 3.0: all equal
    assert pts(out) == {"A": (D("8.00"), False), "B": (D("8.00"), False), "C": (D("0.00"), True)}


def test_target_met_full_weight_or_capped_completion_ratio():
    checks = {"A": TargetCheck(True, 104), "B": TargetCheck(False, 85.5), "C": None}
    met = score_item(Item("t", D(10), Method.TARGET), {"A": 5, "B": 4, "C": 3}, checks)
    assert pts(met) == {"A": (D("10.00"), False), "B": (D("0.00"), False), "C": (D("0.00"), True)}
    ratio = score_item(Item("t", D(10), Method.TARGET, ratio=True), {"A": 5, "B": 4, "C": 3}, checks)
    assert pts(ratio) == {"A": (D("10.00"), False), "B": (D("8.55"), False), "C": (D("0.00"), True)}


def test_threshold_bands_compare_the_published_figure():
    item = Item("g", D(5), Method.THRESHOLD, bands=parse_bands("≥10:100;≥8:80;<8:60"))
    out = score_item(item, {"A": 9.96, "B": 8, "C": 7.9, "D": None})  # 9.96 prints as 10.0
    assert pts(out) == {"A": (D("5.00"), False), "B": (D("4.00"), False), "C": (D("3.00"), False),
                        "D": (D("0.00"), True)}


def test_bad_bands_and_gates_are_refused():
    with pytest.raises(SchemeError):
        parse_bands("10:100")
    with pytest.raises(SchemeError):
        parse_bands("≥10:120")
    with pytest.raises(SchemeError):
        parse_gates("gdp 8")


def test_totals_gate_adjustment_ranks_and_change():
    items = [Item("a", D(50), Method.RANK, step=D(10)), Item("b", D(50), Method.THRESHOLD, bands=parse_bands("≥0:100"))]
    figures = {
        "a": {"X": 9, "Y": 8, "Z": 7},
        "b": {"X": 1, "Y": 1, "Z": None},
        "gdp": {"X": 7.5, "Y": 8.0, "Z": 9.0},
    }
    rows = score(
        ["X", "Y", "Z"], items, figures,
        gates=parse_gates("gdp≥8:90"),
        adjustments={"Y": D("-1.5"), "Z": 2},
        previous_ranks={"X": 3, "Y": 1},
    )
    by = {r.subject: r for r in rows}
    # X: 50 + 50 = 100, but gdp 7.5 < 8 caps it at 90 % of 100 = 90.00
    assert (by["X"].item_points, by["X"].score, by["X"].capped_by.key) == (D("90.00"), D("90.00"), "gdp")
    # Y: 45 + 50 − 1.5 = 93.50; Z: 40 + 0 (missing) + 2 = 42.00
    assert (by["Y"].score, by["Y"].capped_by) == (D("93.50"), None)
    assert by["Z"].score == D("42.00") and by["Z"].items[1].missing
    assert [(r.subject, r.rank, r.change) for r in rows] == [("Y", 1, 0), ("X", 2, 1), ("Z", 3, None)]


def test_equal_totals_share_a_rank():
    items = [Item("a", D(10), Method.EFFICACY)]
    rows = score(["P", "Q", "R"], items, {"a": {"P": 5, "Q": 5, "R": 1}})
    assert [(r.subject, r.score, r.rank) for r in rows] == [("P", D("10.00"), 1), ("Q", D("10.00"), 1), ("R", D("6.00"), 3)]


def test_a_gate_without_figures_is_an_error():
    with pytest.raises(SchemeError):
        score(["P"], [Item("a", D(10), Method.EFFICACY)], {"a": {"P": 1}}, gates=parse_gates("gdp≥8:90"))
