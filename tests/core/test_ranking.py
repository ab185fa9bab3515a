from decimal import Decimal

import pytest

from duban.core.pace import Direction
from duban.core.ranking import RankRow, Strength, rank_change, rank_competition, share_pct, strength


class TestRankCompetition:
    def test_ties_share_the_best_rank_and_the_next_skips(self):
        ranks = rank_competition({"a": 9.0, "b": 7.5, "c": 7.5, "d": 3.0}, Direction.HIGHER_BETTER)
        assert {k: row.rank for k, row in ranks.items()} == {"a": 1, "b": 2, "c": 2, "d": 4}
        assert ranks["a"] == RankRow(9.0, 1, 4)

    def test_lower_better_ranks_smallest_first(self):
        ranks = rank_competition({"a": 9.0, "b": 7.5, "c": 7.5, "d": 3.0}, "lower_better")
        assert {k: row.rank for k, row in ranks.items()} == {"a": 4, "b": 2, "c": 2, "d": 1}

    def test_missing_figures_are_listed_not_ranked(self):
        ranks = rank_competition({"a": 1.0, "b": None, "c": 2.0, "d": float("nan")}, Direction.HIGHER_BETTER)
        assert ranks["b"] == RankRow(None, None, 2)
        assert ranks["d"].rank is None
        assert ranks["c"] == RankRow(2.0, 1, 2)
        assert ranks["a"] == RankRow(1.0, 2, 2)

    def test_negative_growth_rates_and_decimals(self):
        growth = {"永康": Decimal("-1.2"), "义乌": Decimal("8.1"), "东阳": Decimal("0"), "兰溪": 2.5}
        ranks = rank_competition(growth, "higher_better")
        assert [ranks[k].rank for k in ("义乌", "兰溪", "东阳", "永康")] == [1, 2, 3, 4]

    def test_empty_and_all_missing(self):
        assert rank_competition({}, Direction.HIGHER_BETTER) == {}
        assert rank_competition({"a": None}, Direction.HIGHER_BETTER) == {"a": RankRow(None, None, 0)}


class TestRankChange:
    def test_moving_up_is_positive(self):
        assert rank_change(5, 3) == 2

    def test_moving_down_is_negative(self):
        assert rank_change(3, 6) == -3

    @pytest.mark.parametrize("previous, current", [(None, 3), (3, None)])
    def test_missing(self, previous, current):
        assert rank_change(previous, current) is None


class TestShare:
    def test_share_of_group_total(self):
        assert share_pct(25, [25, 50, None, 25]) == pytest.approx(25.0)

    def test_missing_value_or_non_positive_total(self):
        assert share_pct(None, [1, 2]) is None
        assert share_pct(0, [0, 0]) is None
        assert share_pct(5, [5, -10]) is None


class TestStrength:
    @pytest.mark.parametrize(
        "rank, expected",
        [(1, "strong"), (3, "strong"), (4, "middle"), (6, "middle"), (7, "weak"), (9, "weak")],
    )
    def test_thirds_of_nine(self, rank, expected):
        assert strength(rank, 9) == expected

    def test_thirds_round_up(self):
        # of = 10 → a third is 4 places: 1–4 strong, 5–6 middle, 7–10 weak.
        assert [strength(r, 10) for r in (4, 5, 6, 7)] == [
            Strength.STRONG,
            Strength.MIDDLE,
            Strength.MIDDLE,
            Strength.WEAK,
        ]

    def test_tiny_groups(self):
        assert strength(1, 1) == "strong"
        assert (strength(1, 2), strength(2, 2)) == ("strong", "weak")

    def test_unranked(self):
        assert strength(None, 9) is None
        assert strength(1, 0) is None


def test_figures_tie_when_they_print_the_same_at_one_decimal():
    from decimal import Decimal

    from duban.core.ranking import published, rank_published

    # 6.64 and 6.55 both print as 6.6; 6.65 prints as 6.7 (half up, not to even); float noise ignored.
    assert published(6.65, 1) == Decimal("6.7")
    assert published(6.17000000000001, 1) == Decimal("6.2")
    assert published(1.005, 2) == Decimal("1.01")
    ranks = rank_published({"a": 6.64, "b": 6.55, "c": 6.65, "d": None, "e": 4.958}, "higher_better", 1)
    assert {k: r.rank for k, r in ranks.items()} == {"c": 1, "a": 2, "b": 2, "d": None, "e": 4}
    assert ranks["e"].figure == Decimal("5.0")
