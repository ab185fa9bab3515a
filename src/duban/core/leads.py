"""Who should lead a task a meeting sets: a suggestion a person confirms.

Three sources, strongest first: a department the sentence names (``公安局要会同交通
运输局…``, ``商务部门要…``), an indicator the sentence names (its owner department),
and a keyword map an administrator keeps (``消费`` → 商务局). A sentence addressed to
the whole county (``全市上下要…``, ``各镇（街道、区）要…``) that names no department
is the supervision office's to assign: no unit is guessed for it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["LeadHints", "LeadSuggestion", "suggest_lead"]

# Words that address everyone rather than one unit.
_WHOLE_COUNTY = re.compile(
    r"全[市县区]上下|全[市县区]各级|全[市县区]各地|各地各部门|各级各部门|各部门各单位|各级党组织|各单位"
    r"|各部门|各镇[（(]?街道|各镇街|各乡镇|全[市县区](?:广大)?党员干部|广大党员干部|各级领导干部|领导干部"
)
# What a department's name ends in; the rest is its stem (商务局 → 商务, 政法委 → 政法).
_SUFFIX = re.compile(r"(?:局|委员会|委|办公室|办|中心|大队|支队|分局)$")
# Points per mention: a named department outweighs any number of keywords.
_NAMED, _INDICATOR, _KEYWORD = 100, 10, 1
_MAX_COOPERATING = 3


@dataclass(frozen=True)
class LeadHints:
    """What suggestions are made from: the keyword map, the departments, the indicators."""

    keywords: Mapping[str, str] = field(default_factory=dict)  # word → department name
    departments: Sequence[str] = ()  # the catalogue's department names
    indicators: Mapping[str, str] = field(default_factory=dict)  # indicator name → owner department


@dataclass(frozen=True)
class LeadSuggestion:
    lead: str | None
    cooperating: tuple[str, ...] = ()
    office_choice: bool = False  # addressed to the whole county: the supervision office assigns it
    reasons: tuple[str, ...] = ()


def suggest_lead(sentence: str, hints: LeadHints) -> LeadSuggestion:
    """The lead and cooperating departments a sentence suggests, with the reasons in words."""
    scores: dict[str, int] = {}
    first_seen: dict[str, int] = {}
    reasons: dict[str, str] = {}

    def score(department: str, points: int, position: int, reason: str) -> None:
        scores[department] = scores.get(department, 0) + points
        if position < first_seen.get(department, len(sentence) + 1):
            first_seen[department] = position
        reasons.setdefault(department, reason)

    named = _named_departments(sentence, hints.departments)
    for position, department, written in named:
        score(department, _NAMED, position, f"句中点名“{written}”")
    for name, department in hints.indicators.items():
        if (position := sentence.find(name)) >= 0:
            score(department, _INDICATOR, position, f"涉及指标“{name}”（{department}）")
    for word, department in hints.keywords.items():
        if (count := sentence.count(word)) > 0:
            score(department, _KEYWORD * count, sentence.find(word), f"关键词“{word}”→{department}")

    # Highest score first; among equals, the one the sentence mentions first.
    ranked = sorted(scores, key=lambda d: (-scores[d], first_seen[d]))
    if not named and _WHOLE_COUNTY.search(sentence):
        cooperating = tuple(ranked[:_MAX_COOPERATING])
        return LeadSuggestion(
            None, cooperating, office_choice=True,
            reasons=("面向全市的工作，由督查室指定牵头单位", *(reasons[d] for d in cooperating)),
        )
    if not ranked:
        return LeadSuggestion(None, reasons=("句中没有可据以建议牵头单位的线索",))
    lead, *others = ranked
    cooperating = tuple(others[:_MAX_COOPERATING])
    return LeadSuggestion(lead, cooperating, reasons=tuple(reasons[d] for d in (lead, *cooperating)))


def _named_departments(sentence: str, departments: Sequence[str]) -> list[tuple[int, str, str]]:
    """(position, department, as written) for each department named in full or as 商务部门."""
    found = []
    for department in departments:
        position = sentence.find(department)
        written = department
        stem = _SUFFIX.sub("", department)
        if position < 0 and len(stem) >= 2:
            position = sentence.find(f"{stem}部门")
            written = f"{stem}部门"
        if position >= 0:
            found.append((position, department, written))
    return sorted(found)
