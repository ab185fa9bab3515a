"""The cockpit's new words read in English through the language switch (Chinese stays the default)."""

import json
import re

from django.contrib.auth.models import User

from .test_default_period import months  # noqa: F401  (fixture)


def test_cockpit_pages_in_english(months, client):  # noqa: F811
    client.force_login(User.objects.create_user("leader", password="pw-for-test-1"))
    client.cookies["django_language"] = "en"
    html = client.get("/cockpit/").content.decode()
    assert "Red indicators" in html and ">Quarterly<" in html and "(1/3 published)" in html
    assert "Mar 2024" in html and "Apr 2024 (1/3 published)" in html  # the period picker, in English too
    assert ">YoY %<" in html and ">time progress %<" in html and ">worst<" in html  # the tables' headings
    assert "月度指标0" in html  # indicator names are data, shown as entered
    indicator = client.get("/cockpit/indicator/m0/?period=2024-03").content.decode()
    assert "Completion / time progress" in indicator and 'data-title="Rank over time"' in indicator
    assert _chart_labels(indicator)["yoy"] == "YoY%"  # the charts' series and axes
    assert _chart_labels(indicator)["time_progress"] == "Time progress%"
    board = client.get("/cockpit/board/").content.decode()
    assert "Mean rank" in board
    screen = client.get("/cockpit/?projector=1").content.decode()
    assert "Overdue tasks" in screen and "Leave projector" in screen
    client.cookies["django_language"] = "zh-hans"
    html = client.get("/cockpit/").content.decode()
    assert "红灯指标" in html and "2024年3月" in html
    assert _chart_labels(client.get("/cockpit/indicator/m0/?period=2024-03").content.decode())["yoy"] == "同比%"


def _chart_labels(html: str) -> dict:
    found = re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))["labels"]
