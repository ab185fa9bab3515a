"""A report's date comes from the report or the person, never from the clock."""

from datetime import date

import pytest

from duban.core.report_dates import date_of_report, dateline_text

DATELINE = ["市委常委会召开扩大会议", "本报讯（融媒首席记者 陈晓苏）2月21日下午，市委常委会召开扩大会议。"]


def test_a_dateline_without_a_year_is_not_dated_by_itself():
    assert date_of_report(DATELINE) is None
    assert dateline_text(DATELINE) == "2月21日"


def test_the_given_date_supplies_the_year_of_the_dateline():
    found = date_of_report(DATELINE, given=date(2024, 2, 22))
    assert found.date == date(2024, 2, 21)
    assert "上传时填写" in found.source


def test_a_dateline_after_the_given_date_belongs_to_the_year_before():
    # A paper of 2 January reporting a meeting of 31 December.
    paragraphs = ["本报讯（记者 李敏）12月31日下午，会议召开。"]
    assert date_of_report(paragraphs, given=date(2025, 1, 2)).date == date(2024, 12, 31)


def test_the_masthead_issue_date_dates_the_dateline():
    paragraphs = ["永康日报 2024年4月3日 星期三 第1版", "本报讯（融媒记者 周晓燕）4月2日上午，市委常委会召开会议。"]
    found = date_of_report(paragraphs)
    assert found.date == date(2024, 4, 2)
    assert not found.year_inferred


def test_a_full_dateline():
    assert date_of_report(["本报讯（记者 陈晨）2024年5月9日下午，全市防汛防台工作会议召开。"]).date == date(2024, 5, 9)


def test_the_plan_year_dates_a_bare_dateline():
    assert date_of_report(DATELINE, plan_year=2024).date == date(2024, 2, 21)


def test_the_year_the_report_names_is_inferred_and_marked():
    paragraphs = [*DATELINE, "会议通报了2023年工作推进情况和2024年开年工作情况。", "到2027年，全面建成。"]
    found = date_of_report(paragraphs)
    assert found.date == date(2024, 2, 21)
    assert found.year_inferred and "请核对" in found.source


@pytest.mark.parametrize("later", ["并于7月20日前将整改情况报市督查室。", "自3月1日起施行。"])
def test_a_deadline_or_start_is_not_a_dateline(later):
    paragraphs = ["本报讯（记者 应芳）近日，市督查室开展专项督查。", later]
    assert dateline_text(paragraphs) is None
    assert date_of_report(paragraphs, given=date(2024, 7, 8)).date == date(2024, 7, 8)


def test_the_photo_caption_date_before_the_byline_is_not_the_meeting():
    paragraphs = ["2月23日上午，系列活动在市图书馆开幕。融媒记者 王佳涵 摄", *DATELINE[1:]]
    assert date_of_report(paragraphs, given=date(2024, 2, 24)).date == date(2024, 2, 21)
