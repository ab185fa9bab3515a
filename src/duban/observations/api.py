"""Observations through the API: read, write with the version check (409 on conflict), workflow, history."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status as Respond  # (status, body); tuples are deprecated in django-ninja 1.7

from duban.catalogue.lookups import UnknownName, resolve
from duban.catalogue.models import Indicator, Region
from duban.core.periods import PeriodError
from duban.core.period_text import parse_period, parse_period_for
from duban.observations.models import Observation
from duban.observations.permissions import can_edit_indicator, readable_observations
from duban.observations.workflow import CellEdit, WorkflowError, remove_figure, save_entries, transition

router = Router(tags=["observations"])


class ObservationOut(Schema):
    id: int
    indicator: str
    region: str
    period: str
    basis: str
    value: Decimal | None
    yoy_pct: Decimal | None
    reported_rank: int | None
    status: str
    version: int


class ObservationIn(Schema):
    indicator: str
    region: str
    period: str
    basis: str = "ytd"
    value: Decimal | None = None
    yoy_pct: Decimal | None = None
    version: int | None = None  # the version you read; omit only for a new figure
    reason: str = ""
    accept_warnings: bool = False


class RemoveIn(Schema):
    reason: str
    fields: list[str] = ["value", "yoy_pct"]  # the numbers removed; both: the whole figure


class RemovedOut(Schema):
    removed: str  # "figure" (deleted) or the fields removed
    observation: ObservationOut | None


class TransitionIn(Schema):
    action: str  # submit | approve | publish | reject
    reason: str = ""


def _out(row: Observation) -> dict:
    return {
        "id": row.pk, "indicator": row.indicator.code, "region": row.region.code, "period": row.period,
        "basis": row.basis, "value": row.value, "yoy_pct": row.yoy_pct, "reported_rank": row.reported_rank,
        "status": row.status, "version": row.version,
    }


def _readable(user):
    return readable_observations(user, Observation.objects.select_related("indicator", "region"))


@router.get("/", response=list[ObservationOut], summary="指标数据（按权限过滤）")
def list_observations(request, indicator: str = "", region: str = "", period: str = "", status: str = "",
                      limit: int = Query(1000, ge=1, le=10000)):
    rows = _readable(request.user)
    try:
        found = resolve(Indicator, indicator) if indicator else None
        if found:
            rows = rows.filter(indicator=found)
        if region:
            rows = rows.filter(region=resolve(Region, region))
        if period:
            ref = parse_period_for(period, found.frequency) if found else parse_period(period)
            rows = rows.filter(period=ref.period.code)
    except (UnknownName, PeriodError) as error:
        raise HttpError(422, str(error)) from None
    if status:
        rows = rows.filter(status=status)
    return [_out(r) for r in rows.order_by("indicator__code", "region__code", "period_end")[:limit]]


@router.put("/", response={200: ObservationOut, 409: dict, 422: dict}, summary="填报或修改一项数据（带版本号，冲突返回 409）")
def put_observation(request, body: ObservationIn):
    try:
        indicator, region = resolve(Indicator, body.indicator), resolve(Region, body.region)
        ref = parse_period_for(body.period, indicator.frequency)  # 1-3月 of a quarterly one is its Q1
    except (UnknownName, PeriodError) as error:
        raise HttpError(422, str(error)) from None
    if not can_edit_indicator(request.user, indicator):
        raise HttpError(403, f"无权填报指标“{indicator.name}”")
    edit = CellEdit(indicator, region, ref.period, ref.basis or body.basis, body.value, body.yoy_pct, body.version)
    try:
        result = save_entries(request.user, [edit], reason=body.reason, accept_warnings=body.accept_warnings)
    except WorkflowError as error:
        raise HttpError(422, str(error)) from None
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    if result.conflicts:
        theirs = result.conflicts[0].current
        return Respond(409, {
            "detail": "数据已被他人修改，未保存；请核对后带最新版本号重试",
            "theirs": _out(theirs) if theirs else None,
            "yours": {"value": body.value, "yoy_pct": body.yoy_pct, "version": body.version},
        })
    if not result.ok:
        return Respond(422, {
            "detail": "检查未通过，未保存" if result.errors else "有警告：确认无误请设 accept_warnings 并填写 reason",
            "errors": [c.as_dict() for _, c in result.errors],
            "warnings": [c.as_dict() for _, c in result.warnings],
        })
    row = Observation.objects.select_related("indicator", "region").get(
        indicator=indicator, region=region, period=ref.period.code, basis=edit.basis)
    return Respond(200, _out(row))


@router.post("/{observation_id}/transition", response=ObservationOut, summary="报送、审核、发布或退回")
def post_transition(request, observation_id: int, body: TransitionIn):
    row = get_object_or_404(_readable(request.user), pk=observation_id)
    try:
        transition(request.user, [row], body.action, reason=body.reason)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    except WorkflowError as error:
        raise HttpError(422, str(error)) from None
    return _out(row)


@router.post("/{observation_id}/remove", response=RemovedOut, summary="删除一项数据或其数值、增速（须说明原因，记入修改记录；数据办）")
def post_remove(request, observation_id: int, body: RemoveIn):
    row = get_object_or_404(_readable(request.user), pk=observation_id)
    try:
        after = remove_figure(request.user, row, reason=body.reason, fields=tuple(body.fields))
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    except WorkflowError as error:
        raise HttpError(422, str(error)) from None
    if after is None:
        return {"removed": "figure", "observation": None}
    return {"removed": ",".join(body.fields), "observation": _out(after)}


@router.get("/{observation_id}/revisions", summary="修改记录")
def list_revisions(request, observation_id: int):
    row = get_object_or_404(_readable(request.user), pk=observation_id)
    return [
        {
            "changed_at": r.changed_at, "changed_by": r.changed_by.username if r.changed_by else r.actor,
            "action": r.action, "old_value": r.old_value, "new_value": r.new_value,
            "old_yoy_pct": r.old_yoy_pct, "new_yoy_pct": r.new_yoy_pct,
            "old_status": r.old_status, "new_status": r.new_status, "reason": r.reason,
        }
        for r in row.revisions.select_related("changed_by").order_by("changed_at", "id")
    ]
