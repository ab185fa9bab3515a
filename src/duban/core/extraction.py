"""Meeting reports → candidate tasks.

A report as it reaches the office (a newspaper page, a PDF's text) is broken at
the print columns: lines end mid-sentence, with blank lines in between. This
module rebuilds the paragraphs, splits sentences (keeping where each sits, so an
accepted task can point back at its exact source), picks the directive sentences
(要…, 必须…, 确保…, numbered measures …), offers each document the meeting approved
(《…实施方案》) as one "implement it" candidate, and gives each candidate its
deadline (read against the report's own date), the targets it names and a
suggested lead. A person confirms every candidate before it becomes a task.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass
from datetime import date

import jieba.analyse

from duban.core.deadlines import Deadline, find_deadline
from duban.core.leads import LeadHints, LeadSuggestion, suggest_lead

__all__ = [
    "CandidateTask",
    "Sentence",
    "Span",
    "find_candidates",
    "find_directives",
    "is_directive",
    "named_targets",
    "rebuild_paragraphs",
    "sentences_of",
    "short_title",
    "split_sentences",
]


@dataclass(frozen=True)
class Span:
    """Characters ``start:end`` of rebuilt paragraph ``paragraph`` (0-based)."""

    paragraph: int
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    text: str
    span: Span


@dataclass(frozen=True)
class CandidateTask:
    """A proposed task; nothing here is final."""

    kind: str  # "directive", or "plan": implement a document the meeting approved
    text: str  # as the report says it
    spans: tuple[Span, ...]
    title: str  # a short name to start from
    deadline: Deadline | None
    targets: tuple[str, ...]
    lead: LeadSuggestion
    keywords: tuple[str, ...]

    @property
    def deadline_text(self) -> str | None:
        return self.deadline.text if self.deadline else None

    @property
    def paragraph_index(self) -> int:
        return self.spans[0].paragraph


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
    return [s.text for s in _sentences(paragraph, 0)]


def sentences_of(paragraphs: list[str]) -> list[Sentence]:
    """Every sentence of the rebuilt paragraphs, with its place."""
    return [s for index, paragraph in enumerate(paragraphs) for s in _sentences(paragraph, index)]


def find_directives(text: str, *, report_date: date, hints: LeadHints | None = None) -> list[CandidateTask]:
    """The candidates of a report as received (column breaks and all)."""
    return find_candidates(rebuild_paragraphs(text), report_date=report_date, hints=hints)


def find_candidates(
    paragraphs: list[str], *, report_date: date, hints: LeadHints | None = None
) -> list[CandidateTask]:
    """The candidate tasks of rebuilt paragraphs, in text order.

    ``report_date`` is the date the report's deadlines count from (see
    ``duban.core.report_dates``); ``hints`` feed the lead suggestion.
    """
    hints = hints or LeadHints()
    sentences = sentences_of(paragraphs)
    candidates: list[CandidateTask] = []
    index = 0
    while index < len(sentences):
        sentence = sentences[index]
        index += 1
        documents = _approved_documents(sentence.text)
        if documents:
            candidates += [_plan(sentence, title, start, end, report_date, hints) for title, start, end in documents]
            continue
        if not is_directive(sentence.text):
            continue
        group = [sentence]
        # 一是抓开工。对照年度计划，…: a numbered heading belongs with the sentence after it.
        if _HEADING.match(_without_frame(sentence.text)) and index < len(sentences) \
                and sentences[index].span.paragraph == sentence.span.paragraph:
            group.append(sentences[index])
            index += 1
        candidates.append(_directive(group, report_date, hints))
    return candidates


def is_directive(sentence: str) -> bool:
    """True for a sentence that asks for something to be done from now on."""
    if _NARRATIVE.match(sentence):
        return False  # 听取…汇报, 审议…, 传达学习…: what the meeting did
    if _DEMAND.search(sentence) or _has_modal(sentence):
        return True
    # Numbered measures: 一是…, 一要…, （二）…, 3. … at the start or after a colon (会议要求：一是…).
    if any(_NUMBERED_MEASURE.match(part) for part in _COLON.split(sentence)):
        return "了" not in sentence  # 一是项目建设提速了…: a list of what was done
    # 确保/加快/着力… count only where a clause starts with them: inside a clause
    # they are usually nouns (以加快发展新质生产力推动高质量发展的现实意义).
    return any(_ACTION_VERB.match(clause) for clause in _CLAUSE_BREAK.split(sentence))


def named_targets(sentence: str) -> tuple[str, ...]:
    """The targets a sentence names: ranks (金华前三, 全省前列) and figures with units (15个, 8%以上)."""
    found = [m.group(0) for m in _RANK_TARGET.finditer(sentence)]
    found += [m.group(0) for m in _QUANTITY.finditer(sentence)]
    return tuple(dict.fromkeys(found))


def short_title(sentence: str) -> str:
    """A task name to start from: the first clause, without the speaker and the modal verb."""
    text = _without_frame(sentence.strip().rstrip("。；;！!？?"))
    text = _NUMBERED_MEASURE.sub("", text, count=1)
    first = _CLAUSE_END.split(text, maxsplit=1)[0]
    verb_first = _SUBJECT_MODAL.sub("", first, count=1)
    title = verb_first if len(verb_first) >= _MIN_TITLE else first
    return title[:_MAX_TITLE]


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
    return _DIGIT_SPACING.sub("", _RADICALS.sub(_ideograph, line))


# Text taken from PDFs often has Kangxi radicals (⽇ U+2F47) or compatibility
# ideographs where the font maps a glyph to them: they look like 日 but match nothing.
_RADICALS = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")


def _ideograph(match: re.Match) -> str:
    return unicodedata.normalize("NFKC", match.group(0))


def _join(left: str, right: str) -> str:
    # Only an English word broken at the column needs a space back.
    if _is_latin(left[-1:]) and _is_latin(right[:1]):
        return f"{left} {right}"
    return left + right


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalpha()


# --- sentences ---------------------------------------------------------------------

_SENTENCE = re.compile(f"[^。！？!?；;]+(?:[。！？!?；;]+[{_CLOSERS}]*|$)")


def _sentences(paragraph: str, index: int) -> list[Sentence]:
    found = []
    for match in _SENTENCE.finditer(paragraph):
        raw = match.group(0)
        text = raw.strip()
        if not text:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        found.append(Sentence(text, Span(index, start, start + len(text))))
    return found


# --- directives ----------------------------------------------------------------------

_CN = "一二三四五六七八九十"
_NUMBERED = rf"(?:[{_CN}]+是|[{_CN}]+要|[（(][{_CN}]+[）)]|[{_CN}]+、|\d+[.、．](?!\d)|[（(]\d+[）)])"
_NUMBERED_MEASURE = re.compile(_NUMBERED)
_HEADING = re.compile(rf"{_NUMBERED}[^，,。；;]{{1,12}}。$")
# 要 as a modal verb, not inside 重要/主要/需要/要求/要素 and the like.
_MODAL = re.compile(
    r"必须|务必|(?<![容舍怪巴恨顾由免少记])不得|严禁"
    r"|(?<![重主需纪摘概提简只首必紧险])要(?![求素点闻件害塞务职道地案员])"
)
# 也要看到、要清醒认识到: an assessment, not a task.
_SEE = re.compile(r"要(?:清醒)?(?:看到|认识到)")
# 会议要求，… / 要求各地…: 要求 as a verb followed by whom it asks.
_DEMAND = re.compile(r"要求[，,：:]|要求(?=各|全[市县区]|相关|有关|属地|所有|市直|全体)")
# What a meeting did, told as news: heard, approved, relayed, studied, commended.
_NARRATIVE = re.compile(
    r"^(?:[^，,。；]{0,12}?(?:会议|会上|大会|常委会|与会人员))?(?:还|并|首先|集体)?"
    r"(?:听取|审议|传达|通报了|表彰|观看|研究了|书面审阅|宣读|审阅|学习了)"
)
_ACTION_VERB = re.compile(r"(?:确保|加快|着力|全力|力争|切实|坚决|抓紧|立即|扎实|推动)(?!了)")
# Not 、: a verb after it heads an item of a list inside a noun phrase.
_CLAUSE_BREAK = re.compile(r"[，,：:]")
_COLON = re.compile(r"[：:]")


def _has_modal(sentence: str) -> bool:
    positions = [m.start() for m in _MODAL.finditer(sentence) if not _SEE.match(sentence, m.start())]
    # 要打好…，离不开…: 要 states a purpose there; only a modal after 离不开 counts.
    if (cut := sentence.find("离不开")) >= 0:
        positions = [p for p in positions if p > cut]
    return bool(positions)


def _directive(group: list[Sentence], report_date: date, hints: LeadHints) -> CandidateTask:
    text = "".join(s.text for s in group)
    span = Span(group[0].span.paragraph, group[0].span.start, group[-1].span.end)
    return CandidateTask(
        kind="directive",
        text=text,
        spans=(span,),
        title=short_title(text),
        deadline=find_deadline(text, on=report_date),
        targets=named_targets(text),
        lead=suggest_lead(text, hints),
        keywords=tuple(jieba.analyse.extract_tags(text, topK=5)),
    )


# --- documents the meeting approved ------------------------------------------------

_APPROVAL = re.compile(r"(?:审议|讨论|研究)?并?(?:原则)?(?:通过|同意)|审定")
_DOCUMENT = re.compile(r"《(?P<title>[^《》]{2,80})》")


def _approved_documents(sentence: str) -> list[tuple[str, int, int]]:
    """(title, start, end) of each 《document》 an approval sentence names."""
    approval = _APPROVAL.search(sentence)
    if approval is None or not _NARRATIVE.match(sentence):
        return []
    return [(m["title"], m.start(), m.end()) for m in _DOCUMENT.finditer(sentence, approval.end())]


def _plan(sentence: Sentence, title: str, start: int, end: int, report_date: date, hints: LeadHints) -> CandidateTask:
    span = Span(sentence.span.paragraph, sentence.span.start + start, sentence.span.start + end)
    text = f"贯彻落实《{title}》"
    return CandidateTask(
        kind="plan",
        text=text,
        spans=(span,),
        title=text,
        deadline=find_deadline(sentence.text, on=report_date),
        targets=(),
        lead=suggest_lead(title, hints),
        keywords=tuple(jieba.analyse.extract_tags(title, topK=5)),
    )


# --- titles and targets ----------------------------------------------------------------

_MIN_TITLE, _MAX_TITLE = 4, 40
# 会议强调，/ 胡勇春指出，/ 同时，: who said it, not what to do.
_FRAME = re.compile(
    r"^(?:[^，,。；：:]{0,12}?(?:强调|指出|要求|表示|认为|提出|希望)[，,：:]|(?:同时|下步|此外|另外|当前|为此)[，,])"
)


def _without_frame(text: str) -> str:
    while (stripped := _FRAME.sub("", text, count=1)) != text:
        text = stripped
    return text


_CLAUSE_END = re.compile(r"[，,；;：:。！!？?]")
# 全市上下要 / 商务局要 / 必须: the subject and the modal before the verb.
_SUBJECT_MODAL = re.compile(r"^[^，,。]{0,12}?(?:要|必须|务必)")
_RANK_TARGET = re.compile(
    rf"(?:金华|全省|全市|全国|浙江|全金华|省内|市内)(?:前[{_CN}\d]+(?:名|位)?|前列|第一方阵|第[{_CN}\d]+(?:名|位)?|首位|领先)"
)
_QUANTITY = re.compile(
    r"\d+(?:\.\d+)?(?:个百分点|%|亿元|万元|元|家次|家|个|项|万人次|人次|人|万吨|吨|公里|千米|万亩|亩|万平方米|平方米|条|座|户|批|场|所|辆|次)"
    r"(?:以上|以内|左右)?"
)
