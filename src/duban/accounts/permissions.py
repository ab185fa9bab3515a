"""Who a user is to the system: the role checks every app asks, defined once.

The rules about objects (which figures a user may edit, which tasks they see) stay in their
app's ``permissions.py`` and are built from these. Administrators (and superusers, see
``role_of``) pass every office check.
"""

from __future__ import annotations

from duban.accounts.models import Role, role_of

def is_admin(user) -> bool:
    return role_of(user) == Role.ADMIN


def is_data_office(user) -> bool:
    """The data office approves, publishes and reverts figures and sees every department's."""
    return role_of(user) in (Role.ADMIN, Role.DATA_OFFICE)


def is_supervision_office(user) -> bool:
    """The supervision office runs the task list, urges, issues and closes notices."""
    return role_of(user) in (Role.ADMIN, Role.SUPERVISION_OFFICE)


def makes_bulletins(user) -> bool:
    """Either office writes and sends bulletins."""
    return role_of(user) in (Role.ADMIN, Role.SUPERVISION_OFFICE, Role.DATA_OFFICE)


def reads_every_task(user) -> bool:
    """The supervision office acts on the whole task list; the data office and viewers read it."""
    return is_supervision_office(user) or role_of(user) in (Role.DATA_OFFICE, Role.VIEWER)


def department_of(user):
    """The department a reporter acts for; None for every other role."""
    profile = getattr(user, "profile", None)
    return profile.department if profile and role_of(user) == Role.DEPARTMENT_REPORTER else None


def task_force_of(user):
    """The task force a task-force login acts for; None for every other role."""
    profile = getattr(user, "profile", None)
    return profile.task_force if profile and role_of(user) == Role.TASK_FORCE else None


def leader_of(user):
    """The leader a leader's login stands for; None for every other role or an unlinked login."""
    profile = getattr(user, "profile", None)
    return profile.leader if profile and role_of(user) == Role.LEADER else None
