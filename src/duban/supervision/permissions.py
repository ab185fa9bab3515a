"""Who may see and do what with tasks. Every page and API endpoint asks here.

The supervision office (and administrators) see everything; a leader sees the items
they are responsible for; a department sees the items it leads or cooperates on;
only the lead department reports progress on an item.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from duban.accounts.permissions import department_of, is_supervision_office, leader_of, reads_every_task, task_force_of
from duban.supervision.models import Task

# The role check lives in accounts.permissions; the name the task code asks by.
is_office = is_supervision_office


def visible_tasks(user) -> QuerySet[Task]:
    tasks = Task.objects.all()
    if reads_every_task(user):
        return tasks
    leader, department = leader_of(user), department_of(user)
    if leader is not None:
        return tasks.filter(leader=leader)
    if department is not None:
        return tasks.filter(Q(lead=department) | Q(cooperating=department)).distinct()
    task_force = task_force_of(user)
    if task_force is not None:
        members = task_force.departments.values("pk")
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
    if is_supervision_office(user):
        return True
    department = department_of(user)
    return department is not None and (
        task.lead_id == department.pk or task.cooperating.filter(pk=department.pk).exists()
    )
