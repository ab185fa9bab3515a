import re
from datetime import date
from pathlib import Path

import pytest

from duban.core.extraction import (
    CandidateTask,
    find_directives,
    is_directive,
    named_targets,
    rebuild_paragraphs,
    sentences_of,
    short_title,
    split_sentences,
)
from duban.core.leads import LeadHints

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
assert SEED_FILES, f"seed reports missing under {SEEDS}"
DEPARTMENTS = ["经信局", "科技局", "商务局", "发改局", "财政局", "统计局", "自然资源局", "住建局"]
KEYWORDS = {"项目": "发改局", "投资": "发改局", "工业": "经信局", "技改": "经信局", "企业": "经信局",
            "科技": "科技局", "创新": "科技局", "外贸": "商务局", "出口": "商务局", "财政": "财政局",
            "税收": "财政局", "数字经济": "经信局"}
HINTS = LeadHints(keywords=KEYWORDS, departments=DEPARTMENTS)
FEB_21 = date(2024, 2, 21)
JAN_1 = date(2025, 1, 1)

# An excerpt of seeds/000 exactly as printed: column breaks, blank lines between.
COLUMN_TEXT = """ 本报讯（融媒首席记者 陈晓苏）

2 月 21 日下午，市委常委会召开扩大会

议，研究我市贯彻落实意见；听取春节期

间各项工作汇报，部署一季度“开门红”

工作。

市委书记胡勇春主持会议。

会议强调，开局关乎全局，起步决定

走势。调度要再强化，坚持“以日保周、以

周保旬、以旬保月、以月保季”，用好指数

监测预警、清单落实、定期通报、督查督

办等机制，确保各自负责的工作不拖后

腿、走在前列，奋力夺取首季“开门红”，

推动实现全年“满堂彩”。

会议审议并原则通过了《永康市开

展“五战双强”行动实施方案》，还研究了

其他事项。
"""

TERMINAL = re.compile(r"[。！？!?；;][”’」』）)】]*$")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- rebuild_paragraphs ----------------------------------------------------------

def test_rebuild_paragraphs_joins_column_lines():
    assert rebuild_paragraphs(COLUMN_TEXT) == [
        "本报讯（融媒首席记者 陈晓苏）2月21日下午，市委常委会召开扩大会议，研究我市贯彻落实"
        "意见；听取春节期间各项工作汇报，部署一季度“开门红”工作。",
        "市委书记胡勇春主持会议。",
        "会议强调，开局关乎全局，起步决定走势。调度要再强化，坚持“以日保周、以周保旬、以旬保月、"
        "以月保季”，用好指数监测预警、清单落实、定期通报、督查督办等机制，确保各自负责的工作不拖后腿、"
        "走在前列，奋力夺取首季“开门红”，推动实现全年“满堂彩”。",
        "会议审议并原则通过了《永康市开展“五战双强”行动实施方案》，还研究了其他事项。",
    ]


def test_short_lines_and_indented_lines_end_paragraphs():
    text = (
        " 对标奋进 对表攻坚\n"
        " 本报讯（记者 张三）3月8日下午，全市公安工作会议召开。会\n"
        "议强调，要把牢政治第一属性，在深学细悟中提升政治素养\n"
        "，当好永远听党指挥的“忠诚卫士”。\n"
        "这句承诺 他坚持了20年\n"
    )
    assert rebuild_paragraphs(text) == [
        "对标奋进 对表攻坚",
        "本报讯（记者 张三）3月8日下午，全市公安工作会议召开。会议强调，要把牢政治第一属性，"
        "在深学细悟中提升政治素养，当好永远听党指挥的“忠诚卫士”。",
        "这句承诺 他坚持了20年",
    ]


def test_rebuild_paragraphs_of_empty_text():
    assert rebuild_paragraphs("") == []
    assert rebuild_paragraphs("\n\n  \n") == []


def test_broken_english_words_get_their_space_back():
    text = "Lorem ipsum dolor sit amet consectetur\nadipiscing elit sed do eiusmod tempor.\n"
    assert rebuild_paragraphs(text) == [
        "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor."
    ]


# --- split_sentences -------------------------------------------------------------

def test_split_sentences_keeps_marks_and_closing_quotes():
    paragraph = "会议强调，开局关乎全局。他说：“要奔跑！”要确保落实；一是加快项目建设；还研究了其他事项"
    assert split_sentences(paragraph) == [
        "会议强调，开局关乎全局。",
        "他说：“要奔跑！”",
        "要确保落实；",
        "一是加快项目建设；",
        "还研究了其他事项",
    ]


def test_split_sentences_of_empty_paragraph():
    assert split_sentences("") == []


# --- is_directive ----------------------------------------------------------------

@pytest.mark.parametrize(
    "sentence",
    [
        "全市上下要认真学习贯彻重要讲话精神。",
        "必须守住安全底线。",
        "确保优势指标持续提升、弱势指标不拖后腿。",
        "会议强调，加快补齐短板。",
        "着力加强党的政治建设。",
        "推动项目工作提速提质提效。",
        "全力以赴夺取“开门红”。",
        "会议要求，各镇街立即开展隐患排查。",
        "二要完善预案体系。",
        "严禁以文件落实文件。",
        "一是新开工亿元以上项目20个；",
        "（二）深化“日跟踪、周监测”机制。",
        "3.实施技改项目60个。",
    ],
)
def test_directives(sentence):
    assert is_directive(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "市委书记胡勇春主持会议。",
        "多项主要指标好于预期，重点领域表现亮眼。",
        "全面阐明以加快发展新质生产力推动高质量发展的现实意义、方法路径和重要举措。",
        "按照省委、金华市委决策部署，对标奋进。",
        "聚焦“三能”要求。",
        "2024年是中华人民共和国成立75周年。",
        "2.5亿元投资已经到位。",
        # What the meeting did: heard, approved, relayed.
        "听取春节期间各项工作汇报，部署一季度“开门红”工作。",
        "会议审议并原则通过了《永康市开展“五战双强”行动实施方案》，还研究了其他事项。",
        "会议传达学习了省委全会精神。",
        # 要 that is no modal verb: an assessment, a purpose, a word.
        "成绩来之不易，但也要清醒看到，部分指标位次仍然靠后。",
        "要打好组合拳，离不开全体民警的共同努力。",
        "燃气安全事关群众生命财产安全，容不得半点闪失。",
        "聚焦“三能”要求。",
        "大家一致认为，这是加强纪律建设、推动全面从严治党的重要举措。",
    ],
)
def test_not_directives(sentence):
    assert not is_directive(sentence)


# --- find_directives -------------------------------------------------------------

def test_find_directives_on_column_text():
    candidates = find_directives(COLUMN_TEXT, report_date=FEB_21)
    directive, plan = candidates
    assert directive.kind == "directive"
    assert directive.text == (
        "调度要再强化，坚持“以日保周、以周保旬、以旬保月、以月保季”，用好指数监测预警、清单落实、"
        "定期通报、督查督办等机制，确保各自负责的工作不拖后腿、走在前列，奋力夺取首季“开门红”，"
        "推动实现全年“满堂彩”。"
    )
    assert (directive.deadline_text, directive.deadline.due) == ("首季", date(2024, 3, 31))
    assert directive.paragraph_index == 2
    assert directive.keywords and all(isinstance(k, str) for k in directive.keywords)
    # The approved plan is one candidate: implement it, pointing at its title.
    assert plan.kind == "plan"
    assert plan.text == "贯彻落实《永康市开展“五战双强”行动实施方案》"
    paragraphs = rebuild_paragraphs(COLUMN_TEXT)
    [span] = plan.spans
    assert paragraphs[span.paragraph][span.start:span.end] == "《永康市开展“五战双强”行动实施方案》"


def test_spans_point_at_the_source_text():
    paragraphs = rebuild_paragraphs(COLUMN_TEXT)
    for candidate in find_directives(COLUMN_TEXT, report_date=FEB_21):
        if candidate.kind == "directive":
            [span] = candidate.spans
            assert paragraphs[span.paragraph][span.start:span.end] == candidate.text
    for sentence in sentences_of(paragraphs):
        assert paragraphs[sentence.span.paragraph][sentence.span.start:sentence.span.end] == sentence.text


def test_a_numbered_heading_goes_with_the_sentence_after_it():
    text = "会议强调，一要加快隐患排查整改。水利局要牵头开展排查，5月31日前完成。二要完善预案体系。"
    first, second = find_directives(text, report_date=date(2024, 5, 9))
    assert first.text == "会议强调，一要加快隐患排查整改。水利局要牵头开展排查，5月31日前完成。"
    assert first.deadline.due == date(2024, 5, 31)
    assert second.text == "二要完善预案体系。"


def test_each_approved_document_is_one_candidate():
    text = "会议审议并原则通过了《永康市促进消费扩容提质若干措施》《永康市国有资产管理办法（修订）》。"
    candidates = find_directives(text, report_date=date(2024, 7, 1), hints=LeadHints(keywords={"消费": "商务局"}))
    assert [c.text for c in candidates] == [
        "贯彻落实《永康市促进消费扩容提质若干措施》", "贯彻落实《永康市国有资产管理办法（修订）》",
    ]
    assert candidates[0].lead.lead == "商务局"


@pytest.mark.parametrize(
    ("sentence", "deadline_text", "due"),
    [
        ("要在3月底前完成技改项目备案。", "3月底前", date(2025, 3, 31)),
        ("要确保6月30日前全面开工。", "6月30日前", date(2025, 6, 30)),
        ("要力争上半年完成投资40亿元。", "上半年", date(2025, 6, 30)),
        ("必须在年内完成。", "年内", date(2025, 12, 31)),
        ("要在2024年底前完成验收。", "2024年底前", date(2024, 12, 31)),
        ("要在十二月底前完成。", "十二月底前", date(2025, 12, 31)),
        ("要在第二季度末前完成。", "第二季度末前", date(2025, 6, 30)),
    ],
)
def test_deadline_phrases_inside_directives(sentence, deadline_text, due):
    [candidate] = find_directives(sentence, report_date=JAN_1)
    assert candidate.deadline_text == deadline_text
    assert candidate.deadline.due == due


def test_recurring_deadline_inside_a_directive():
    [candidate] = find_directives("要每月28日前报送指标进展。", report_date=JAN_1)
    assert candidate.deadline_text == "每月28日前"
    assert candidate.deadline.recurrence == "monthly"
    assert candidate.deadline.monthly_day == 28


@pytest.mark.parametrize(
    "sentence",
    [
        "要总结3月8日召开的会议精神。",   # an event date, not a deadline
        "要巩固去年底以来的回升态势。",   # the past
        "要在三年内建成示范区。",         # a span, not the year end
        "要推动实现“开门红、季季旺、全年胜”。",  # a slogan in quotes
        "要巩固截至3月底的回升势头。",  # as of, not by
    ],
)
def test_phrases_that_are_not_deadlines(sentence):
    [candidate] = find_directives(sentence, report_date=JAN_1)
    assert candidate.deadline_text is None
    assert candidate.deadline is None


def test_numbered_measures_become_candidates():
    text = "会议要求：一是新开工亿元以上项目20个；二是组织企业参加境外展会100家次；三是研究其他事项。"
    texts = [c.text for c in find_directives(text, report_date=FEB_21)]
    assert texts == [
        "会议要求：一是新开工亿元以上项目20个；",
        "二是组织企业参加境外展会100家次；",
        "三是研究其他事项。",
    ]


def test_suggested_lead_prefers_a_named_department():
    [candidate] = find_directives("要由财政局会同发改局加快项目资金拨付。", report_date=FEB_21, hints=HINTS)
    assert candidate.lead.lead == "财政局"
    assert "发改局" in candidate.lead.cooperating


@pytest.mark.parametrize(
    ("sentence", "lead"),
    [
        ("要强化项目支撑，扩大有效投资。", "发改局"),
        ("要加快工业技改，服务企业发展。", "经信局"),
        ("要加强科技创新。", "科技局"),
        ("要稳外贸促出口。", "商务局"),
        ("要抓好财政税收。", "财政局"),
        ("要用心用情抓好民生保障工作。", None),
    ],
)
def test_suggested_lead_from_keywords(sentence, lead):
    [candidate] = find_directives(sentence, report_date=FEB_21, hints=HINTS)
    assert candidate.lead.lead == lead


# --- titles and targets ------------------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        ("会议强调，要强化项目支撑，坚持一切围绕项目转。", "强化项目支撑"),
        ("同时，要更好统筹安全和发展，用心用情抓好民生保障工作。", "更好统筹安全和发展"),
        ("商务局要会同经信局加大外贸企业帮扶力度，组织企业参展。", "会同经信局加大外贸企业帮扶力度"),
        ("调度要再强化，坚持“以日保周”。", "调度要再强化"),
        ("二是抓投资。各项目业主单位要每月5日前报送。", "抓投资"),
    ],
)
def test_short_titles(sentence, title):
    assert short_title(sentence) == title


def test_named_targets():
    sentence = "要锚定“金华前三、全省前列”目标，上半年完成固定资产投资120亿元以上，新开工项目15个，增速达到8%以上。"
    assert named_targets(sentence) == ("金华前三", "全省前列", "120亿元以上", "15个", "8%以上")
    assert named_targets("要认真学习贯彻重要讲话精神。") == ()


# --- the seed reports --------------------------------------------------------------

@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_seed_paragraphs_lose_nothing_and_have_no_line_breaks(path):
    text = path.read_text(encoding="utf-8")
    paragraphs = rebuild_paragraphs(text)
    assert len(paragraphs) >= 8
    assert all("\n" not in p for p in paragraphs)
    assert _squeeze("".join(paragraphs)) == _squeeze(text)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_seed_directives_are_whole_sentences(path):
    text = path.read_text(encoding="utf-8")
    paragraphs = rebuild_paragraphs(text)
    candidates = [c for c in find_directives(text, report_date=FEB_21, hints=HINTS) if c.kind == "directive"]
    assert len(candidates) >= 5
    for candidate in candidates:
        assert isinstance(candidate, CandidateTask)
        assert "\n" not in candidate.text
        assert TERMINAL.search(candidate.text), candidate.text
        paragraph = paragraphs[candidate.paragraph_index]
        start = candidate.spans[0].start
        # It starts where a sentence starts: at the paragraph start or after a stop.
        assert start == 0 or TERMINAL.search(paragraph[:start]), candidate.text
        assert candidate.text in split_sentences(paragraph)


def test_seed_000_directives():
    text = (SEEDS / "000_bd9b75ef619eb89a.txt").read_text(encoding="utf-8")
    candidates = find_directives(text, report_date=FEB_21, hints=HINTS)
    texts = [c.text for c in candidates]
    # A clause printed over three column lines comes back whole.
    assert any("加快传统五金产业高端化、智能化、绿色化升级改造" in t for t in texts)
    assert any(t.startswith("同时，要更好统筹安全和发展") for t in texts)
    deadlines = {c.deadline_text: c.deadline.due for c in candidates if c.deadline}
    assert deadlines == {"首季": date(2024, 3, 31)}
    # Narrative sentences are not directives; the approved plan is offered once.
    assert not any(t.startswith(("市委书记胡勇春主持会议", "听取春节期间", "会议审议并原则通过")) for t in texts)
    assert texts[-1] == "贯彻落实《永康市开展“五战双强”行动实施方案》"
    # Addressed to the whole city: the supervision office chooses the lead.
    whole = next(c for c in candidates if c.text.startswith("全市上下要认真学习"))
    assert whole.lead.office_choice and whole.lead.lead is None


def test_seed_002_directives():
    text = (SEEDS / "002_19399a9d8488aa63.txt").read_text(encoding="utf-8")
    candidates = find_directives(text, report_date=date(2024, 3, 7), hints=HINTS)
    by_start = {c.text[:8]: c for c in candidates}
    project = by_start["要强化项目支撑，"]
    assert project.lead.lead == "发改局"
    assert project.text.endswith("以工作主动性赢得发展主动权。")
    assert "要强化调度精准，" in by_start
    assert "要聚焦争先进位的" in by_start
    assert not any(c.text.startswith("市委副书记、市长郑云涛主持会议") for c in candidates)
