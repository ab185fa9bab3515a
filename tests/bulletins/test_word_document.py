"""The Word bulletin opened again: GB/T 9704 page, the sentences, the table's rows and numbers,
the page-number field, the publicly listed task."""

from docx import Document as open_docx

from duban.bulletins.content import build_bulletin
from duban.bulletins.render import render
from duban.core.periods import Period

from .conftest import AS_OF
from .formats import docx_text


def test_word_bulletin(county, late_task):
    import io

    data = render(build_bulletin(county["home"], Period.parse("2024-03"), as_of=AS_OF), "docx")
    paragraphs, tables = docx_text(data)
    assert paragraphs[0] == "永康市主要指标完成情况通报\n（2024年1-3月）"
    assert "1．规上工业增加值增长8.8%，高于全省1.2个百分点，居金华并列第2位、全省并列第4位，较上月均前移2位。" in paragraphs
    assert any("予以通报：经信局牵头的“技改项目开工”（逾期26天）" in p for p in paragraphs)
    table = tables[-1]  # the appendix
    assert table[0].startswith("指标|单位|年度目标|当期值|累计值|同比%")
    assert table[1].split("|")[0] == "工业"  # the category band
    assert table[2].split("|") == ["规上工业增加值", "亿元", "增长8%；金华前3", "—", "—", "8.8", "—", "25.0", "—",
                                   "并列2/5", "↑2", "并列4/8", "↑2", "绿灯"]
    assert table[4].split("|")[0] == "出口总额" and table[4].split("|")[5] == "-2.0"
    overdue = next(t for t in tables if t[0].startswith("序号|任务"))
    assert overdue[1].split("|")[:2] == ["1", "技改项目开工"] and overdue[1].split("|")[5] == "26"

    doc = open_docx(io.BytesIO(data))
    first, appendix = doc.sections[0], doc.sections[-1]
    def mm(*lengths):
        return tuple(round(length.mm) for length in lengths)

    assert mm(first.page_width, first.page_height) == (210, 297)
    assert mm(first.top_margin, first.bottom_margin, first.left_margin, first.right_margin) == (37, 35, 28, 26)
    assert appendix.page_width > appendix.page_height  # the wide table is landscape
    footer = first.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —") and "PAGE" in footer._p.xml
    assert doc.styles["DubanBody"].font.size.pt == 16 and doc.styles["DubanTitle"].font.size.pt == 22
