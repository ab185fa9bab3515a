"""Who may see, enter and approve which figures. Enforced in services; views and API only ask."""

from __future__ import annotations

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


def visible_indicators(user):
    """Indicators whose figures the user may read through the data-entry API."""
    if role_of(user) is None:
        return Indicator.objects.none()
    mine = own_department(user)
    if mine is not None:
        return Indicator.objects.filter(department=mine)
    return Indicator.objects.all()
