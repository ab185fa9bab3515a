"""Who may see, enter and approve which figures. Enforced in services; views and API only ask."""

from __future__ import annotations

from django.db.models import Q

from duban.accounts.models import Role, role_of
from duban.catalogue.models import Department, Indicator

OFFICE_ROLES = {Role.ADMIN, Role.DATA_OFFICE}


def is_office(user) -> bool:
    """The data office and administrators approve, publish, revert and see every department."""
    return role_of(user) in OFFICE_ROLES


def is_admin(user) -> bool:
    return role_of(user) == Role.ADMIN


def own_department(user) -> Department | None:
    profile = getattr(user, "profile", None)
    return profile.department if profile and role_of(user) == Role.DEPARTMENT_REPORTER else None


def can_enter_for(user, department: Department) -> bool:
    """Whether the user may open the entry grid of this department."""
    if is_office(user):
        return True
    mine = own_department(user)
    return mine is not None and mine.pk == department.pk


def can_edit_indicator(user, indicator: Indicator) -> bool:
    if is_office(user):
        return True
    mine = own_department(user)
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
    if is_office(user):
        return rows
    mine = own_department(user)
    published = Q(status=Status.PUBLISHED)
    return rows.filter(published | Q(indicator__department=mine) if mine is not None else published)
