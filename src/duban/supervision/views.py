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
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from duban.accounts.models import Role, role_of
from duban.accounts.permissions import reads_every_task
from duban.supervision import permissions, services
from duban.supervision.escalation import take_by_hand
from duban.supervision.notify import delivery_words
from duban.supervision.forms import (
    CommentForm,
    EscalateForm,
    MilestoneForm,
    NoticeActionForm,
    ProgressReportForm,
    TaskFilterSet,
    TaskForm,
)
from duban.supervision.models import EscalationStep, Milestone, Notice, ProgressReport, Task
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
        raise Http404(gettext("没有这项任务"))
    return task


@login_required
def my_tasks(request):
    department = permissions.department_of(request.user)
    if department is None:
        raise PermissionDenied(gettext("只有部门填报员有“我的任务”"))
    as_of = as_of_of(request)
    lead = TaskTable(Task.objects.open().filter(lead=department), as_of)
    cooperating = TaskTable(Task.objects.open().filter(cooperating=department), as_of)
    return render(request, "supervision/my_tasks.html", {
        "department": department, "lead": lead, "cooperating": cooperating, "as_of": as_of,
        "form": ProgressReportForm(), "waiting": services.notices_waiting_for(request.user),
    })


@login_required
def board(request):
    if not reads_every_task(request.user):
        raise PermissionDenied(gettext("督办台仅供督查室使用"))
    as_of = as_of_of(request)
    filters = TaskFilterSet(request.GET or None)
    table = TaskTable(filters.filter(Task.objects.all()), as_of, state=filters.wanted_state())
    return render(request, "supervision/board.html", {
        "table": table, "filters": filters, "as_of": as_of, "can_urge": permissions.is_office(request.user),
        "escalate_form": EscalateForm(),
    })


@login_required
@require_POST
def escalate(request):
    """催办, 督办单 or 通报 for the tasks ticked on the board, with the office's reason."""
    if not permissions.is_office(request.user):
        raise PermissionDenied(gettext("只有督查室可以催办、督办和通报"))
    as_of = as_of_of(request)
    form = EscalateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    else:
        step = form.cleaned_data["step"]
        taken, skipped = take_by_hand(form.cleaned_data["task"], step, as_of, request.user, form.cleaned_data["reason"])
        numbers = "、".join(row.notice.number for row in taken if hasattr(row, "notice"))
        label = dict(form.fields["step"].choices)[step]
        messages.success(request, gettext("已%(step)s %(count)d 项") % {"step": label, "count": len(taken)} + (f"：{numbers}" if numbers else ""))
        if skipped:
            messages.warning(request, gettext("未处理：") + "；".join(skipped))
    return redirect(f"{reverse('supervision:board')}?as_of={as_of:%Y-%m-%d}")


@login_required
def leader_tasks(request):
    profile = getattr(request.user, "profile", None)
    if role_of(request.user) != Role.LEADER or not profile or not profile.leader:
        raise PermissionDenied(gettext("领导视图仅供领导使用"))
    as_of = as_of_of(request)
    table = TaskTable(permissions.visible_tasks(request.user), as_of)
    return render(request, "supervision/leader.html", {"leader": profile.leader, "table": table, "as_of": as_of})


@login_required
def task_detail(request, pk):
    task = visible_task(request, pk)
    as_of = as_of_of(request)
    notices = [(n, services.notice_actions_for(request.user, n), services.NEXT_STEP[n.state])
               for n in task.notices.select_related("step")]
    return render(request, "supervision/task_detail.html", {
        "task": task, "as_of": as_of, "state": task.state_label(as_of),
        "events": task.events.select_related("actor"),
        "reports": task.reports.select_related("department", "author"),
        "steps": [(s, delivery_words(s)) for s in EscalationStep.objects.filter(task=task).select_related("by")],
        "notices": notices, "comments": task.comments.select_related("department", "author"),
        "children": task.children.all(), "milestones": task.milestones.all(),
        "can_edit": permissions.is_office(request.user), "milestone_form": MilestoneForm(),
        "can_report": permissions.can_report(request.user, task),
        "can_comment": permissions.can_comment(request.user, task),
        "report_form": ProgressReportForm(), "comment_form": CommentForm(),
    })


@login_required
@require_POST
def report_progress(request, pk):
    task = visible_task(request, pk)
    form = ProgressReportForm(request.POST, request.FILES)
    if not permissions.can_report(request.user, task):
        raise PermissionDenied(gettext("只有牵头单位可以报送该任务的进展"))
    if form.is_valid():
        services.report_progress(request.user, task, **form.cleaned_data)
        messages.success(request, gettext("进展已报送"))
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
        messages.success(request, gettext("意见已提交"))
    return redirect("supervision:task", pk=task.pk)


@login_required
@require_POST
def notice_action(request, pk, action):
    notice = get_object_or_404(Notice, pk=pk)
    visible_task(request, notice.task_id)
    if action not in services.NOTICE_ACTIONS:
        raise Http404(gettext("没有这个操作"))
    form = NoticeActionForm(request.POST)
    feedback = form.cleaned_data["feedback"] if form.is_valid() else ""
    try:
        notice = services.act_on_notice(request.user, notice, action, feedback)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, gettext("%(number)s %(action)s完成，%(next)s") % {
            "number": notice.number, "action": services.NOTICE_ACTIONS[action][3], "next": services.NEXT_STEP[notice.state]})
    return redirect("supervision:task", pk=notice.task_id)


@login_required
def attachment(request, pk):
    report = get_object_or_404(ProgressReport, pk=pk)
    visible_task(request, report.task_id)
    if not report.attachment:
        raise Http404(gettext("没有附件"))
    return FileResponse(report.attachment.open("rb"), as_attachment=True, filename=report.attachment.name.rsplit("/")[-1])


# -- the task list and the supervision office's editing pages --------------------------


def _office_only(request) -> None:
    if not permissions.is_office(request.user):
        raise PermissionDenied(gettext("只有督查室可以编辑任务"))


@login_required
def task_list(request):
    """Every item the user may see, filtered; the office adds and edits from here."""
    as_of = as_of_of(request)
    filters = TaskFilterSet(request.GET or None)
    tasks = filters.filter(permissions.visible_tasks(request.user))
    table = TaskTable(tasks, as_of, state=filters.wanted_state())
    return render(request, "supervision/task_list.html", {
        "table": table, "filters": filters, "as_of": as_of, "can_edit": permissions.is_office(request.user),
    })


@login_required
def task_add(request):
    _office_only(request)
    parent = Task.objects.filter(pk=request.GET.get("parent") or None).first()
    initial = {"parent": parent, "plan_year": parent.plan_year} if parent else {}
    form = TaskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        schedule = form.schedule()
        try:
            task = services.add_task(
                plan_year=data["plan_year"], parent=data["parent"], title=data["title"], measures=data["measures"],
                lead=data["lead"], cooperating=data["cooperating"], leader=data["leader"], origin="督查室在任务页新建",
                actor=request.user, **schedule,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            task.indicators.set(data["indicators"])
            messages.success(request, gettext("已新建%(level)s %(number)s") % {"level": task.get_level_display(), "number": task.number})
            return redirect("supervision:task", pk=task.pk)
    return render(request, "supervision/task_form.html", {"form": form, "parent": parent})


@login_required
def task_edit(request, pk):
    _office_only(request)
    task = get_object_or_404(Task, pk=pk)
    form = TaskForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        data, schedule = form.cleaned_data, form.schedule()
        occurrences = schedule.pop("occurrences")
        task.refresh_from_db()  # the form wrote its values onto the instance; compare with what is stored
        values = {name: data[name] for name in ("title", "measures", "lead", "leader")} | schedule
        changed = services.edit_task(request.user, task, values, cooperating=data["cooperating"],
                                     indicators=data["indicators"], occurrences=occurrences)
        messages.success(request, gettext("已保存：%(fields)s") % {"fields": "、".join(map(str, changed))} if changed else gettext("没有改动"))
        return redirect("supervision:task", pk=task.pk)
    return render(request, "supervision/task_form.html", {"form": form, "task": task})


@login_required
@require_POST
def milestone_add(request, pk):
    _office_only(request)
    task = get_object_or_404(Task, pk=pk)
    form = MilestoneForm(request.POST, task=task)
    if form.is_valid():
        services.add_milestone(request.user, task, form.cleaned_data["due"])
        messages.success(request, gettext("已增加时间节点"))
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("supervision:task", pk=task.pk)


@login_required
@require_POST
def milestone_delete(request, pk):
    _office_only(request)
    milestone = get_object_or_404(Milestone, pk=pk)
    try:
        services.remove_milestone(request.user, milestone)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, gettext("已删除时间节点"))
    return redirect("supervision:task", pk=milestone.task_id)
