"""The bulletin's words: published-form sentences with ties and moves, counts, strong and weak,
the group's total compared with, overdue and publicly listed tasks; a period without figures."""

import pytest

from duban.bulletins.content import build_bulletin
from duban.core.periods import Period

from .conftest import AS_OF


def texts(content) -> str:
    out = [content["title"]]
    for section in content["sections"]:
        out.append(section["title"])
        for block in section["blocks"]:
            out += [block.get("text", "")] + [item["text"] for item in block.get("items", [])]
            out += ["|".join(str(c) for c in row.get("cells", [])) + row.get("band", "") for row in block.get("rows", [])]
    return "\n".join(out)


@pytest.fixture
def march(county, late_task):
    return build_bulletin(county["home"], Period.parse("2024-03"), as_of=AS_OF)


def test_title_names_region_and_year_to_date(march):
    assert march["title"] == "永康市主要指标完成情况通报（2024年1-3月）"
    assert march["period"] == "2024-03" and march["period_label"] == "2024年1-3月"


def test_sentences_in_the_published_form(march):
    words = texts(march)
    assert "规上工业增加值增长8.8%，高于全省1.2个百分点，居金华并列第2位、全省并列第4位，较上月均前移2位。" in words
    assert "出口总额下降2.0%，低于全省5.0个百分点，居金华第5位、全省第8位，较上月金华后移1位、全省后移2位。" in words


def test_summary_counts_and_named_extremes(march):
    summary = march["sections"][0]
    assert summary["title"] == "一、总体情况"
    text = summary["blocks"][0]["text"]
    assert text.startswith("2024年1-3月，纳入监测的2项指标中，已评价2项：红灯1项、绿灯1项。")
    assert "出口总额（金华第5位）" in summary["blocks"][1]["text"]


def test_strong_and_weak_from_the_rank_thirds(march):
    strength = next(s for s in march["sections"] if s["title"].endswith("优势指标和弱势指标"))
    first = strength["blocks"][0]["text"]
    assert first == "在金华5县市区中，优势指标1项：规上工业增加值（第2位）；弱势指标1项：出口总额（第5位）。"


def test_warnings_and_lagging_departments(march):
    warned = next(s for s in march["sections"] if s["title"].endswith("预警指标"))
    rows = warned["blocks"][0]["rows"]
    assert rows[0]["cells"][:3] == ["出口总额", "商务局", "red"]
    lagging = next(s for s in march["sections"] if s["title"].endswith("落后部门"))
    names = [row["cells"][0] for row in lagging["blocks"][0]["rows"]]
    assert names[0] == "商务局" and "经信局" in names  # red first; 经信局 for its overdue task


def test_overdue_notice_and_public_listing(march):
    tasks = next(s for s in march["sections"] if s["title"].endswith("重点任务督办"))
    words = texts({"title": "", "sections": [tasks]})
    assert "技改项目开工" in words and "督办〔2024〕第1号" in words
    assert "予以通报：经信局牵头的“技改项目开工”（逾期26天）" in words


def test_indicator_table_is_the_appendix(march):
    table = march["sections"][-1]
    assert table["title"] == "附件 主要指标完成情况表" and table["landscape"]
    header = [c["title"] for c in table["blocks"][0]["columns"]]
    assert header[:3] == ["指标", "单位", "年度目标"] and "金华位次" in header and header[-1] == "预警"
    gyzjz = next(r for r in table["blocks"][0]["rows"] if r["cells"] and r["cells"][0] == "规上工业增加值")
    assert gyzjz["cells"][2] == "增长8%；金华前3" and gyzjz["cells"][5] == 8.8
    assert gyzjz["cells"][9] == {"rank": 2, "of": 5, "tied": True} and gyzjz["cells"][10] == 2


def test_a_period_without_figures_says_so(county):
    content = build_bulletin(county["home"], Period.parse("2023-06"), as_of=AS_OF)
    assert "尚无已公布的指标数据" in content["sections"][0]["blocks"][0]["text"]
    assert not any(s["title"].startswith("附件") for s in content["sections"])


def test_no_period_at_all(county):
    content = build_bulletin(county["home"], None, as_of=AS_OF)
    assert content["period"] == "" and "暂无已公布数据" in content["title"]
