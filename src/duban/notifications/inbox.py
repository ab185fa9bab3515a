"""A person's inbox: what needs them, whoever's app it comes from.

Messages (urges, notices, listings, a notice's next step) are stored when they are sent;
returned figures and coming deadlines are read from the figures and the task list as they
stand, so the inbox never says more or less than those pages.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from duban.notifications.services import inbox, unread_count
from duban.observations.models import Observation, ObservationRevision, Status as FigureStatus
from duban.supervision import permissions
from duban.supervision.services import notices_waiting_for
from duban.supervision.tables import TaskTable
from duban.supervision.models import Task

# A deadline "comes" this many days ahead; the escalation's remind step uses 3, people plan a week.
DEADLINE_HORIZON = timedelta(days=7)


def badge_count(user) -> int:
    """Unread messages plus notices waiting for the user: what the navigation badge shows."""
    if not user.is_authenticated:
        return 0
    return unread_count(user) + notices_waiting_for(user).count()


def returned_figures(user) -> list[dict]:
    """The department's figures the data office returned and that are not resubmitted yet, by period."""
    department = permissions.department_of(user)
    if department is None:
        return []
    returned = Observation.objects.filter(
        status=FigureStatus.DRAFT, indicator__department=department,
        pk__in=ObservationRevision.objects.filter(action="reject").values("observation_id"),
    )
    rows = returned.values("period").annotate(count=Count("pk"), end=Max("period_end")).order_by("end")
    reasons = dict(ObservationRevision.objects.filter(action="reject", observation__in=returned).order_by(
        "changed_at").values_list("observation__period", "reason"))
    return [{"period": r["period"], "count": r["count"], "reason": reasons.get(r["period"], ""),
             "link": reverse("observations:entry", args=[department.pk, r["period"]])} for r in rows]


def deadlines(user, as_of: date) -> list[dict]:
    """The department's open lead items that are late or due within the horizon, overdue first."""
    department = permissions.department_of(user)
    if department is None:
        return []
    rows = TaskTable(Task.objects.open().filter(lead=department), as_of).rows
    horizon = (as_of + DEADLINE_HORIZON).isoformat()
    return [row for row in rows if row["due"] and (row["state"] == "overdue" or row["due"] <= horizon)]


def contents(user, as_of: date) -> dict:
    return {
        "waiting": notices_waiting_for(user), "inbox_messages": inbox(user)[:200],
        "returned": returned_figures(user), "deadlines": deadlines(user, as_of), "unread": unread_count(user),
    }


def mark_read(notifications) -> int:
    return notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
