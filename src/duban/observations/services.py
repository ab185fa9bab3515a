"""Which periods hold figures, and which one a page opens on."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import pgettext_lazy

from duban.catalogue.models import Indicator
from duban.core.periods import Period
from duban.observations.models import Observation, Status

# -- which period a page opens on ----------------------------------------------------

# The frequencies a page can switch between, in the order offices speak of them (月/季/年/旬).
# "frequency" context: 季度 and 年度 alone also name a quarter and a year (a model field's label).
KIND_LABELS = {
    "month": pgettext_lazy("frequency", "月度"), "quarter": pgettext_lazy("frequency", "季度"),
    "half": pgettext_lazy("frequency", "半年"), "year": pgettext_lazy("frequency", "年度"),
    "dekad": pgettext_lazy("frequency", "旬"), "week": pgettext_lazy("frequency", "周"),
}
WAITING = (Status.SUBMITTED, Status.APPROVED)  # figures waiting for the data office


def department_kinds(department) -> list[str]:
    """The frequencies the department's indicators are reported at, in ``KIND_LABELS`` order."""
    found = set(Indicator.objects.filter(department=department).values_list("frequency", flat=True))
    return [kind for kind in KIND_LABELS if kind in found]


def periods_with_data(kind: str, *, indicators=None, region=None) -> list[Period]:
    """The periods of this kind holding any figure (of these indicators, in this region), latest first."""
    rows = Observation.objects.filter(period_kind=kind)
    if indicators is not None:
        rows = rows.filter(indicator__in=indicators)
    if region is not None:
        rows = rows.filter(region=region)
    codes = rows.values_list("period", flat=True).distinct().order_by()
    return sorted((Period.parse(code) for code in codes), reverse=True)


def period_needing(*, kind: str | None, as_of, department=None, region=None) -> Period | None:
    """The period a page opens on: the one that needs its user, never the clock's month.

    With a department (its reporter, or the data office entering for it): the earliest period
    with one of its figures returned or not yet submitted, or due — the period after an
    indicator's latest figure, once that period has ended by ``as_of`` (a January is not due
    where the indicator's last January had no figure: 1-2月 are published together).
    Without one (the reviewer): the earliest period with figures waiting for review, of any
    frequency when ``kind`` is None. Else the latest period with data (monthly when ``kind`` is
    None); None when there is none.
    """
    rows = Observation.objects.filter(period_kind=kind) if kind else Observation.objects.all()
    if department is not None:
        rows = rows.filter(indicator__department=department, indicator__frequency=kind, region=region)
        open_status = [Status.DRAFT]
    else:
        open_status = list(WAITING)
    waiting = [Period.parse(c) for c in rows.filter(status__in=open_status).values_list("period", flat=True).distinct().order_by()]
    candidates = set(waiting)
    if department is not None:
        candidates |= _due(rows, as_of)
    if candidates:
        return min(candidates)
    rows = rows if kind else rows.filter(period_kind="month")
    latest = sorted({Period.parse(c) for c in rows.values_list("period", flat=True).distinct().order_by()})
    return latest[-1] if latest else None


def _due(rows, as_of) -> set[Period]:
    stored: dict[int, set[str]] = defaultdict(set)
    for indicator_id, code in rows.values_list("indicator_id", "period").distinct().order_by():
        stored[indicator_id].add(code)
    due = set()
    for codes in stored.values():
        latest = max(Period.parse(c) for c in codes)
        following = latest.next()
        if str(following.kind) == "month" and following.index == 1 and f"{latest.year}-01" not in codes:
            following = following.next()
        if following.end < as_of:
            due.add(following)
    return due
