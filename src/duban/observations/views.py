"""Pages for data entry (填报), review, locks, history and export. Logic lives in workflow/grid."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from duban.accounts.permissions import department_of, is_data_office
from duban.catalogue.lookups import UnknownName
from duban.catalogue.models import Department, Indicator, Region
from duban.core.numbers import format_number
from duban.core.periods import Period, PeriodError, format_period, parse_period
from duban.observations.export import Selection, export_xlsx
from duban.observations.grid import entry_grid, parse_cell, read_post
from duban.observations.models import Observation, ObservationRevision, PeriodLock, Status
from duban.observations.permissions import can_enter_for
from duban.observations.workflow import ACTION_NAMES, WorkflowError, lock_period, revert, save_entries, transition, unlock_period


def _period(text: str) -> Period:
    try:
        return parse_period(text).period
    except PeriodError:
        raise PermissionDenied(f"无法识别的期间“{text}”") from None


def _default_period() -> Period:
    """Last month: the period departments are usually reporting."""
    return Period.from_date(timezone.localdate(), "month").previous()


@login_required
def entry_index(request):
    mine = department_of(request.user)
    if mine is not None:
        return redirect("observations:entry", department=mine.pk, period=_default_period().code)
    if not is_data_office(request.user):
        raise PermissionDenied("只有部门填报员和数据办可以填报")
    departments = Department.objects.order_by("name")
    return render(request, "observations/entry_index.html", {"departments": departments, "period": _default_period()})


@login_required
def entry(request, department: int, period: str):
    department = get_object_or_404(Department, pk=department)
    if not can_enter_for(request.user, department):
        raise PermissionDenied("只能填报本部门的指标")
    period = _period(period)
    region = get_object_or_404(Region, code=settings.HOME_REGION)
    rows = entry_grid(department, region, period)
    result = None
    if request.method == "POST":
        edits, parsed = read_post(rows, request.POST, region, period)
        if parsed:
            try:
                result = save_entries(request.user, edits, reason=request.POST.get("reason", "").strip(),
                                      accept_warnings=bool(request.POST.get("accept_warnings")))
            except WorkflowError as error:
                messages.error(request, str(error))
            else:
                if result.ok:
                    if request.POST.get("action") == "submit":
                        _submit_drafts(request, department, region, period)
                    else:
                        messages.success(request, f"已保存 {len(result.saved)} 项（草稿）")
                    return redirect("observations:entry", department=department.pk, period=period.code)
                _mark_refusals(rows, result)
    return render(request, "observations/entry.html", {
        "department": department, "region": region, "period": period,
        "period_label": format_period(period), "rows": rows, "result": result,
        "locked": PeriodLock.objects.filter(period=period.code).exists(),
        "previous": period.previous(), "next": period.next(),
    })


def _submit_drafts(request, department, region, period) -> None:
    drafts = list(Observation.objects.select_related("indicator").filter(
        indicator__department=department, region=region, period=period.code, status=Status.DRAFT))
    try:
        count = transition(request.user, drafts, "submit")
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已报送 {count} 项，等待数据办审核")


def _mark_refusals(rows, result) -> None:
    by_indicator = {row.indicator.pk: row for row in rows}
    for conflict in result.conflicts:
        row = by_indicator[conflict.edit.indicator.pk]
        theirs = conflict.current
        who = (theirs.updated_by or "他人") if theirs else "他人"
        row.observation = theirs  # the next save is against their version, knowingly
        row.severity = "conflict"
        row.message = (
            f"保存被拒绝：{who} 已先行修改。对方的值：数值 {format_number(theirs.value) if theirs else '—'}，"
            f"增速 {format_number(theirs.yoy_pct) if theirs else '—'}；您的值：数值 {format_number(conflict.edit.value)}，"
            f"增速 {format_number(conflict.edit.yoy_pct)}。确认用您的值覆盖请再次保存。"
        )
    for edit, check in result.errors + result.warnings:
        row = by_indicator[edit.indicator.pk]
        row.severity = row.severity or check.severity
        row.message = "；".join(filter(None, [row.message, check.reason]))


@login_required
@require_POST
def check_cell(request):
    """htmx: the typed figure as the system reads it, or why it is not a number."""
    indicator = Indicator.objects.filter(pk=request.POST.get("indicator")).first()
    field = request.POST.get("field", "value")
    unit = "%" if field == "yoy" else (indicator.unit if indicator else None)
    text = request.POST.get(f"{field}-{indicator.pk}" if indicator else field, "")
    value, error = parse_cell(text, unit)
    if error:  # the message quotes what was typed: escaped by format_html
        return HttpResponse(format_html('<span class="cell-error">{}</span>', error))
    if value is None:
        return HttpResponse('<span class="cell-empty">（空）</span>')
    return HttpResponse(format_html('<span class="cell-ok">= {} {}</span>', format_number(value), unit or ""))


@login_required
def review(request, period: str):
    if not is_data_office(request.user):
        raise PermissionDenied("只有数据办或管理员可以审核")
    period = _period(period)
    rows = Observation.objects.select_related("indicator", "region", "updated_by").filter(period=period.code)
    status = request.GET.get("status", "")
    if status:
        rows = rows.filter(status=status)
    if request.method == "POST":
        _review_action(request, period, list(rows.filter(pk__in=request.POST.getlist("ids"))))
        return redirect(request.get_full_path())
    return render(request, "observations/review.html", {
        "period": period, "period_label": format_period(period),
        "rows": rows.order_by("indicator__code", "region__code")[:500], "statuses": Status.choices, "status": status,
        "lock": PeriodLock.objects.filter(period=period.code).first(),
    })


def _review_action(request, period, selected) -> None:
    action, reason = request.POST.get("action", ""), request.POST.get("reason", "").strip()
    try:
        if action == "lock":
            lock_period(request.user, period.code)
            messages.success(request, f"期间 {period.code} 已锁定")
        elif action == "unlock":
            unlock_period(request.user, period.code)
            messages.success(request, f"期间 {period.code} 已解除锁定")
        else:
            count = transition(request.user, selected, action, reason=reason)
            messages.success(request, f"{ACTION_NAMES.get(action, action)} {count} 项")
    except WorkflowError as error:
        messages.error(request, str(error))


@login_required
def history(request, pk: int):
    row = get_object_or_404(Observation.objects.select_related("indicator", "region"), pk=pk)
    department = row.indicator.department
    if not is_data_office(request.user) and not (department and can_enter_for(request.user, department)):
        raise PermissionDenied("无权查看该数据的修改记录")
    revisions = row.revisions.select_related("changed_by").order_by("-changed_at", "-id")
    return render(request, "observations/history.html", {
        "row": row, "revisions": revisions, "action_names": ACTION_NAMES, "can_revert": is_data_office(request.user),
    })


@login_required
@require_POST
def revert_revision(request, pk: int, revision: int):
    target = get_object_or_404(ObservationRevision, pk=revision, observation_id=pk)
    try:
        revert(request.user, target, reason=request.POST.get("reason", ""))
        messages.success(request, "已撤销，撤销本身已记入修改记录")
    except WorkflowError as error:
        messages.error(request, str(error))
    return redirect("observations:history", pk=pk)


@login_required
def export(request):
    if department_of(request.user) is not None:
        raise PermissionDenied("导出请联系数据办")
    selection = Selection(
        request.GET.getlist("indicators"), request.GET.getlist("regions"), request.GET.getlist("periods"),
        published_only=not is_data_office(request.user),  # drafts stay with the data office
    )
    try:
        content = export_xlsx(selection)
    except (UnknownName, PeriodError) as error:
        messages.error(request, str(error))
        return redirect(reverse("observations:entry_index"))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="duban-observations.xlsx"'
    return response
