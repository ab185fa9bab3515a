"""The bulletin's 综合考核 section, in the Word document opened again."""

from duban.bulletins.content import build_bulletin
from duban.bulletins.render import render
from duban.core.periods import Period
from duban.imports.base import import_file

from bulletins.formats import docx_text

from .conftest import AS_OF, write_csv
from .test_commands import SCHEME


def test_bulletin_names_the_boards_and_lists_the_scores(scored, tmp_path):
    assert import_file(write_csv(tmp_path, "scheme.csv", SCHEME), "schemes").ok
    adj = "scheme,region,period,points,reason\nrace,330782,2024-03,-2.5,安全生产事故\n"
    assert import_file(write_csv(tmp_path, "adj.csv", adj), "score_adjustments").ok
    data = render(build_bulletin(scored["home"], Period.parse("2024-03"), as_of=AS_OF), "docx")
    paragraphs, tables = docx_text(data)
    assert any(p.endswith("综合考核红黑榜") for p in paragraphs)
    assert "红榜：县1（100.00分）、县3（88.67分）、县2（80.83分）。黑榜：县4（71.33分）、县5（24.00分）。" in paragraphs
    table = next(t for t in tables if t[0] == "位次|考核对象|得分|进退|加减分|说明")
    assert table[3].split("|") == ["3", "县2", "80.83", "↑2", "-2.50", "安全生产事故（-2.50分）"]
    assert table[5].split("|")[-1] == "缺数：规上工业增加值"


def test_no_scheme_no_section(scored):
    document = build_bulletin(scored["home"], Period.parse("2024-03"), as_of=AS_OF)
    assert not any("综合考核" in s["title"] for s in document["sections"])


def test_the_quarterly_review_carries_the_quarter_end_boards(scored, tmp_path):
    """No quarterly scheme: the review shows the monthly schemes at the quarter's last month."""
    from duban.bulletins.models import Review
    from duban.bulletins.review import build_review

    assert import_file(write_csv(tmp_path, "scheme.csv", SCHEME), "schemes").ok
    review = Review.objects.create(region=scored["home"], quarter="2024Q1")
    document = build_review(review, as_of=AS_OF)
    section = next(s for s in document["sections"] if s["title"].endswith("综合考核红黑榜"))
    texts = [block.get("text", "") for block in section["blocks"]]
    assert any(t.startswith("红榜：县1（100.00分）") for t in texts), texts
