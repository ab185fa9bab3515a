"""Monthly entry by the lead department and its approval, on the figures' own path and rules.

    draft ──submit──▶ submitted ──approve──▶ approved
      ▲                   │                      │
      └──────reject (with a reason)──────────────┘

The transitions, their names and who may take them are the observations workflow's
(``TRANSITIONS``, ``ACTION_NAMES``; the data office approves); projects stop at approval.
Each change writes ledger rows (``ProjectRevision``); a save carries the version the person
loaded, and a stale one is refused as a conflict with nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from duban.core.periods import Period
from duban.core.project_status import MILESTONES
from duban.observations.models import Status
from duban.observations.permissions import is_office, own_department
from duban.observations.workflow import ACTION_NAMES, TRANSITIONS, WorkflowError
from duban.projects.models import Milestone, Project, ProjectMonth, ProjectRevision

ACTIONS = {name: TRANSITIONS[name] for name in ("submit", "approve", "reject")}

__all__ = ["ACTIONS", "MonthEntry", "WorkflowError", "can_enter", "save_month", "transition"]


def can_enter(user, project: Project) -> bool:
    """The lead department's reporters and the data office enter a project's months."""
    if is_office(user):
        return True
    mine = own_department(user)
    return mine is not None and mine.pk == project.department_id


@dataclass
class MonthEntry:
    """What a person typed for a month, with the version they loaded (None: a new month)."""

    project: Project
    period: Period
    completed_ytd: Decimal | None
    version: int | None
    milestones: dict[str, date | None] = field(default_factory=dict)  # actual dates typed


@dataclass
class SaveResult:
    month: ProjectMonth | None
    conflict: ProjectMonth | None = None  # saved by someone else since it was loaded

    @property
    def ok(self) -> bool:
        return self.conflict is None


def _name(user) -> str:
    return user.get_username() if user is not None else ""


def _text(value) -> str:
    return "" if value is None else str(value)


def _ledger(project, month, user, field, action, old, new, reason, actor="") -> ProjectRevision:
    return ProjectRevision(project=project, month=month, field=field, action=action, old_value=_text(old),
                           new_value=_text(new), changed_by=user, actor=actor or _name(user), reason=reason)


def check_entry(entry: MonthEntry, earlier: Decimal | None, later: Decimal | None) -> list[str]:
    """Problems with the typed figures, in words; ``earlier`` / ``later`` are the neighbouring
    months' year-to-date figures (a cumulative figure never falls)."""
    problems = []
    if entry.completed_ytd is None:
        problems.append("1-N月累计完成投资不能为空")
    elif entry.completed_ytd < 0:
        problems.append("累计完成投资不能为负数")
    else:
        if earlier is not None and entry.completed_ytd < earlier:
            problems.append(f"累计完成投资 {entry.completed_ytd} 小于上月累计 {earlier}")
        if later is not None and entry.completed_ytd > later:
            problems.append(f"累计完成投资 {entry.completed_ytd} 大于下月累计 {later}")
    unknown = set(entry.milestones) - set(MILESTONES)
    if unknown:
        problems.append(f"未知的节点：{'、'.join(sorted(unknown))}")
    return problems


def neighbours(project: Project, period: Period) -> tuple[Decimal | None, Decimal | None]:
    rows = ProjectMonth.objects.filter(project=project, period__startswith=f"{period.year}-")
    earlier = max((r for r in rows if r.period < period.code), key=lambda r: r.period, default=None)
    later = min((r for r in rows if r.period > period.code), key=lambda r: r.period, default=None)
    return (earlier.completed_ytd if earlier else None, later.completed_ytd if later else None)


def save_month(user, entry: MonthEntry, *, reason: str = "", actor: str = "", status: str | None = None) -> SaveResult:
    """Save a month's figure and milestone dates, a new month as a draft. Refused: another
    department's project (PermissionDenied), a report already submitted or approved unless by the
    data office, a figure that fails ``check_entry`` (WorkflowError); a stale version is a conflict.
    ``status`` (imports: approved) is where the month ends, the change kept in the ledger."""
    if user is not None and not can_enter(user, entry.project):
        raise PermissionDenied(f"无权填报项目“{entry.project.name}”")
    problems = check_entry(entry, *neighbours(entry.project, entry.period))
    if problems:
        raise WorkflowError("；".join(problems))
    with transaction.atomic():
        row = ProjectMonth.objects.select_for_update().filter(project=entry.project, period=entry.period.code).first()
        if (row.version if row else None) != entry.version:
            return SaveResult(None, conflict=row)
        if row is not None and row.status != Status.DRAFT and user is not None and not is_office(user):
            raise WorkflowError(f"{row.period} 已{row.get_status_display()}，需数据办退回后才能修改")
        ledger = []
        if row is None:
            row = ProjectMonth.objects.create(project=entry.project, period=entry.period.code,
                                              completed_ytd=entry.completed_ytd, status=status or Status.DRAFT,
                                              updated_by=user)
            ledger.append(_ledger(entry.project, row, user, "completed_ytd", "entry", None, row.completed_ytd, reason, actor))
        elif row.completed_ytd != entry.completed_ytd:
            ledger.append(_ledger(entry.project, row, user, "completed_ytd", "entry", row.completed_ytd,
                                  entry.completed_ytd, reason, actor))
            row.completed_ytd, row.updated_by = entry.completed_ytd, user
            row.version += 1
            row.save()
        if status is not None and row.status != status:
            ledger.append(_ledger(entry.project, row, user, "status", "import", row.status, status, reason, actor))
            row.status = status
            row.version += 1
            row.save()
        ledger += _save_milestones(user, entry, row, reason, actor)
        ProjectRevision.objects.bulk_create(ledger)
    return SaveResult(row)


def _save_milestones(user, entry: MonthEntry, row: ProjectMonth, reason: str, actor: str) -> list[ProjectRevision]:
    ledger = []
    current = {m.kind: m for m in Milestone.objects.select_for_update().filter(project=entry.project)}
    for kind, actual in entry.milestones.items():
        milestone = current.get(kind) or Milestone(project=entry.project, kind=kind)
        if milestone.actual_date == actual:
            continue
        ledger.append(_ledger(entry.project, row, user, kind, "milestone", milestone.actual_date, actual, reason, actor))
        milestone.actual_date = actual
        milestone.save()
    return ledger


def transition(user, months: list[ProjectMonth], action: str, *, reason: str = "") -> int:
    """Move months along the path; all or nothing. Returns how many moved."""
    if action not in ACTIONS:
        raise WorkflowError(f"未知的操作“{action}”")
    sources, target, who = ACTIONS[action]
    if action == "reject" and not reason.strip():
        raise WorkflowError("退回必须说明原因")
    for row in months:
        allowed = is_office(user) if who == "office" else can_enter(user, row.project)
        if not allowed:
            raise PermissionDenied(f"无权对“{row.project.name}”执行{ACTION_NAMES[action]}")
        if row.status not in sources:
            raise WorkflowError(f"{row}：当前状态为{row.get_status_display()}，不能{ACTION_NAMES[action]}")
    with transaction.atomic():
        ledger = []
        for row in months:
            ledger.append(_ledger(row.project, row, user, "status", action, row.status, target, reason))
            row.status, row.updated_by = target, user
            row.version += 1
            row.save(update_fields=["status", "updated_by", "version", "updated_at"])
        ProjectRevision.objects.bulk_create(ledger)
    return len(months)


def set_milestone(user, project: Project, kind: str, *, planned: date | None, actual: date | None,
                  reason: str = "") -> Milestone:
    """Change a milestone's dates outside a monthly report: the planned date is the data office's
    (it is part of the plan), the actual date also the lead department's. Each change is in the ledger."""
    if kind not in MILESTONES:
        raise WorkflowError(f"未知的节点“{kind}”，可选：{'、'.join(MILESTONES)}")
    if not can_enter(user, project):
        raise PermissionDenied(f"无权修改项目“{project.name}”的节点")
    with transaction.atomic():
        milestone = Milestone.objects.select_for_update().filter(project=project, kind=kind).first() \
            or Milestone(project=project, kind=kind)
        if planned != milestone.planned_date and not is_office(user):
            raise PermissionDenied("计划日期属于年度计划，只有数据办可以修改")
        ledger = [_ledger(project, None, user, f"{kind}计划" if name == "planned_date" else kind, "milestone",
                          getattr(milestone, name), value, reason)
                  for name, value in (("planned_date", planned), ("actual_date", actual))
                  if getattr(milestone, name) != value]
        milestone.planned_date, milestone.actual_date = planned, actual
        milestone.save()
        ProjectRevision.objects.bulk_create(ledger)
    return milestone
