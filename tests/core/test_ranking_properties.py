from hypothesis import given
from hypothesis import strategies as st

from duban.core.pace import Direction
from duban.core.ranking import rank_competition

# Few distinct values so that ties are common.
figure = st.one_of(st.none(), st.integers(-5, 5).map(float), st.floats(-1e6, 1e6, allow_nan=False))
figures_by_region = st.dictionaries(st.text(min_size=1, max_size=4), figure, max_size=30)
direction = st.sampled_from(list(Direction))


def better(a: float, b: float, direction: Direction) -> bool:
    return a > b if direction is Direction.HIGHER_BETTER else a < b


@given(figures_by_region, direction)
def test_ranks_within_one_to_of_and_every_present_figure_ranked(figures, direction):
    ranks = rank_competition(figures, direction)
    present = [k for k, v in figures.items() if v is not None]
    assert ranks.keys() == figures.keys()
    assert sum(row.rank is not None for row in ranks.values()) == len(present)
    for key, row in ranks.items():
        assert row.of == len(present)
        assert (row.rank is None) == (figures[key] is None)
        if row.rank is not None:
            assert 1 <= row.rank <= row.of


@given(figures_by_region, direction)
def test_rank_is_one_plus_the_number_strictly_better(figures, direction):
    ranks = rank_competition(figures, direction)
    present = [v for v in figures.values() if v is not None]
    for key, value in figures.items():
        if value is not None:
            assert ranks[key].rank == 1 + sum(better(other, value, direction) for other in present)


@given(figures_by_region, direction)
def test_order_follows_figures(figures, direction):
    ranks = rank_competition(figures, direction)
    present = [k for k, v in figures.items() if v is not None]
    for a in present:
        for b in present:
            if better(figures[a], figures[b], direction):
                assert ranks[a].rank < ranks[b].rank
            if figures[a] == figures[b]:
                assert ranks[a].rank == ranks[b].rank


@given(figures_by_region)
def test_flipping_direction_reverses_the_order(figures):
    up = rank_competition(figures, Direction.HIGHER_BETTER)
    down = rank_competition(figures, Direction.LOWER_BETTER)
    present = [k for k, v in figures.items() if v is not None]
    for a in present:
        for b in present:
            assert (up[a].rank < up[b].rank) == (down[a].rank > down[b].rank)


@given(figures_by_region, direction, st.randoms(use_true_random=False))
def test_input_order_does_not_matter(figures, direction, random):
    items = list(figures.items())
    random.shuffle(items)
    assert rank_competition(dict(items), direction) == rank_competition(figures, direction)


# Figures with float noise and few distinct published values, so ties at one decimal are common.
noisy = st.one_of(st.none(), st.integers(-300, 300).map(lambda n: n / 40), st.floats(-1e4, 1e4, allow_nan=False))


@given(st.dictionaries(st.text(min_size=1, max_size=4), noisy, max_size=30), direction, st.integers(0, 3))
def test_ranks_at_published_precision_are_competition_ranks_of_the_rounded_figures(figures, direction, decimals):
    from decimal import ROUND_HALF_UP, Decimal

    from duban.core.ranking import rank_published

    rounded = {k: None if v is None else Decimal(repr(v)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
               for k, v in figures.items()}
    expected = rank_competition(rounded, direction)
    assert {k: r.rank for k, r in rank_published(figures, direction, decimals).items()} == {
        k: r.rank for k, r in expected.items()}
