"""The review queue of one period: its figures filtered, checked, paged and moved as a set,
and who has reported (填报及时率). Every query here is set-wise: none runs per figure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from duban.catalogue.models import Department, Indicator, Region
from duban.core.periods import Period
from duban.observations.models import Observation, ObservationRevision, Status
from duban.observations.workflow import TRANSITIONS, transition

PAGE_SIZE = 100
# A figure this many times its reference (or this fraction of it) is flagged as a jump: a
# misplaced decimal point (479 for 47.9) is ten times; real swings of a county's figures rarely pass 3.
JUMP_FACTOR = Decimal(3)
CHECKS = {"jump": _("跳变（与上年同期或上期相差3倍以上）"), "warning": _("填报时接受了警告")}
ACCEPTED_WARNING = "已接受警告"  # how workflow._write_entries notes an accepted warning in the ledger


@dataclass(frozen=True)
class ReviewFilter:
    department: str = ""
    indicator: str = ""
    status: str = ""
    check: str = ""

    @classmethod
    def from_query(cls, data) -> ReviewFilter:
        return cls(*(data.get(name, "").strip() for name in ("department", "indicator", "status", "check")))

    def query(self, **more) -> str:
        """The filter as a query string (for pagination links), with ``more`` added."""
        pairs = {k: v for k, v in vars(self).items() if v} | {k: v for k, v in more.items() if v}
        return urlencode(pairs)


def queue(period: Period, chosen: ReviewFilter):
    """The period's figures the filter keeps, ordered for reading; the checks filter is set-wise too."""
    rows = Observation.objects.select_related("indicator", "indicator__department", "region", "updated_by").filter(
        period=period.code)
    if chosen.department.isdigit():
        rows = rows.filter(indicator__department_id=int(chosen.department))
    if chosen.indicator:
        rows = rows.filter(indicator__code=chosen.indicator)
    if chosen.status in Status.values:
        rows = rows.filter(status=chosen.status)
    if chosen.check == "jump":
        rows = rows.filter(pk__in=jumps(period, rows))
    elif chosen.check == "warning":
        rows = rows.filter(pk__in=ObservationRevision.objects.filter(
            observation__period=period.code, reason__contains=ACCEPTED_WARNING).values("observation_id"))
    return rows.order_by("indicator__code", "region__code", "basis")


def references(period: Period, keys) -> dict[tuple, tuple[Decimal | None, Decimal | None]]:
    """(last period's value, same period last year's value) per (indicator id, region id, basis)
    of ``keys``; two queries whatever their number."""
    keys = set(keys)
    indicator_ids = {k[0] for k in keys}
    found = {}
    for position, other in enumerate((period.previous(), period.same_period_last_year())):
        stored = Observation.objects.filter(period=other.code, indicator_id__in=indicator_ids).values_list(
            "indicator_id", "region_id", "basis", "value")
        for indicator_id, region_id, basis, value in stored:
            key = (indicator_id, region_id, basis)
            if key in keys:
                found.setdefault(key, [None, None])[position] = value
    return {key: tuple(pair) for key, pair in found.items()}


def keys_of(rows) -> set[tuple]:
    return {(r.indicator_id, r.region_id, r.basis) for r in rows}


def reference_for(period: Period, basis: str, last: Decimal | None, last_year: Decimal | None) -> Decimal | None:
    """What a figure is compared with: the same period last year, else the last period when the
    two add up the same way (a year-to-date figure restarts each January)."""
    if last_year is not None:
        return last_year
    if basis == "ytd" and period.previous().year != period.year:
        return None
    return last


def is_jump(value: Decimal | None, reference: Decimal | None) -> bool:
    if value is None or not reference or value == 0 or (value > 0) != (reference > 0):
        return False
    ratio = abs(value / reference)
    return ratio >= JUMP_FACTOR or ratio <= 1 / JUMP_FACTOR


def jumps(period: Period, rows) -> list[int]:
    """The ids of ``rows`` whose value jumped against its reference."""
    rows = list(rows.select_related(None).only("pk", "indicator_id", "region_id", "basis", "value"))
    refs = references(period, keys_of(rows))
    flagged = []
    for row in rows:
        last, last_year = refs.get((row.indicator_id, row.region_id, row.basis), (None, None))
        if is_jump(row.value, reference_for(period, row.basis, last, last_year)):
            flagged.append(row.pk)
    return flagged


def act(user, rows, action: str, *, reason: str) -> tuple[int, int]:
    """Apply ``action`` to those of ``rows`` in a state it starts from; (moved, skipped)."""
    if action not in TRANSITIONS:
        return 0, 0
    rows = list(rows)
    ready = [r for r in rows if r.status in TRANSITIONS[action][0]]
    moved = transition(user, ready, action, reason=reason) if ready else 0
    return moved, len(rows) - len(ready)


@dataclass
class DepartmentRate:
    department: Department
    expected: int  # indicators of the period's frequency
    submitted: int  # figures at the home region submitted, approved or published
    draft: int

    @property
    def missing(self) -> int:
        return max(self.expected - self.submitted - self.draft, 0)

    @property
    def rate(self) -> int | None:
        return round(100 * min(self.submitted, self.expected) / self.expected) if self.expected else None


def reporting_rates(period: Period, region: Region) -> list[DepartmentRate]:
    """Per department: how many of its indicators due this period it has reported (two queries)."""
    expected = dict(
        Indicator.objects.filter(frequency=str(period.kind), department__isnull=False)
        .values_list("department").annotate(n=Count("id")).values_list("department", "n"))
    counts = (
        Observation.objects.filter(period=period.code, region=region, indicator__frequency=str(period.kind))
        .values("indicator__department")
        .annotate(
            submitted=Count("indicator", distinct=True, filter=~Q(status=Status.DRAFT)),
            draft=Count("indicator", distinct=True, filter=Q(status=Status.DRAFT)),
        )
    )
    by_department = {c["indicator__department"]: c for c in counts}
    departments = Department.objects.filter(pk__in=expected).order_by("name")
    return [
        DepartmentRate(d, expected[d.pk], by_department.get(d.pk, {}).get("submitted", 0),
                       by_department.get(d.pk, {}).get("draft", 0))
        for d in departments
    ]
