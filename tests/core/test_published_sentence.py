"""The published-form sentence of a ranked indicator, hand-computed cases."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from duban.core.published import Place, Reference, figure_words, printed, published_sentence

JINHUA, PROVINCE = "金华", "全省"


def sentence(**overrides):
    args = dict(
        name="规上工业增加值",
        figure=8.8,
        reference=Reference(PROVINCE, 7.6),
        places=[Place(JINHUA, 4, change=None), Place(PROVINCE, 46, change=2)],
    )
    return published_sentence(**{**args, **overrides})


def test_the_issue_example_with_one_known_move():
    assert sentence() == "规上工业增加值增长8.8%，高于全省1.2个百分点，居金华第4位、全省第46位，较上月全省前移2位"


def test_one_group_reads_as_the_bulletin_prints_it():
    assert (
        published_sentence(figure=8.1, reference=Reference(PROVINCE, 6.9), places=[Place(PROVINCE, 6, change=2)])
        == "增长8.1%，高于全省1.2个百分点，居全省第6位，较上月前移2位"
    )


def test_ties_are_written_jointly():
    places = [Place(JINHUA, 4, tied=True, change=-1), Place(PROVINCE, 46, change=-1)]
    assert sentence(places=places) == "规上工业增加值增长8.8%，高于全省1.2个百分点，居金华并列第4位、全省第46位，较上月均后移1位"


def test_moves_in_each_group_are_named():
    places = [Place(JINHUA, 2, change=1), Place(PROVINCE, 30, change=-3)]
    assert sentence(places=places).endswith("居金华第2位、全省第30位，较上月金华前移1位、全省后移3位")
    places = [Place(JINHUA, 2, change=0), Place(PROVINCE, 30, change=5)]
    assert sentence(places=places).endswith("较上月金华持平、全省前移5位")


def test_unchanged_ranks():
    assert sentence(places=[Place(JINHUA, 2, change=0)]).endswith("居金华第2位，与上月持平")
    places = [Place(JINHUA, 2, change=0), Place(PROVINCE, 30, change=0)]
    assert sentence(places=places).endswith("位次均与上月持平")


def test_a_region_not_yet_ranked_is_written_as_such():
    places = [Place(JINHUA, 3, change=1), Place(PROVINCE, None)]
    assert sentence(places=places) == "规上工业增加值增长8.8%，高于全省1.2个百分点，居金华第3位，全省暂未排名，较上月前移1位"
    noted = [Place(JINHUA, None, note="待公布（已公布 3/9）"), Place(PROVINCE, None)]
    assert sentence(places=noted) == "规上工业增加值增长8.8%，高于全省1.2个百分点，金华位次待公布（已公布 3/9），全省暂未排名"


def test_decline_below_the_reference_and_level_with_it():
    assert sentence(figure=-2.35, reference=Reference(PROVINCE, 1.0), places=[]) == "规上工业增加值下降2.4%，低于全省3.4个百分点"
    assert sentence(figure=7.6, places=[]) == "规上工业增加值增长7.6%，与全省持平"


def test_difference_is_of_the_printed_figures():
    # 8.14 prints 8.1 and 6.86 prints 6.9: the printed difference is 1.2, not 1.3.
    assert sentence(figure=8.14, reference=Reference(PROVINCE, 6.86), places=[]).endswith("高于全省1.2个百分点")


def test_a_tiny_decline_prints_as_zero_growth():
    assert sentence(figure=-0.04, reference=None, places=[]) == "规上工业增加值增长0.0%"


def test_missing_figure():
    assert sentence(figure=None, places=[Place(JINHUA, None)]) == "规上工业增加值尚未公布，金华暂未排名"


def test_levels_print_in_their_unit_and_compare_only_percentages():
    assert published_sentence(name="高新技术企业数", figure=652, growth=False, unit="家",
                              reference=Reference(PROVINCE, 500), places=[Place(JINHUA, 3, change=-1)]) == (
        "高新技术企业数652家，居金华第3位，较上月后移1位")
    assert published_sentence(name="R&D经费投入强度", figure=2.854, growth=False, unit="%",
                              reference=Reference(PROVINCE, 3.1), places=[Place(JINHUA, 2)],
                              previous_word="上年") == "R&D经费投入强度2.85%，低于全省0.25个百分点，居金华第2位"


def test_other_previous_word():
    assert sentence(places=[Place(JINHUA, 3, change=2)], previous_word="上季度").endswith("较上季度前移2位")


def test_decimal_inputs():
    assert sentence(figure=Decimal("12"), reference=Reference(PROVINCE, Decimal("6.5")), places=[]) == (
        "规上工业增加值增长12.0%，高于全省5.5个百分点")


def test_figure_words():
    assert figure_words(8.05, growth=True) == "增长8.1%"
    assert figure_words(312.4, growth=False, unit="亿元") == "312.40亿元"


@given(st.decimals(min_value=-1000, max_value=1000, places=3), st.decimals(min_value=-1000, max_value=1000, places=3))
def test_the_printed_difference_adds_back_up(a, b):
    # Whatever the sentence says, reading it back gives the printed figures' difference.
    words = published_sentence(figure=a, reference=Reference("全省", b))
    gap = printed(a) - printed(b)
    if gap == 0:
        assert "与全省持平" in words
    else:
        assert f"{'高于' if gap > 0 else '低于'}全省{abs(gap)}个百分点" in words
