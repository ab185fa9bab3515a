"""Loading the synthetic demo data set through the ordinary importers."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.db.utils import OperationalError, ProgrammingError

from duban.demo import catalogue_data as cat
from duban.demo import dataset
from duban.imports.base import ImportReport
from duban.imports.registry import importer_for
from duban.imports.tabular import ImportRejected, Sheet
from duban.supervision.demo import load_demo_tasks
from duban.scoring.demo import load_demo_scoring
from duban.projects.demo import load_demo_projects

DEMO_VERSION = "2024.1"
DEMO_PASSWORD = "duban-demo"

# username, display name, role, department, leader
DEMO_USERS = [
    ("admin", "系统管理员", "admin", None, None),
    ("shuju", "数据办 审核员", "data_office", None, None),
    ("ducha", "督查室 专员", "supervision_office", None, None),
    ("jingxin", "经信局 填报员", "department_reporter", "经信局", None),
    ("shangwu", "商务局 填报员", "department_reporter", "商务局", None),
    ("wangming", "王明", "leader", None, "王明"),
]


class DemoLoadFailed(RuntimeError):
    pass


@dataclass
class DemoSummary:
    reports: list[ImportReport]
    users: list[str]


def is_demo_loaded() -> bool:
    from duban.demo.models import DemoDataset

    try:
        return DemoDataset.objects.exists()
    except (OperationalError, ProgrammingError):  # before `duban init` has created the tables
        return False


def load_demo() -> DemoSummary:
    """Load (or re-load, changing nothing) the demo data in one transaction."""
    from duban.demo.models import DemoDataset

    observation_rows = dataset.observations()
    tables = [
        ("regions", dataset.regions()),
        ("groups", dataset.groups()),
        ("departments", dataset.departments()),
        ("indicators", dataset.indicators()),
        ("observations", observation_rows),
        ("targets", dataset.targets(observation_rows)),
    ]
    reports = []
    with transaction.atomic():
        for kind, rows in tables:
            importer = importer_for(kind)(file_name=f"demo:{kind}", actor="demo", reason="载入演示数据")
            try:
                report = importer.run([Sheet(f"demo-{kind}", rows)])
            except ImportRejected as rejected:
                raise DemoLoadFailed("\n".join(map(str, rejected.problems))) from None
            if not report.ok:
                raise DemoLoadFailed("\n".join(map(str, report.problems[:20])))
            reports.append(report)
        _name_groups_and_task_forces()
        _date_home_reports()
        users = _demo_users()
        DemoDataset.objects.update_or_create(pk=1, defaults={"version": DEMO_VERSION})
        reports.append(load_demo_tasks())
        reports.extend(load_demo_scoring())
        reports += load_demo_projects()
    return DemoSummary(reports, users)


def _date_home_reports() -> None:
    """Date the home county's demo figures in the ledger as if each had been reported around its
    deadline (most a few days before, one in eight a few days late), not on the day the demo was
    loaded: the 填报及时率 of the department scores reads those dates. Synthetic, like the figures."""
    from datetime import datetime, time, timedelta
    from zlib import crc32

    from django.utils import timezone

    from duban.observations.models import ObservationRevision

    revisions = list(
        ObservationRevision.objects.filter(actor="demo", action="create", observation__region__code=cat.HOME)
        .select_related("observation__indicator")
    )
    for revision in revisions:
        figure = revision.observation
        deadline = figure.period_end + timedelta(days=figure.indicator.report_deadline_days)
        spread = crc32(f"{figure.indicator.code}/{figure.period}".encode()) % 8  # the same on every load
        day = deadline + timedelta(days=3) if spread == 0 else deadline - timedelta(days=spread - 1)
        revision.changed_at = timezone.make_aware(datetime.combine(day, time(16, 30)))
    ObservationRevision.objects.bulk_update(revisions, ["changed_at"], batch_size=500)


def _name_groups_and_task_forces() -> None:
    from duban.catalogue.models import Department, Indicator, Leader, PeerGroup, TaskForce

    for code, _, short in (cat.JINHUA_GROUP, cat.PROVINCE_GROUP):
        PeerGroup.objects.filter(code=code).exclude(short_name=short).update(short_name=short)
    for name, title in cat.LEADERS.items():
        Leader.objects.filter(name=name).exclude(title=title).update(title=title)
    leaders = Leader.objects.in_bulk(field_name="name")
    specs = [*cat.TASK_FORCES.items(), (None, cat.COORDINATING_TASK_FORCE)]
    for category, (name, leader, departments) in specs:
        force, _ = TaskForce.objects.get_or_create(name=name, defaults={"leader": leaders[leader]})
        if set(force.departments.values_list("name", flat=True)) != set(departments):
            force.departments.set(Department.objects.filter(name__in=departments))
        if category:
            Indicator.objects.filter(category=category).exclude(task_force=force).update(task_force=force)
    for department in Department.objects.select_related("leader"):
        Indicator.objects.filter(department=department).exclude(leader=department.leader).update(
            leader=department.leader
        )


def _demo_users() -> list[str]:
    from duban.accounts.models import Profile
    from duban.catalogue.models import Department, Leader

    created = []
    for username, display, role, department, leader in DEMO_USERS:
        user, new = User.objects.get_or_create(
            username=username,
            defaults={"first_name": display, "is_staff": role == "admin", "is_superuser": role == "admin"},
        )
        if new:
            user.set_password(DEMO_PASSWORD)
            user.save()
            created.append(username)
        Profile.objects.update_or_create(
            user=user,
            defaults={
                "role": role,
                "department": Department.objects.filter(name=department).first() if department else None,
                "leader": Leader.objects.filter(name=leader).first() if leader else None,
            },
        )
    return created
