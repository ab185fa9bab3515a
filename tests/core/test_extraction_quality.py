"""Directive detection and deadline extraction, measured on labelled reports (docs/meetings.md).

The development set (tests/fixtures/meetings/) holds 15 reports of different kinds, the
two seeds among them; the held-out set (heldout/) was written after the rules were
frozen. A rule change that costs precision or recall below these lines fails here.
"""

import pytest

from meeting_quality import FIXTURES, labels, measure

THRESHOLDS = {
    # set: (directive precision, directive recall, deadline precision, deadline recall)
    "development": (0.95, 0.95, 0.95, 0.95),
    "heldout": (0.85, 0.90, 0.85, 0.85),
}
FOLDERS = {"development": FIXTURES, "heldout": FIXTURES / "heldout"}


def test_the_labelled_set_is_large_and_varied():
    reports = labels()
    assert len(reports) >= 10 and len(labels(FIXTURES / "heldout")) >= 5
    kinds = " ".join(r["kind"] for r in reports.values())
    for kind in ("常委会", "推进会", "安全", "防汛", "学习"):
        assert kind in kinds


@pytest.mark.parametrize("name", list(THRESHOLDS))
def test_precision_and_recall_hold(name):
    quality = measure(FOLDERS[name])
    directive_p, directive_r, deadline_p, deadline_r = THRESHOLDS[name]
    report = f"{name}: misses {quality.directives.misses + quality.deadlines.misses}, " \
             f"wrong {quality.directives.wrong + quality.deadlines.wrong}"
    assert quality.directives.precision >= directive_p, report
    assert quality.directives.recall >= directive_r, report
    assert quality.deadlines.precision >= deadline_p, report
    assert quality.deadlines.recall >= deadline_r, report
    assert quality.dates_right == quality.reports, "every report's date is read right"
