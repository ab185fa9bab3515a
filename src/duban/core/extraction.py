"""Meeting reports → candidate tasks.

A report as it reaches the office (a newspaper page, a PDF's text) is broken at
the print columns: lines end mid-sentence, with blank lines in between. This
module rebuilds the paragraphs, splits sentences, picks the directive sentences
(要…, 必须…, 确保…, 加快…, numbered measures …), pulls out their deadlines and
suggests a lead department. A person confirms every candidate before it becomes a
task.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import jieba.analyse

from duban.core.deadlines import Deadline, DeadlineError, parse_deadline

__all__ = [
    "DEFAULT_LEAD_KEYWORDS",
    "CandidateTask",
    "find_directives",
    "is_directive",
    "rebuild_paragraphs",
    "split_sentences",
]

# Department → words that suggest it as the lead. Deployments pass their own mapping.
DEFAULT_LEAD_KEYWORDS: Mapping[str, tuple[str, ...]] = {
    "发改局": ("项目", "投资"),
    "经信局": ("工业", "技改", "企业", "制造业", "数字经济"),
    "科技局": ("科技", "创新", "研发"),
    "商务局": ("外贸", "出口", "招商", "消费"),
    "财政局": ("财政", "税收"),
    "统计局": ("统计",),
}


@dataclass(frozen=True)
class CandidateTask:
    """A directive sentence proposed as a task; nothing here is final."""

    text: str
    deadline_text: str | None
    deadline: Deadline | None
    suggested_lead: str | None
    keywords: tuple[str, ...]
    paragraph_index: int


def rebuild_paragraphs(text: str) -> list[str]:
    """Undo print-column line breaks: one string per paragraph, in order.

    A paragraph ends at a line ending a sentence (。！？, maybe followed by a
    closing quote) or at a line clearly shorter than the column; a line that
    starts indented starts a new paragraph. Blank lines carry no meaning: the
    column layout puts them everywhere.
    """
    lines = [
        (line[0].isspace(), _tidy(line.strip())) for line in text.splitlines() if line.strip()
    ]
    if not lines:
        return []
    column = statistics.median(_width(piece) for _, piece in lines)

    paragraphs: list[str] = []
    current = ""
    for indented, piece in lines:
        if current and indented:
            paragraphs.append(current)
            current = ""
        current = _join(current, piece)
        if _SENTENCE_END_AT_LINE_END.search(piece) or _width(piece) < _SHORT_LINE * column:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def split_sentences(paragraph: str) -> list[str]:
    """Split at 。！？ and ；, keeping the mark (and a closing quote after it)."""
    return [s.strip() for s in _SENTENCE.findall(paragraph) if s.strip()]


def find_directives(
    text: str,
    *,
    plan_year: int,
    known_departments: Iterable[str] = (),
    lead_keywords: Mapping[str, Iterable[str]] = DEFAULT_LEAD_KEYWORDS,
) -> list[CandidateTask]:
    """The directive sentences of a meeting report, as candidate tasks in text order.

    ``plan_year`` dates year-less deadlines (``3月底前``). A department from
    ``known_departments`` named in the sentence is the suggested lead; otherwise
    ``lead_keywords`` decide, restricted to ``known_departments`` when given.
    """
    departments = list(known_departments)
    candidates = []
    for index, paragraph in enumerate(rebuild_paragraphs(text)):
        for sentence in split_sentences(paragraph):
            if not is_directive(sentence):
                continue
            deadline_text, deadline = _find_deadline(sentence, plan_year)
            candidates.append(
                CandidateTask(
                    text=sentence,
                    deadline_text=deadline_text,
                    deadline=deadline,
                    suggested_lead=_suggest_lead(sentence, departments, lead_keywords),
                    keywords=tuple(jieba.analyse.extract_tags(sentence, topK=5)),
                    paragraph_index=index,
                )
            )
    return candidates


def is_directive(sentence: str) -> bool:
    """True for a sentence that asks for something to be done."""
    if _MODAL.search(sentence):
        return True
    # Numbered measures: 一是…, （二）…, 3. … at the start or after a colon (会议要求：一是…).
    if any(_NUMBERED_MEASURE.match(part) for part in _COLON.split(sentence)):
        return True
    # 加快/推动/部署… count only where a clause starts with them: inside a clause
    # they are usually nouns (以加快发展新质生产力推动高质量发展的现实意义, 决策部署).
    clauses = _CLAUSE_BREAK.split(sentence)
    return any(clause.startswith(_ACTION_VERBS) for clause in clauses)


# --- paragraphs -----------------------------------------------------------------

# A line this much narrower than the median line ends its paragraph (titles, bylines,
# the last line of a paragraph).
_SHORT_LINE = 0.8
_CLOSERS = "”’」』）)】"
_SENTENCE_END_AT_LINE_END = re.compile(f"[。！？!?][{_CLOSERS}]*$")
# PDF and newspaper text puts spaces around digits: "2 月 21 日", "3310 专班".
_DIGIT_SPACING = re.compile(
    r"(?<=[0-9])[ \u3000]+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])[ \u3000]+(?=[0-9])"
)


def _width(text: str) -> int:
    """Printed width: CJK characters take two columns, ASCII one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


def _tidy(line: str) -> str:
    return _DIGIT_SPACING.sub("", line)


def _join(left: str, right: str) -> str:
    # Only an English word broken at the column needs a space back.
    if _is_latin(left[-1:]) and _is_latin(right[:1]):
        return f"{left} {right}"
    return left + right


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalpha()


# --- sentences and directives -----------------------------------------------------

_SENTENCE = re.compile(f"[^。！？!?；;]+(?:[。！？!?；;]+[{_CLOSERS}]*|$)")
_NUMBERED_MEASURE = re.compile(
    r"(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、"
    r"|\d+[.、．](?!\d)|[（(]\d+[）)])"
)
# 要 as a modal verb, not inside 重要/主要/需要/要求/要素 and the like.
_MODAL = re.compile(r"必须|(?<![重主需纪摘概提简只首必])要(?![求素点闻件害塞务])")
_ACTION_VERBS = ("确保", "加快", "着力", "推动", "全力", "务必", "力争", "部署")
_CLAUSE_BREAK = re.compile(r"[，,：:、]")
_COLON = re.compile(r"[：:]")


# --- deadlines and leads ----------------------------------------------------------

_CN = "一二三四五六七八九十"
# Deadline phrases inside running text. Stricter than parse_deadline on purpose: a
# bare "3月8日" in a report is when something happened, "3月8日前" is a deadline.
_DEADLINE_IN_TEXT = re.compile(
    rf"(?:\d{{4}}年)?(?:\d{{1,2}}|[{_CN}]{{1,3}})月"
    rf"(?:(?:底|末|上旬|中旬|下旬)(?:前|之前|以前)?|(?:\d{{1,2}}|[{_CN}]{{1,3}})[日号](?:前|之前|以前))"
    rf"|(?:\d{{4}}年)?(?:第|前)?[一二三四1-4]季度末?(?:前)?"
    r"|首季"
    r"|(?:\d{4}年)?[上下]半年"
    r"|\d{4}年(?:底|末|内)(?:前|之前)?"
    # Not 去年底 (past) nor 三年内 (a span of years).
    r"|(?<![去前明\d一二三四五六七八九十两几多])(?:今|本)?年(?:底|末|内)(?:前|之前)?"
    r"|每月(?:\d{1,2}[日号](?:前|之前)?|底)?|每季度|每周"
)


def _find_deadline(sentence: str, plan_year: int) -> tuple[str | None, Deadline | None]:
    for match in _DEADLINE_IN_TEXT.finditer(sentence):
        try:
            return match.group(0), parse_deadline(match.group(0), plan_year=plan_year)
        except DeadlineError:
            continue  # e.g. 2月30日前: not a date, keep looking
    return None, None


def _suggest_lead(
    sentence: str, departments: list[str], lead_keywords: Mapping[str, Iterable[str]]
) -> str | None:
    named = [(sentence.find(d), d) for d in departments if d in sentence]
    if named:
        return min(named)[1]
    scores = {
        department: sum(sentence.count(word) for word in words)
        for department, words in lead_keywords.items()
        if not departments or department in departments
    }
    best = max(scores.values(), default=0)
    if best == 0:
        return None
    # Ties go to the department whose keyword appears first in the sentence.
    tied = [d for d, score in scores.items() if score == best]
    return min(tied, key=lambda d: min(_first(sentence, w) for w in lead_keywords[d]))


def _first(sentence: str, word: str) -> int:
    position = sentence.find(word)
    return position if position >= 0 else len(sentence)
