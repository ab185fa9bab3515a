"""The bulletin's 重大项目 section, from the projects' colours; the Word file opened again."""

import io
from datetime import date

from docx import Document as Docx

from duban.bulletins.content import build_bulletin, projects_section
from duban.bulletins.render import render
from duban.catalogue.models import Region
from duban.core.periods import Period
from duban.projects.bulletin import colours


def test_section_counts_colours_and_lists_the_flagged(demo_projects):
    section = projects_section(Period.parse("2024-06"))
    counts = colours(Period.parse("2024-06"))["summary"]["counts"]
    assert section["title"] == "重大项目推进"
    first = section["blocks"][0]["text"]
    assert f"红灯{counts['red']}个、黄灯{counts['yellow']}个、绿灯{counts['green']}个" in first
    assert "占全市固定资产投资的" in first  # 172.5亿元 published for 2024-06 in the fixture
    table = section["blocks"][1]
    assert len(table["rows"]) == counts["red"] + counts["yellow"]
    assert table["rows"][0]["level"] == "red"
    assert projects_section(Period.parse("2024Q2")) is None


def test_no_projects_no_section(world):
    assert projects_section(Period.parse("2024-06")) is None


def test_word_bulletin_has_the_projects(demo_projects):
    content = build_bulletin(Region.objects.get(code="330784"), Period.parse("2024-06"), as_of=date(2024, 7, 20))
    text = "\n".join(p.text for p in Docx(io.BytesIO(render(content, "docx"))).paragraphs)
    assert "重大项目推进" in text and "纳入监测的42个重大项目" in text


def test_section_is_json(demo_projects):
    import json

    json.dumps(projects_section(Period.parse("2024-06")), ensure_ascii=False)  # stored documents are JSON
