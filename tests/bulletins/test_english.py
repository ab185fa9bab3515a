"""Bulletin pages read in English through the language switch; the documents stay Chinese."""

import re

from duban.bulletins.models import Document

from .conftest import PASSWORD


def test_review_page_in_english_keeps_the_review_itself_chinese(client, county, people):
    assert client.login(username="ducha", password=PASSWORD)
    client.cookies["django_language"] = "en"
    page = client.get("/bulletins/review/2024Q1/", {"as_of": "2024-04-20"}).content.decode()
    assert "Next steps (one per line" in page and "Save and produce the review report" in page
    assert "永康市2024年一季度复盘报告" in page
    summary = re.search(r"纳入监测的.*?</p>", page).group(0)
    assert "项：" in summary and not re.search(r"Red|Yellow|Green|Pending", summary)  # 红灯 2 项, not Red2项


def test_a_bulletin_produced_from_an_english_page_is_chinese(client, county, people):
    assert client.login(username="ducha", password=PASSWORD)
    client.cookies["django_language"] = "en"
    listing = client.get("/bulletins/").content.decode()
    assert "Produce the bulletin" in listing and "Preview and download" in listing
    client.post("/bulletins/generate/", {"kind": "bulletin", "period": "2024-03", "as_of": "2024-04-20"})
    text = str(Document.objects.get().content)
    assert "纳入监测的" in text and not re.search(r"\b(Red|Yellow|Green|Pending)\b", text)
