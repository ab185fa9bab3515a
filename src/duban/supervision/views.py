"""Pages: my tasks, the supervision board, a leader's view, a task with its timeline.

Views only check the request and render; rules live in ``permissions`` and
``services``. An item the user may not see answers 404, an action they may not take 403.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from duban.accounts.permissions import department_of, is_supervision_office, leader_of, reads_every_task
from duban.supervision import permissions, services
from duban.supervision.escalation import urge_now
from duban.supervision.forms import CommentForm, NoticeActionForm, ProgressReportForm, TaskFilterSet
from duban.supervision.models import EscalationStep, Notice, ProgressReport, Task
from duban.supervision.tables import TaskTable


def as_of_of(request) -> date:
    """The business date of a page: ?as_of=YYYY-MM-DD (to look at a past day), else today."""
    try:
        return date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return timezone.localdate()


def visible_task(request, pk) -> Task:
    task = get_object_or_404(Task, pk=pk)
    if not permissions.can_view(request.user, task):
        raise Http404("没有这项任务")
    return task


@login_required
def my_tasks(request):
    department = department_of(request.user)
    if department is None:
        raise PermissionDenied("只有部门填报员有“我的任务”")
    as_of = as_of_of(request)
    lead = TaskTable(Task.objects.open().filter(lead=department), as_of)
    cooperating = TaskTable(Task.objects.open().filter(cooperating=department), as_of)
    return render(request, "supervision/my_tasks.html", {
        "department": department, "lead": lead, "cooperating": cooperating, "as_of": as_of,
        "form": ProgressReportForm(),
    })


@login_required
def board(request):
    if not reads_every_task(request.user):
        raise PermissionDenied("督办台仅供督查室使用")
    as_of = as_of_of(request)
    filters = TaskFilterSet(request.GET or None)
    table = TaskTable(filters.filter(Task.objects.all()), as_of, state=filters.wanted_state())
    return render(request, "supervision/board.html", {
        "table": table, "filters": filters, "as_of": as_of, "can_urge": is_supervision_office(request.user),
    })


@login_required
@require_POST
def bulk_urge(request):
    if not is_supervision_office(request.user):
        raise PermissionDenied("只有督查室可以催办")
    as_of = as_of_of(request)
    chosen = Task.objects.filter(pk__in=request.POST.getlist("task"))
    count = urge_now(set(chosen), as_of, request.user)
    messages.success(request, f"已催办 {count} 项（已催办过或未逾期的不再重复）")
    return redirect(f"{reverse('supervision:board')}?as_of={as_of:%Y-%m-%d}")


@login_required
def leader_tasks(request):
    leader = leader_of(request.user)
    if leader is None:
        raise PermissionDenied("领导视图仅供领导使用")
    as_of = as_of_of(request)
    table = TaskTable(permissions.visible_tasks(request.user), as_of)
    return render(request, "supervision/leader.html", {"leader": leader, "table": table, "as_of": as_of})


@login_required
def task_detail(request, pk):
    task = visible_task(request, pk)
    as_of = as_of_of(request)
    notices = [(n, services.notice_actions_for(request.user, n)) for n in task.notices.all()]
    return render(request, "supervision/task_detail.html", {
        "task": task, "as_of": as_of, "state": task.state_label(as_of),
        "events": task.events.select_related("actor"),
        "reports": task.reports.select_related("department", "author"),
        "steps": EscalationStep.objects.filter(task=task).select_related("by"),
        "notices": notices, "comments": task.comments.select_related("department", "author"),
        "children": task.children.all(),
        "can_report": permissions.can_report(request.user, task),
        "can_comment": permissions.can_comment(request.user, task),
        "report_form": ProgressReportForm(), "comment_form": CommentForm(), "notice_form": NoticeActionForm(),
    })


@login_required
@require_POST
def report_progress(request, pk):
    task = visible_task(request, pk)
    form = ProgressReportForm(request.POST, request.FILES)
    if not permissions.can_report(request.user, task):
        raise PermissionDenied("只有牵头单位可以报送该任务的进展")
    if form.is_valid():
        services.report_progress(request.user, task, **form.cleaned_data)
        messages.success(request, "进展已报送")
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("supervision:task", pk=task.pk)


@login_required
@require_POST
def comment(request, pk):
    task = visible_task(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.add_comment(request.user, task, form.cleaned_data["text"])
        messages.success(request, "意见已提交")
    return redirect("supervision:task", pk=task.pk)


@login_required
@require_POST
def notice_action(request, pk, action):
    notice = get_object_or_404(Notice, pk=pk)
    visible_task(request, notice.task_id)
    if action not in services.NOTICE_ACTIONS:
        raise Http404("没有这个操作")
    form = NoticeActionForm(request.POST)
    feedback = form.cleaned_data["feedback"] if form.is_valid() else ""
    try:
        services.act_on_notice(request.user, notice, action, feedback)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("supervision:task", pk=notice.task_id)


@login_required
def attachment(request, pk):
    report = get_object_or_404(ProgressReport, pk=pk)
    visible_task(request, report.task_id)
    if not report.attachment:
        raise Http404("没有附件")
    return FileResponse(report.attachment.open("rb"), as_attachment=True, filename=report.attachment.name.rsplit("/")[-1])
