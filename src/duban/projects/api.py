"""Projects through the API: read by every signed-in user; months and milestones written with the
pages' permissions (the lead department enters, the data office approves), 409 on a stale version."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status as Respond
from pydantic import Field

from duban.accounts.models import role_of
from duban.apitypes import IsoDate
from duban.core.periods import PeriodError
from duban.projects.models import Project, ProjectMonth
from duban.projects.services import PeriodNotMonth, month_period, status_report, timeline
from duban.projects.workflow import MonthEntry, WorkflowError, save_month, set_milestone, transition

router = Router(tags=["projects"])


class MilestoneOut(Schema):
    kind: str
    planned_date: date | None
    actual_date: date | None


class PlanOut(Schema):
    year: int
    annual_plan: Decimal
    months: list[Decimal]


class ProjectOut(Schema):
    code: str
    name: str
    type: str
    town: str
    department: str
    leader: str | None
    task_force: str | None
    total_investment: Decimal


class ProjectDetail(ProjectOut):
    plans: list[PlanOut]
    milestones: list[MilestoneOut]


class MonthOut(Schema):
    project: str
    period: str
    completed_ytd: Decimal
    status: str
    version: int


class MonthIn(Schema):
    completed_ytd: Decimal = Field(ge=0, max_digits=14, decimal_places=2)
    version: int | None = None  # the version you read; omit only for a new month
    milestones: dict[str, IsoDate | None] = {}  # actual dates: 签约 供地 开工 竣工 投产
    reason: str = Field("", max_length=500)


class TransitionIn(Schema):
    action: str  # submit | approve | reject
    reason: str = Field("", max_length=500)


class MilestoneIn(Schema):
    planned_date: IsoDate | None = None
    actual_date: IsoDate | None = None
    reason: str = Field("", max_length=500)


class StatusOut(Schema):
    code: str
    name: str
    colour: str
    planned_pct: float
    completed_pct: float | None
    gap_pp: float | None
    reasons: list[str]


class StatusReport(Schema):
    period: str
    projects: list[StatusOut]


def _reader(request) -> None:
    if role_of(request.user) is None:
        raise HttpError(403, "无权查看项目")


def _out(p: Project) -> dict:
    return {"code": p.code, "name": p.name, "type": p.type, "town": p.town.code, "department": p.department.name,
            "leader": p.leader.name if p.leader else None, "task_force": p.task_force.name if p.task_force else None,
            "total_investment": p.total_investment}


def _month_out(m: ProjectMonth) -> dict:
    return {"project": m.project.code, "period": m.period, "completed_ytd": m.completed_ytd, "status": m.status,
            "version": m.version}


def _project(code: str) -> Project:
    return get_object_or_404(Project.objects.select_related("town", "department", "leader", "task_force"), code=code)


def _month(text: str):
    try:
        return month_period(text)
    except (PeriodError, PeriodNotMonth) as error:
        raise HttpError(422, str(error)) from None


@router.get("/", response=list[ProjectOut], summary="重大项目")
def list_projects(request, department: str = "", town: str = "", type: str = ""):
    _reader(request)
    rows = Project.objects.select_related("town", "department", "leader", "task_force")
    if department:
        rows = rows.filter(department__name=department)
    if town:
        rows = rows.filter(town__code=town) | rows.filter(town__name=town)
    if type:
        rows = rows.filter(type=type)
    return [_out(p) for p in rows.order_by("code")]


@router.get("/status", response=StatusReport, summary="某月各项目三色状态（同 duban projects --json）")
def project_status(request, period: str):
    _reader(request)
    return status_report(_month(period))


@router.get("/{code}", response=ProjectDetail, summary="一个项目：年度计划与节点")
def get_project(request, code: str):
    _reader(request)
    p = _project(code)
    plans = [{"year": y.year, "annual_plan": y.annual_plan, "months": list(y.monthly_plan)} for y in p.years.all()]
    milestones = [{"kind": m.kind, "planned_date": m.planned_date, "actual_date": m.actual_date} for m in timeline(p)]
    return {**_out(p), "plans": plans, "milestones": milestones}


@router.get("/{code}/months", response=list[MonthOut], summary="月度进展")
def list_months(request, code: str):
    _reader(request)
    return [_month_out(m) for m in _project(code).months.select_related("project").order_by("period")]


@router.put("/{code}/months/{period}", response={200: MonthOut, 409: dict}, summary="填报或修改月度进展（带版本号，冲突返回 409）")
def put_month(request, code: str, period: str, body: MonthIn):
    p, month = _project(code), _month(period)
    entry = MonthEntry(p, month, body.completed_ytd, body.version, dict(body.milestones))
    try:
        result = save_month(request.user, entry, reason=body.reason)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    except WorkflowError as error:
        raise HttpError(422, str(error)) from None
    if not result.ok:
        return Respond(409, {"detail": "进展已被他人修改，未保存；请核对后带最新版本号重试",
                             "theirs": _month_out(result.conflict) if result.conflict else None})
    return Respond(200, _month_out(result.month))


@router.post("/{code}/months/{period}/transition", response=MonthOut, summary="报送、审核或退回")
def post_transition(request, code: str, period: str, body: TransitionIn):
    _reader(request)
    row = get_object_or_404(ProjectMonth.objects.select_related("project"), project__code=code,
                            period=_month(period).code)
    try:
        transition(request.user, [row], body.action, reason=body.reason)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    except WorkflowError as error:
        raise HttpError(422, str(error)) from None
    return _month_out(row)


@router.get("/{code}/milestones", response=list[MilestoneOut], summary="节点")
def list_milestones(request, code: str):
    _reader(request)
    return [{"kind": m.kind, "planned_date": m.planned_date, "actual_date": m.actual_date} for m in timeline(_project(code))]


@router.put("/{code}/milestones/{kind}", response=MilestoneOut, summary="修改节点日期（计划日期仅数据办）")
def put_milestone(request, code: str, kind: str, body: MilestoneIn):
    p = _project(code)
    try:
        m = set_milestone(request.user, p, kind, planned=body.planned_date, actual=body.actual_date, reason=body.reason)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    except WorkflowError as error:
        raise HttpError(422, str(error)) from None
    return {"kind": m.kind, "planned_date": m.planned_date, "actual_date": m.actual_date}
