"""Who may see, enter and approve which figures. Enforced in services; views and API only ask."""

from __future__ import annotations

from django.db.models import Q

from duban.accounts.models import role_of
from duban.accounts.permissions import department_of, is_admin, is_data_office
from duban.catalogue.models import Department, Indicator

# The role checks live in accounts.permissions; the names the figure and project code asks by.
__all__ = ["can_edit_indicator", "can_enter_for", "is_admin", "is_office", "own_department", "readable_observations"]
is_office = is_data_office
own_department = department_of


def can_enter_for(user, department: Department) -> bool:
    """Whether the user may open the entry grid of this department."""
    if is_data_office(user):
        return True
    mine = department_of(user)
    return mine is not None and mine.pk == department.pk


def can_edit_indicator(user, indicator: Indicator) -> bool:
    if is_data_office(user):
        return True
    mine = department_of(user)
    return mine is not None and indicator.department_id == mine.pk


def readable_observations(user, rows):
    """The figures of ``rows`` the user may read (docs/security.md, "published figures").

    A published figure is public inside the government: every signed-in user reads it, through
    the API as on the cockpit and in rankings. A figure not yet published (draft, submitted,
    approved) is its department's and the data office's business only.
    """
    from duban.observations.models import Status

    if role_of(user) is None:
        return rows.none()
    if is_data_office(user):
        return rows
    mine = department_of(user)
    published = Q(status=Status.PUBLISHED)
    return rows.filter(published | Q(indicator__department=mine) if mine is not None else published)
