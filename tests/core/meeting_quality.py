"""Scoring candidate extraction against the labelled reports in tests/fixtures/meetings/.

Run `.venv/bin/python tests/core/meeting_quality.py [heldout]` to print the figures and every miss.

Directive detection: a candidate is right when it contains the text of a labelled
directive (or an approved document's title, for an "implement the plan" candidate);
each label is matched once. Deadline extraction is scored on the candidates that
matched a label: precision over the deadlines found there, recall over the labelled
deadlines. The report's date is found as a person would give it: from the text, or
the date given on upload where the label says one was given.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from duban.core.extraction import find_candidates, rebuild_paragraphs
from duban.core.leads import LeadHints
from duban.core.report_dates import date_of_report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "meetings"


@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 1.0


@dataclass
class Quality:
    directives: Score
    deadlines: Score
    dates_right: int
    reports: int


def labels(folder: Path = FIXTURES) -> dict:
    document = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    return {k: v for k, v in document.items() if not k.startswith("_")}


def measure(folder: Path = FIXTURES, hints: LeadHints | None = None) -> Quality:
    directives, deadlines = Score(), Score()
    dates_right = 0
    reports = labels(folder)
    for name, label in reports.items():
        paragraphs = rebuild_paragraphs((folder / name).read_text(encoding="utf-8"))
        given = date.fromisoformat(label["given_date"]) if label.get("given_date") else None
        found = date_of_report(paragraphs, given=given)
        dates_right += found is not None and found.date.isoformat() == label["meeting_date"]
        report_date = found.date if found else date.fromisoformat(label["meeting_date"])
        candidates = find_candidates(paragraphs, report_date=report_date, hints=hints)
        _score(name, label, candidates, directives, deadlines)
    return Quality(directives, deadlines, dates_right, len(reports))


def _score(name, label, candidates, directives: Score, deadlines: Score) -> None:
    gold = [("directive", g["text"], g) for g in label["directives"]]
    gold += [("plan", f"《{title}》", {}) for title in label.get("plans", [])]
    unmatched = list(gold)
    for candidate in candidates:
        match = next((g for g in unmatched if _matches(candidate, g)), None)
        if match is None:
            directives.false_positive += 1
            directives.wrong.append(f"{name}: {candidate.text[:40]}")
            continue
        unmatched.remove(match)
        directives.true_positive += 1
        _score_deadline(name, candidate, match[2], deadlines)
    for kind, text, wanted in unmatched:
        directives.false_negative += 1
        directives.misses.append(f"{name}: {text}")
        if wanted.get("due") or wanted.get("recurrence"):
            deadlines.false_negative += 1
            deadlines.misses.append(f"{name}: {text} (directive missed)")


def _matches(candidate, gold) -> bool:
    kind, text, _ = gold
    if kind == "plan":
        return candidate.kind == "plan" and text.strip("《》") in candidate.text
    return candidate.kind == "directive" and text in candidate.text


def _score_deadline(name, candidate, wanted: dict, deadlines: Score) -> None:
    expected = wanted.get("due") or wanted.get("recurrence")
    got = candidate.deadline
    found = None if got is None else (got.due.isoformat() if got.due else got.recurrence)
    if found is not None and found == expected:
        deadlines.true_positive += 1
        return
    if found is not None:
        deadlines.false_positive += 1
        deadlines.wrong.append(f"{name}: {candidate.text[:30]} → {got.text} {found}, wanted {expected}")
    if expected is not None:
        deadlines.false_negative += 1
        deadlines.misses.append(f"{name}: {candidate.text[:30]} wanted {expected}")


if __name__ == "__main__":
    import sys

    quality = measure(FIXTURES / sys.argv[1] if len(sys.argv) > 1 else FIXTURES)
    for title, score in (("directives", quality.directives), ("deadlines", quality.deadlines)):
        print(f"{title}: P={score.precision:.3f} R={score.recall:.3f} tp={score.true_positive} "
              f"fp={score.false_positive} fn={score.false_negative}")
        for line in score.wrong:
            print("  wrong:", line)
        for line in score.misses:
            print("  miss:", line)
    print(f"report dates right: {quality.dates_right}/{quality.reports}")
