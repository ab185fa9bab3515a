"""Pages: the project board, a project's page, monthly entry and its approval. Logic lives in
services and workflow."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from duban.accounts.models import role_of
from duban.core.periods import Period, PeriodError
from duban.core.project_status import MILESTONES
from duban.observations.permissions import is_office
from duban.projects import services
from duban.projects.escalation import late_milestones
from duban.projects.forms import MonthEntryForm, ProjectFilterForm
from duban.projects.models import Milestone, MilestoneEscalation, Project, ProjectMonth, ProjectRevision
from duban.projects.workflow import ACTIONS, MonthEntry, WorkflowError, can_enter, save_month, transition
from duban.observations.workflow import ACTION_NAMES
from duban.web.periods import period_label


def _reader(request) -> None:
    if role_of(request.user) is None:
        raise PermissionDenied(gettext("请先登录"))


def _period(text: str | None) -> Period:
    """The month asked for, else the latest month any project reported (never the clock's)."""
    if text:
        try:
            return services.month_period(text)
        except (PeriodError, services.PeriodNotMonth) as error:
            raise Http404(str(error)) from None
    latest = services.latest_period()
    if latest is None:
        raise Http404(gettext("尚无项目进展数据"))
    return latest


@login_required
def board(request):
    _reader(request)
    form = ProjectFilterForm(request.GET or None)
    form.is_valid()
    if not hasattr(form, "cleaned_data"):
        form.cleaned_data = {}
    period = _period(form.cleaned_data.get("period"))
    lines = services.project_lines(period)
    shown = form.apply(lines)
    totals = services.summary(period, shown)
    share = services.fixed_asset_share(period, services.summary(period, lines)["completed_ytd"], settings.HOME_REGION)
    query = request.GET.copy()
    query.pop("sort", None), query.pop("desc", None)
    return render(request, "projects/board.html", {
        "form": form, "period": period, "period_label": period_label(period, "ytd"), "lines": shown,
        "totals": totals, "all_count": len(lines), "share": share, "query": query.urlencode(),
        "sort": form.cleaned_data.get("sort") or "colour", "desc": form.cleaned_data.get("desc"),
    })


@login_required
def project(request, code: str):
    _reader(request)
    item = get_object_or_404(Project.objects.select_related("town", "department", "leader", "task_force"), code=code)
    period = _period(request.GET.get("period"))
    line = next(iter(services.project_lines(period, services.project_queryset(period.year).filter(pk=item.pk))), None)
    months = list(ProjectMonth.objects.filter(project=item).order_by("-period"))
    late = {lm.milestone.pk: lm for lm in late_milestones(period.end, [item])}
    milestones = services.timeline(item)
    for m in milestones:
        m.late = late.get(m.pk) if m.pk else None
    return render(request, "projects/project.html", {
        "project": item, "period": period, "period_end": period.end, "line": line, "months": months, "milestones": milestones,
        "chart": services.chart_data(line) if line else None,
        "escalations": MilestoneEscalation.objects.filter(milestone__project=item).select_related("milestone"),
        "ledger": ProjectRevision.objects.filter(project=item).select_related("month").order_by("-changed_at", "-id")[:30],
        "can_enter": can_enter(request.user, item), "is_office": is_office(request.user),
        "action_names": {k: ACTION_NAMES[k] for k in ACTIONS},
    })


@login_required
def entry(request, code: str, period: str):
    item = get_object_or_404(Project, code=code)
    if not can_enter(request.user, item):
        raise PermissionDenied(gettext("只有牵头单位和数据办可以填报项目进展"))
    month = _period(period)
    row = ProjectMonth.objects.filter(project=item, period=month.code).first()
    actual = {m.kind: m.actual_date for m in Milestone.objects.filter(project=item)}
    initial = {"completed_ytd": row.completed_ytd if row else None, "version": row.version if row else None,
               **{f"milestone_{k}": actual.get(k) for k in MILESTONES}}
    form = MonthEntryForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entry = MonthEntry(item, month, data["completed_ytd"], data["version"], form.milestones())
        try:
            result = save_month(request.user, entry, reason=data["reason"])
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            if result.ok:
                if request.POST.get("action") == "submit" and result.month.status == "draft":
                    transition(request.user, [result.month], "submit")
                messages.success(request, gettext("%(project)s %(month)s 已保存") % {"project": item.name, "month": month.code})
                return redirect("projects:project", code=item.code)
            conflict = result.conflict
    return render(request, "projects/entry.html", {
        "project": item, "period": month, "form": form, "row": row, "conflict": conflict,
    })


@login_required
@require_POST
def month_action(request, code: str, period: str, action: str):
    row = get_object_or_404(ProjectMonth.objects.select_related("project"), project__code=code, period=period)
    try:
        transition(request.user, [row], action, reason=request.POST.get("reason", ""))
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{row.project.name} {row.period}：{ACTION_NAMES.get(action, action)}")
    return redirect("projects:project", code=code)
