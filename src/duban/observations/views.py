"""Pages for data entry (填报), review, locks, history and export. Logic lives in workflow/grid."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from django.utils.translation import gettext, gettext_lazy

from duban.catalogue.lookups import UnknownName
from duban.catalogue.models import Department, Indicator, Region
from duban.core.numbers import format_number
from duban.core.periods import Period, PeriodError
from duban.core.period_text import parse_period
from duban.observations.export import Selection, export_xlsx
from duban.observations.grid import entry_grid, parse_cell, read_post
from duban.observations.models import Observation, ObservationRevision, PeriodLock, Status
from duban.observations.review import CHECKS, JUMP_FACTOR, PAGE_SIZE, ReviewFilter, act, is_jump, keys_of, queue, reference_for, references, reporting_rates
from duban.observations.permissions import can_enter_for, is_office, own_department
from duban.observations.services import KIND_LABELS, department_kinds, period_needing, periods_with_data
from duban.observations.workflow import ACTION_NAMES, WorkflowError, lock_period, revert, save_entries, transition, unlock_period
from duban.web.periods import period_label

# The ledger keeps action codes; the history page names them in the reader's language.
HISTORY_ACTIONS = {
    "create": gettext_lazy("新建"), "update": gettext_lazy("修改"), "entry": gettext_lazy("填报"),
    "submit": gettext_lazy("报送"), "approve": gettext_lazy("审核通过"), "publish": gettext_lazy("发布"),
    "reject": gettext_lazy("退回"), "revision": gettext_lazy("锁定后修订"), "revert": gettext_lazy("撤销"),
    "remove": gettext_lazy("删除"), "correction": gettext_lazy("更正"),
}


def _period(text: str) -> Period:
    try:
        return parse_period(text).period
    except PeriodError:
        raise PermissionDenied(gettext("无法识别的期间“%(text)s”") % {"text": text}) from None


def _home_region() -> Region:
    return get_object_or_404(Region, code=settings.HOME_REGION)


def _opening_period(department: Department, kind: str | None) -> Period:
    """The period that needs this department (services.period_needing); with no figure at all yet,
    the period that ended last, the first one they will report."""
    kinds = department_kinds(department) or ["month"]
    kind = kind if kind in kinds else kinds[0]
    as_of = timezone.localdate()
    return (period_needing(kind=kind, as_of=as_of, department=department, region=_home_region())
            or Period.from_date(as_of, kind).previous())


def _picker(department: Department, region: Region, period: Period) -> dict:
    """The frequency switch and the periods holding this department's figures, latest first."""
    kind = str(period.kind)
    indicators = Indicator.objects.filter(department=department, frequency=kind)
    periods = set(periods_with_data(kind, indicators=indicators, region=region))
    periods |= {period, _opening_period(department, kind), max(periods or {period}).next()}  # and the next to report
    return {
        "kinds": [(k, KIND_LABELS[k]) for k in department_kinds(department)], "kind": kind,
        "period_choices": [(p.code, period_label(p)) for p in sorted(periods, reverse=True)],
    }


@login_required
def entry_index(request):
    mine = own_department(request.user)
    if mine is None and not is_office(request.user):
        raise PermissionDenied(gettext("只有部门填报员和数据办可以填报"))
    chosen = request.GET.get("department")
    department = mine or (get_object_or_404(Department, pk=chosen) if chosen and chosen.isdigit() else None)
    if department is None:
        departments = Department.objects.order_by("name")
        return render(request, "observations/entry_index.html", {"departments": departments})
    text = request.GET.get("period", "")
    period = _period(text) if text else _opening_period(department, request.GET.get("kind"))
    return redirect("observations:entry", department=department.pk, period=period.code)


@login_required
def entry(request, department: int, period: str):
    department = get_object_or_404(Department, pk=department)
    if not can_enter_for(request.user, department):
        raise PermissionDenied(gettext("只能填报本部门的指标"))
    period = _period(period)
    region = _home_region()
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
                    _report_saved(request, result.saved)
                    if request.POST.get("action") == "submit":
                        _submit_drafts(request, department, region, period)
                    return redirect("observations:entry", department=department.pk, period=period.code)
                _mark_refusals(rows, result)
    return render(request, "observations/entry.html", {
        "department": department, "region": region, "period": period,
        "period_label": period_label(period), "rows": rows, "result": result,
        "locked": PeriodLock.objects.filter(period=period.code).exists(),
        "previous": period.previous(), "next": period.next(), **_picker(department, region, period),
        "jump_factor": JUMP_FACTOR,
    })


def _submit_drafts(request, department, region, period) -> None:
    drafts = list(Observation.objects.select_related("indicator").filter(
        indicator__department=department, region=region, period=period.code, status=Status.DRAFT))
    try:
        count = transition(request.user, drafts, "submit")
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        if not count:
            messages.info(request, gettext("本期没有待报送的草稿"))
        elif is_office(request.user):
            messages.success(request, gettext("已报送 %(n)s 项，请在数据审核中审核、发布") % {"n": count})
        else:
            messages.success(request, gettext("已报送 %(n)s 项，等待数据办审核") % {"n": count})


def _report_saved(request, saved) -> None:
    """What the save did, in the figures' own states: drafts, or corrections of figures past draft."""
    corrected = [row for row in saved if row.status != Status.DRAFT]
    drafts = len(saved) - len(corrected)
    if drafts:
        messages.success(request, gettext("已保存 %(n)s 项（草稿，报送后由数据办审核）") % {"n": drafts})
    for row in corrected:
        messages.warning(request, gettext("已更正“%(name)s”，仍为%(status)s，原因已记入修改记录") % {
            "name": row.indicator.name, "status": row.get_status_display()})


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
def review_index(request):
    """The review queue opens on the period with figures waiting (services.period_needing)."""
    if not is_office(request.user):
        raise PermissionDenied(gettext("只有数据办或管理员可以审核"))
    kind = request.GET.get("kind") or None
    text = request.GET.get("period", "")
    period = _period(text) if text else (
        period_needing(kind=kind if kind in KIND_LABELS else None, as_of=timezone.localdate())
        or Period.from_date(timezone.localdate(), kind if kind in KIND_LABELS else "month").previous())
    return redirect("observations:review", period=period.code)


@login_required
def review(request, period: str):
    if not is_office(request.user):
        raise PermissionDenied(gettext("只有数据办或管理员可以审核"))
    period = _period(period)
    chosen = ReviewFilter.from_query(request.GET)
    rows = queue(period, chosen)
    if request.method == "POST":
        selected = rows if request.POST.get("scope") == "all" else rows.filter(pk__in=request.POST.getlist("ids"))
        _review_action(request, period, selected)
        return redirect(request.get_full_path())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    refs = references(period, keys_of(page.object_list))
    for row in page.object_list:
        row.last, row.last_year = refs.get((row.indicator_id, row.region_id, row.basis), (None, None))
        row.jump = is_jump(row.value, reference_for(period, row.basis, row.last, row.last_year))
    kind = str(period.kind)
    return render(request, "observations/review.html", {
        "period": period, "period_label": period_label(period), "page": page, "filter": chosen,
        "statuses": Status.choices, "checks": CHECKS.items(),
        "departments": Department.objects.filter(indicators__frequency=kind).distinct().order_by("name"),
        "indicators": Indicator.objects.filter(frequency=kind).order_by("code"),
        "lock": PeriodLock.objects.filter(period=period.code).first(),
        "rates": reporting_rates(period, _home_region()), "picker_url": reverse("observations:review_index"),
        "kinds": _review_kinds(),
        "kind": kind,
        "period_choices": [(p.code, period_label(p)) for p in periods_with_data(kind)] or [(period.code, period_label(period))],
    })


def _review_kinds() -> list[tuple[str, str]]:
    """The frequencies indicators are reported at (月/季/年/旬 …)."""
    used = set(Indicator.objects.values_list("frequency", flat=True))
    return [(kind, label) for kind, label in KIND_LABELS.items() if kind in used]


def _review_action(request, period, selected) -> None:
    action, reason = request.POST.get("action", ""), request.POST.get("reason", "").strip()
    try:
        if action == "lock":
            lock_period(request.user, period.code)
            messages.success(request, gettext("期间 %(period)s 已锁定") % {"period": period.code})
        elif action == "unlock":
            unlock_period(request.user, period.code)
            messages.success(request, gettext("期间 %(period)s 已解除锁定") % {"period": period.code})
        else:
            moved, skipped = act(request.user, selected, action, reason=reason)
            name = HISTORY_ACTIONS.get(action) or ACTION_NAMES.get(action, action)
            note = gettext("，%(n)s 项当前状态不能%(action)s，未改动") % {"n": skipped, "action": name} if skipped else ""
            messages.success(request, gettext("%(action)s %(n)s 项") % {"action": name, "n": moved} + note)
    except WorkflowError as error:
        messages.error(request, str(error))


@login_required
def history(request, pk: int):
    row = get_object_or_404(Observation.objects.select_related("indicator", "region"), pk=pk)
    department = row.indicator.department
    if not is_office(request.user) and not (department and can_enter_for(request.user, department)):
        raise PermissionDenied(gettext("无权查看该数据的修改记录"))
    revisions = list(row.revisions.select_related("changed_by").order_by("-changed_at", "-id"))
    labels = dict(Status.choices)
    for revision in revisions:  # the ledger keeps codes; people read the states' names
        revision.old_label = labels.get(revision.old_status, revision.old_status or "—")
        revision.new_label = labels.get(revision.new_status, revision.new_status or "—")
        revision.action_name = HISTORY_ACTIONS.get(revision.action) or ACTION_NAMES.get(revision.action, revision.action)
    return render(request, "observations/history.html", {
        "row": row, "revisions": revisions, "can_revert": is_office(request.user),
        "period_label": period_label(Period.parse(row.period)),
    })


@login_required
@require_POST
def revert_revision(request, pk: int, revision: int):
    target = get_object_or_404(ObservationRevision, pk=revision, observation_id=pk)
    try:
        revert(request.user, target, reason=request.POST.get("reason", ""))
        messages.success(request, gettext("已撤销，撤销本身已记入修改记录"))
    except WorkflowError as error:
        messages.error(request, str(error))
    return redirect("observations:history", pk=pk)


@login_required
def export(request):
    if own_department(request.user) is not None:
        raise PermissionDenied(gettext("导出请联系数据办"))
    selection = Selection(
        request.GET.getlist("indicators"), request.GET.getlist("regions"), request.GET.getlist("periods"),
        published_only=not is_office(request.user),  # drafts stay with the data office
    )
    try:
        content = export_xlsx(selection)
    except (UnknownName, PeriodError) as error:
        messages.error(request, str(error))
        return redirect(reverse("observations:entry_index"))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="duban-observations.xlsx"'
    return response
