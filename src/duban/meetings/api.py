"""/api/reports: a meeting report in, candidate tasks out; the reviewed list back in, tasks made.

Same rules as the page: the supervision office and administrators only (403 for the
rest); accepting is all or nothing, and every problem names the candidate and field.
"""

from datetime import date
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from duban.catalogue.models import Department, Leader
from duban.meetings import services
from duban.meetings.models import Candidate, Report
from duban.supervision.models import Task

router = Router(tags=["meetings"])


class ReportIn(Schema):
    text: str = Field(min_length=1, description="报道文字（可含报纸分栏换行）")
    title: str = Field("", description="留空则取报道中的会议名称")
    report_date: date | None = Field(None, description="会议日期或见报日期；报道中没有年份时必填")


class CandidateOut(Schema):
    id: int
    version: int
    kind: str
    status: str
    title: str
    text: str
    source_text: str
    spans: list[list[int]] = Field(description="[段落序号, 起, 止]，指向 paragraphs")
    deadline_text: str
    due: date | None
    recurrence: str
    targets: list[str]
    lead: str | None
    cooperating: list[str]
    leader: str | None
    parent_id: int | None
    lead_hint: dict
    parent_hint: dict
    task_id: int | None


class ReportOut(Schema):
    id: int
    title: str
    meeting_date: date
    date_source: str
    plan_year: int
    paragraphs: list[str]
    candidates: list[CandidateOut]


class ReviewedItem(Schema):
    id: int
    version: int = Field(description="取自候选任务的 version，防止覆盖他人的修改")
    action: Literal["accept", "reject"] = "accept"
    reason: str = ""
    title: str | None = None
    text: str | None = None
    lead: str | None = Field(None, description="牵头单位名称")
    cooperating: list[str] | None = None
    leader: str | None = None
    parent_id: int | None = None
    deadline_text: str | None = None
    due: date | None = None


class ReviewedList(Schema):
    candidates: list[ReviewedItem] = Field(min_length=1)


class AcceptedTask(Schema):
    candidate_id: int
    task_id: int
    number: str
    title: str
    lead: str
    due: date | None


class AcceptOut(Schema):
    tasks: list[AcceptedTask]
    rejected: list[int]


def _report_out(report: Report) -> dict:
    candidates = report.candidates.select_related("lead", "leader").prefetch_related("cooperating")
    return {
        "id": report.id, "title": report.title, "meeting_date": report.meeting_date,
        "date_source": report.date_source, "plan_year": report.plan_year, "paragraphs": report.paragraphs,
        "candidates": [
            {
                "id": c.id, "version": c.version, "kind": c.kind, "status": c.status, "title": c.title,
                "text": c.text, "source_text": c.source_text, "spans": c.spans, "deadline_text": c.deadline_text,
                "due": c.due, "recurrence": c.recurrence, "targets": c.targets,
                "lead": c.lead.name if c.lead else None, "cooperating": [d.name for d in c.cooperating.all()],
                "leader": c.leader.name if c.leader else None, "parent_id": c.parent_id,
                "lead_hint": c.lead_hint, "parent_hint": c.parent_hint, "task_id": c.task_id,
            }
            for c in candidates
        ],
    }


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{field}：{m}" for field, problems in error.message_dict.items() for m in problems]
    return error.messages


@router.post("/reports", response={201: ReportOut}, summary="提交会议报道，返回候选任务")
def create_report(request, payload: ReportIn):
    try:
        report = services.create_report(request.user, text=payload.text, title=payload.title, given_date=payload.report_date)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    except ValidationError as error:
        raise HttpError(400, "；".join(_messages(error))) from None
    return Status(201, _report_out(report))


@router.get("/reports/{report_id}", response=ReportOut, summary="一篇会议报道及其候选任务")
def report_detail(request, report_id: int):
    try:
        services.check_office(request.user)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    return _report_out(get_object_or_404(Report, pk=report_id))


@router.post("/reports/{report_id}/accept", response=AcceptOut, summary="提交审核后的清单：接受的转为任务，其余按理由拒绝")
def accept(request, report_id: int, payload: ReviewedList):
    report = get_object_or_404(Report, pk=report_id)
    accepted, rejected, problems = [], [], []
    try:
        with transaction.atomic():
            for item in payload.candidates:
                try:
                    outcome = _decide(request.user, report, item)
                except ValidationError as error:
                    problems += [f"候选 {item.id}：{m}" for m in _messages(error)]
                    continue
                (accepted if isinstance(outcome, Task) else rejected).append((item.id, outcome))
            if problems:
                raise ValidationError(problems)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    except ValidationError:
        raise HttpError(400, "；".join(problems)) from None  # all or nothing: nothing was kept
    return {
        "tasks": [{"candidate_id": cid, "task_id": t.id, "number": t.number, "title": t.title, "lead": t.lead.name,
                   "due": t.due} for cid, t in accepted],
        "rejected": [cid for cid, _ in rejected],
    }


def _decide(user, report: Report, item: ReviewedItem):
    candidate = Candidate.objects.filter(pk=item.id, report=report).first()
    if candidate is None:
        raise ValidationError(f"不是这篇报道的候选任务")
    if item.action == "reject":
        return services.reject(user, candidate, version=item.version, reason=item.reason)
    return services.accept(user, candidate, version=item.version, **_changes(item))


def _changes(item: ReviewedItem) -> dict:
    """Only the fields the caller sent; names resolved against the catalogue."""
    given = item.model_fields_set
    changes = {name: getattr(item, name) for name in ("title", "text", "deadline_text", "due") if name in given}
    if "lead" in given:
        changes["lead"] = _named(Department, item.lead, "lead", "牵头单位")
    if "leader" in given:
        changes["leader"] = _named(Leader, item.leader, "leader", "责任领导")
    if "cooperating" in given:
        changes["cooperating"] = [_named(Department, name, "cooperating", "配合单位") for name in item.cooperating or []]
    if "parent_id" in given:
        changes["parent"] = Task.objects.filter(pk=item.parent_id).first() if item.parent_id else None
        if item.parent_id and changes["parent"] is None:
            raise ValidationError({"parent_id": f"没有编号为 {item.parent_id} 的任务"})
    return changes


def _named(model, name: str | None, field: str, label: str):
    if not name:
        return None
    found = model.objects.filter(name=name).first()
    if found is None:
        raise ValidationError({field: f"{label}“{name}”不在目录中"})
    return found
