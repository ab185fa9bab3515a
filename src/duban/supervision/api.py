"""/api/tasks: the task list, one task with its progress, and reporting progress.

Same rules as the pages: a task the caller may not see is 404, an action they may
not take is 403.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from duban.apitypes import IsoDate, Percent
from duban.supervision import permissions, services
from duban.supervision.escalation import overview
from duban.supervision.models import Task

router = Router(tags=["tasks"])


class TaskRow(Schema):
    id: int
    title: str
    lead: str | None
    due: date | None
    state: str
    slip: str | None
    escalation: str | None


class ReportOut(Schema):
    id: int
    department: str
    percent: int
    text: str
    created: datetime


class NoticeOut(Schema):
    number: str
    due: date
    state: str


class TaskDetail(TaskRow):
    number: str
    level: str
    parent_id: int | None
    leader: str | None
    deadline_text: str
    cooperating: list[str]
    collective_units: list[str]
    percent: int
    reports: list[ReportOut]
    notices: list[NoticeOut]


class ProgressIn(Schema):
    text: str = Field(min_length=1)
    percent: Percent


def _visible(request, task_id: int) -> Task:
    task = get_object_or_404(Task, pk=task_id)
    if not permissions.can_view(request.user, task):
        raise Http404("没有这项任务")
    return task


def _detail(task: Task, as_of: date) -> dict:
    row = overview(Task.objects.filter(pk=task.pk), as_of)[0]
    return row | {
        "number": task.number, "level": task.level, "parent_id": task.parent_id,
        "leader": task.leader.name if task.leader else None, "deadline_text": task.deadline_text,
        "cooperating": [d.name for d in task.cooperating.all()], "collective_units": task.collective_units,
        "percent": task.percent,
        "reports": [
            {"id": r.id, "department": r.department.name, "percent": r.percent, "text": r.text, "created": r.created}
            for r in task.reports.select_related("department")
        ],
        "notices": [{"number": n.number, "due": n.due, "state": n.state} for n in task.notices.all()],
    }


@router.get("", response=list[TaskRow], summary="可见的任务和举措")
def list_tasks(request, as_of: IsoDate | None = None):
    return overview(permissions.visible_tasks(request.user), as_of or timezone.localdate())


@router.get("/{task_id}", response=TaskDetail, summary="一项任务及其进展")
def task_detail(request, task_id: int, as_of: IsoDate | None = None):
    task = _visible(request, task_id)
    if task.level == "goal":
        raise Http404("目标行没有进展")
    return _detail(task, as_of or timezone.localdate())


@router.post("/{task_id}/progress", response={201: ReportOut}, summary="报送进展（仅牵头单位）")
def create_progress(request, task_id: int, payload: ProgressIn):
    task = _visible(request, task_id)
    try:
        report = services.report_progress(request.user, task, text=payload.text, percent=payload.percent)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    return Status(201, {"id": report.id, "department": report.department.name, "percent": report.percent,
                        "text": report.text, "created": report.created})
