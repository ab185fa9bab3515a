"""Property: a cell is read at the precision its number format shows, rounded half up in decimal
arithmetic (``published``), so the ranks of the figures read equal the competition ranks of the
figures rounded as published, whatever the float noise in the cells."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from duban.core.ranking import published, rank_competition, rank_published
from duban.imports.tabular import read_sheets
from duban.observations.shown import shown_text

# Growth rates with two or three decimals, often landing on a half, plus binary noise.
figures = st.lists(
    st.builds(lambda cents, noise: cents / 100 + noise, st.integers(-3000, 3000), st.sampled_from([0, 1e-14, -1e-14, 1e-12])),
    min_size=2, max_size=13,
)


@settings(max_examples=40, deadline=None)
@given(figures=figures, decimals=st.integers(0, 2), direction=st.sampled_from(["higher_better", "lower_better"]))
def test_read_figures_rank_as_the_rounded_ones(tmp_path_factory, figures, decimals, direction):
    book = Workbook()
    sheet = book.active
    number_format = "0" if decimals == 0 else "0." + "0" * decimals
    for figure in figures:
        sheet.append([figure])
        sheet.cell(sheet.max_row, 1).number_format = number_format
    path = tmp_path_factory.mktemp("book") / "b.xlsx"
    book.save(path)
    [read] = read_sheets(path)
    shown = [Decimal(shown_text(read, row, 0)) for row in range(len(figures))]
    assert shown == [published(figure, decimals) for figure in figures]
    by_read = {i: r.rank for i, r in rank_published(dict(enumerate(shown)), direction, decimals).items()}
    rounded = {i: published(f, decimals) for i, f in enumerate(figures)}
    assert by_read == {i: r.rank for i, r in rank_competition(rounded, direction).items()}
