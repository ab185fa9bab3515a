"""PDF and HTML come from one template: the PDF's Chinese text is extractable with pdftotext."""

import re

from duban.bulletins.content import build_bulletin
from duban.bulletins.render import render
from duban.core.periods import Period

from .conftest import AS_OF
from .formats import pdf_text


def test_pdf_and_html_say_the_same(county, late_task):
    content = build_bulletin(county["home"], Period.parse("2024-03"), as_of=AS_OF)
    html = render(content, "html").decode()
    assert "<h1>永康市主要指标完成情况通报<span class=\"period\">（2024年1-3月）</span></h1>" in html
    sentence = re.search(r"<p>1．(.*?)</p>", html).group(1)
    assert re.sub(r"<[^>]+>", "", sentence) == "规上工业增加值增长8.8%，高于全省1.2个百分点，居金华并列第2位、全省并列第4位，较上月均前移2位。"
    assert '<span class="nb">第2位</span>' in sentence  # a figure and its unit never part at a line end
    assert re.search(r"<td class=\"\">出口总额</td>.*?<td class=\"num\">-2.0</td>", html)
    assert 'src="data:image/png;base64,' in html  # charts are embedded

    pdf = render(content, "pdf")
    assert pdf.startswith(b"%PDF")
    text = re.sub(r"\s+", "", pdf_text(pdf))  # lines wrap anywhere in Chinese
    assert "永康市主要指标完成情况通报（2024年1-3月）" in text
    assert "规上工业增加值增长8.8%，高于全省1.2个百分点，居金华并列第2位、全省并列第4位，较上月均前移2位。" in text
    assert "予以通报：经信局牵头的“技改项目开工”（逾期26天）" in text
    assert "—1—" in text  # the page number
