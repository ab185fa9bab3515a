"""Who may see and do what with tasks. Every page and API endpoint asks here.

The supervision office (and administrators) see everything; a leader sees the items
they are responsible for; a department sees the items it leads or cooperates on;
only the lead department reports progress on an item.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from duban.accounts.models import Role, role_of
from duban.supervision.models import Task

OFFICE_ROLES = (Role.ADMIN, Role.SUPERVISION_OFFICE)
# Internal readers: they see the whole list and change nothing.
READER_ROLES = (Role.DATA_OFFICE, Role.VIEWER)


def _profile(user):
    return getattr(user, "profile", None)


def is_office(user) -> bool:
    return role_of(user) in OFFICE_ROLES


def department_of(user):
    profile = _profile(user)
    if role_of(user) == Role.DEPARTMENT_REPORTER and profile:
        return profile.department
    return None


def visible_tasks(user) -> QuerySet[Task]:
    role = role_of(user)
    tasks = Task.objects.all()
    if role in OFFICE_ROLES or role in READER_ROLES:
        return tasks
    profile = _profile(user)
    if role == Role.LEADER and profile and profile.leader_id:
        return tasks.filter(leader=profile.leader_id)
    if role == Role.DEPARTMENT_REPORTER and profile and profile.department_id:
        return tasks.filter(Q(lead=profile.department_id) | Q(cooperating=profile.department_id)).distinct()
    if role == Role.TASK_FORCE and profile and profile.task_force_id:
        members = profile.task_force.departments.values("pk")
        return tasks.filter(Q(lead__in=members) | Q(cooperating__in=members)).distinct()
    return tasks.none()


def can_view(user, task: Task) -> bool:
    return visible_tasks(user).filter(pk=task.pk).exists()


def can_report(user, task: Task) -> bool:
    """Progress and notice replies come from the lead department only."""
    department = department_of(user)
    return department is not None and task.lead_id == department.pk and task.is_open


def is_lead(user, task: Task) -> bool:
    """A reporter of the lead department: it signs for and answers the item's notices, even once
    the item is reported done (the office still has to verify and close them)."""
    department = department_of(user)
    return department is not None and task.lead_id == department.pk


def can_comment(user, task: Task) -> bool:
    if is_office(user):
        return True
    department = department_of(user)
    return department is not None and (
        task.lead_id == department.pk or task.cooperating.filter(pk=department.pk).exists()
    )
