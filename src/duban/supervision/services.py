"""What people and imports do to tasks: save the list, report progress, comment, act on notices.

Every change leaves a TaskEvent, so a task page can show who did what, when.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from duban.accounts.permissions import department_of, is_supervision_office
from duban.imports.base import ImportReport
from duban.supervision import permissions
from duban.supervision.notify import send_notice_step
from duban.supervision.models import (
    Comment,
    Milestone,
    Notice,
    NoticeState,
    ProgressReport,
    Task,
    TaskEvent,
    TaskLevel,
    TaskState,
)

@dataclass
class TaskSpec:
    """One row of a breakdown sheet, resolved, before it touches the database."""

    plan_year: int
    number: str
    position: int
    level: str
    title: str
    measures: str = ""
    lead: object = None
    cooperating: list = field(default_factory=list)
    collective_units: list[str] = field(default_factory=list)
    leader: object = None
    deadline_text: str = ""
    due: date | None = None
    recurrence: str = ""
    ongoing: bool = False
    indicator_text: str = ""
    indicators: list = field(default_factory=list)
    occurrences: list[date] = field(default_factory=list)


def record(task: Task, kind: str, text: str, actor=None) -> TaskEvent:
    return TaskEvent.objects.create(task=task, kind=kind, text=text, actor=actor if _is_user(actor) else None)


def _is_user(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def save_task_specs(specs: list[TaskSpec], parents: list[int | None], report: ImportReport, actor=None) -> None:
    """Create or update the tasks of one sheet; an item is known by its 序号 path and title."""
    saved: list[Task] = []
    outlines: list[str] = []
    for spec, parent in zip(specs, parents, strict=True):
        parent_task = saved[parent] if parent is not None else None
        outline = f"{outlines[parent]}/{spec.number}" if parent is not None else spec.number
        outlines.append(outline)
        values = {
            "level": spec.level, "number": spec.number, "position": spec.position, "measures": spec.measures,
            "lead": spec.lead, "leader": spec.leader, "deadline_text": spec.deadline_text, "due": spec.due,
            "recurrence": spec.recurrence, "ongoing": spec.ongoing, "indicator_text": spec.indicator_text,
            "planned_start": date(spec.plan_year, 1, 1) if spec.level != TaskLevel.GOAL else None,
            "parent": parent_task,
        }
        task = Task.objects.filter(plan_year=spec.plan_year, outline=outline, title=spec.title).first()
        created = task is None
        if created:
            task = Task.objects.create(plan_year=spec.plan_year, outline=outline, title=spec.title,
                                       collective_units=spec.collective_units, **values)
            record(task, "imported", f"由导入文件 {report.file} 创建", actor)
            changed = False
        else:
            changed = _update(task, values, spec)
            if changed:
                record(task, "imported", f"由导入文件 {report.file} 更新", actor)
        changed |= _set_links(task, spec)
        changed |= _sync_milestones(task, spec.occurrences)
        if created:
            report.created += 1
        elif changed:
            report.updated += 1
        else:
            report.unchanged += 1
        saved.append(task)


def _update(task: Task, values: dict, spec: TaskSpec) -> bool:
    diff = [name for name, value in values.items() if getattr(task, name) != value]
    if task.collective_units != spec.collective_units:
        task.collective_units = spec.collective_units
        diff.append("collective_units")
    for name in diff:
        if name in values:
            setattr(task, name, values[name])
    if diff:
        task.save()
    return bool(diff)


def _set_links(task: Task, spec: TaskSpec) -> bool:
    changed = False
    if set(task.cooperating.values_list("pk", flat=True)) != {d.pk for d in spec.cooperating}:
        task.cooperating.set(spec.cooperating)
        changed = True
    # Indicator links are only replaced when the sheet could resolve them.
    if spec.indicators and set(task.indicators.values_list("pk", flat=True)) != {i.pk for i in spec.indicators}:
        task.indicators.set(spec.indicators)
        changed = True
    return changed


def _sync_milestones(task: Task, occurrences: list[date]) -> bool:
    existing = set(task.milestones.values_list("due", flat=True))
    wanted = set(occurrences)
    stale = task.milestones.filter(due__in=existing - wanted, done_at__isnull=True, escalations__isnull=True)
    removed = stale.count()
    stale.delete()
    Milestone.objects.bulk_create([Milestone(task=task, due=due) for due in sorted(wanted - existing)])
    return bool(removed or wanted - existing)


# -- progress and comments ----------------------------------------------------------


@transaction.atomic
def report_progress(user, task: Task, *, text: str, percent: int, attachment=None) -> ProgressReport:
    """A lead department reports; a recurring item's report settles its earliest open milestone."""
    if not permissions.can_report(user, task):
        raise PermissionDenied("只有牵头单位可以报送该任务的进展")
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": "进度应在 0 到 100 之间"})
    milestone = task.milestones.filter(done_at__isnull=True).order_by("due").first() if task.is_recurring else None
    progress = ProgressReport.objects.create(
        task=task, milestone=milestone, department=task.lead, author=user, text=text, percent=percent,
        attachment=attachment or "",
    )
    if milestone:
        milestone.done_at = timezone.now()
        milestone.save(update_fields=["done_at"])
    task.percent = percent
    if task.status == TaskState.NOT_STARTED or (task.status == TaskState.IN_PROGRESS and not task.is_recurring):
        task.status = TaskState.DONE if percent == 100 and not task.is_recurring else TaskState.IN_PROGRESS
    task.save()
    node = f"（{milestone.due:%Y-%m-%d} 节点）" if milestone else ""
    record(task, "progress", f"{task.lead} 报送进展{node}：{percent}%", user)
    if percent == 100:
        _answer_notices_with(user, task, progress)
    return progress


def add_comment(user, task: Task, text: str) -> Comment:
    if not permissions.can_comment(user, task):
        raise PermissionDenied("无权对该任务发表意见")
    comment = Comment.objects.create(task=task, department=department_of(user), author=user, text=text)
    record(task, "comment", f"{comment.department or user} 提出意见", user)
    return comment


# -- notices --------------------------------------------------------------------------

# action → (state it needs, state it leads to, who may take it, words for the timeline)
# Every state but 已销号 has a next action for someone, so no notice is stranded.
NOTICE_ACTIONS = {
    "sign": (NoticeState.ISSUED, NoticeState.SIGNED, "lead", "签收"),
    "report_back": (NoticeState.SIGNED, NoticeState.REPORTED_BACK, "lead", "反馈办理情况"),
    "verify": (NoticeState.REPORTED_BACK, NoticeState.VERIFIED, "office", "核实"),
    "return": (NoticeState.REPORTED_BACK, NoticeState.SIGNED, "office", "退回"),
    "close": (NoticeState.VERIFIED, NoticeState.CLOSED, "office", "销号"),
}
# Who acts next in each state, as the pages say it.
NEXT_STEP = {
    NoticeState.ISSUED: "待牵头单位签收", NoticeState.SIGNED: "待牵头单位反馈办理情况",
    NoticeState.REPORTED_BACK: "待督查室核实", NoticeState.VERIFIED: "待督查室销号", NoticeState.CLOSED: "已办结",
}


def notice_actions_for(user, notice: Notice) -> list[tuple[str, str]]:
    """The actions ``user`` may take on ``notice`` now, as (action, label)."""
    return [
        (action, label)
        for action, (needs, _, who, label) in NOTICE_ACTIONS.items()
        if notice.state == needs and _may_act(user, notice.task, who)
    ]


def _may_act(user, task: Task, who: str) -> bool:
    return permissions.is_lead(user, task) if who == "lead" else is_supervision_office(user)


def notices_waiting_for(user):
    """The notices whose next step is ``user``'s: to sign for or answer, to verify or close."""
    lead_states = [needs for needs, _, who, _ in NOTICE_ACTIONS.values() if who == "lead"]
    office_states = [needs for needs, _, who, _ in NOTICE_ACTIONS.values() if who == "office"]
    notices = Notice.objects.select_related("task", "task__lead").order_by("due", "pk")
    if is_supervision_office(user):
        return notices.filter(state__in=office_states)
    department = department_of(user)
    if department is None:
        return notices.none()
    return notices.filter(state__in=lead_states, task__lead=department)


@transaction.atomic
def act_on_notice(user, notice: Notice, action: str, feedback: str = "") -> Notice:
    needs, leads_to, who, label = NOTICE_ACTIONS[action]
    if not _may_act(user, notice.task, who):
        raise PermissionDenied(f"无权{label}督办单")
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.state != needs:
        raise ValidationError(f"督办单当前状态为“{notice.get_state_display()}”，不能{label}")
    feedback = feedback.strip()
    if action in ("report_back", "return") and not feedback:
        raise ValidationError("反馈办理情况须写明内容" if action == "report_back" else "退回须说明原因")
    notice.state = leads_to
    if action == "report_back":
        notice.feedback = feedback
    notice.save()
    event = record(notice.task, f"notice_{action}", f"{notice.number} {label}" + (f"：{feedback}" if feedback else ""),
                   user)
    if action == "close":
        _close_item(user, notice)
    send_notice_step(notice, action, event, feedback)
    return notice


def _answer_notices_with(user, task: Task, progress: ProgressReport) -> None:
    """A 100% report answers the item's open notices: the office can verify and close them at once."""
    for notice in task.notices.filter(state__in=[NoticeState.ISSUED, NoticeState.SIGNED]):
        notice.state, notice.feedback = NoticeState.REPORTED_BACK, progress.text
        notice.save()
        event = record(task, "notice_report_back", f"{notice.number} 随 100% 进展报送反馈：{progress.text}", user)
        send_notice_step(notice, "report_back", event, progress.text)


def _close_item(user, notice: Notice) -> None:
    """销号 closes what the notice was about: the occurrence of a recurring item, or the item."""
    task = notice.task
    if task.is_recurring:
        task.milestones.filter(due=notice.due, done_at__isnull=True).update(done_at=timezone.now())
        return
    task.status = TaskState.CLOSED
    task.save()
    record(task, "closed", "任务已销号", user)


# -- adding one item by hand (a task confirmed from a meeting report) -----------------


@transaction.atomic
def add_task(
    *, plan_year: int, title: str, origin: str, actor=None, parent: Task | None = None, measures: str = "",
    lead=None, cooperating=(), leader=None, deadline_text: str = "", due: date | None = None,
    recurrence: str = "", ongoing: bool = False, occurrences: list[date] = (),
) -> Task:
    """Add a key task (under a goal, or on its own) or, under a task, a key measure.

    It is numbered as the breakdown sheet numbers (the next 1, 2, … of the year; 4.1,
    4.2 … under task 4) and placed after its parent's last item. The leader defaults
    to the lead department's leader in charge. ``origin`` is said in the timeline.
    """
    if parent is not None and parent.level == TaskLevel.MEASURE:
        raise ValidationError({"parent": "具体举措下不能再添加事项，请选择目标或重点任务"})
    if parent is not None and parent.plan_year != plan_year:
        raise ValidationError({"parent": f"所选上级属于 {parent.plan_year} 年度，与计划年度 {plan_year} 不符"})
    year = Task.objects.filter(plan_year=plan_year)
    list(year.select_for_update().values_list("pk", flat=True))  # lock the year's list while numbering
    level = TaskLevel.MEASURE if parent is not None and parent.level == TaskLevel.TASK else TaskLevel.TASK
    number = _next_number(year, parent, level)
    task = Task.objects.create(
        plan_year=plan_year, parent=parent, level=level, number=number, position=_make_room(year, parent),
        outline=f"{parent.outline}/{number}" if parent else number, title=title, measures=measures, lead=lead,
        leader=leader or (lead.leader if lead else None), deadline_text=deadline_text, due=due,
        recurrence=recurrence, ongoing=ongoing, planned_start=date(plan_year, 1, 1),
    )
    task.cooperating.set(cooperating)
    Milestone.objects.bulk_create([Milestone(task=task, due=d) for d in sorted(set(occurrences))])
    record(task, "created", origin, actor)
    return task


def _next_number(year, parent: Task | None, level: str) -> str:
    if level == TaskLevel.MEASURE:
        prefix = f"{parent.number}."
        taken = [n[len(prefix):] for n in parent.children.values_list("number", flat=True) if n.startswith(prefix)]
        return f"{prefix}{max((int(n) for n in taken if n.isdigit()), default=0) + 1}"
    taken = year.filter(level=TaskLevel.TASK).values_list("number", flat=True)
    return str(max((int(n) for n in taken if n.isdigit()), default=0) + 1)


def _make_room(year, parent: Task | None) -> int:
    """The position right after the parent's last item (or the end of the list), shifting what follows."""
    if parent is None:
        return (year.aggregate(last=Max("position"))["last"] or 0) + 1
    family = year.filter(Q(pk=parent.pk) | Q(outline__startswith=f"{parent.outline}/"))
    last = family.aggregate(last=Max("position"))["last"]
    year.filter(position__gt=last).update(position=F("position") + 1)
    return last + 1


# -- the supervision office's own edits on the task pages ------------------------------

EDITABLE = ["title", "measures", "lead", "leader", "deadline_text", "due", "recurrence", "ongoing"]


@transaction.atomic
def edit_task(user, task: Task, values: dict, *, cooperating, indicators, occurrences: list[date]) -> list[str]:
    """Change an item; returns the names of what changed, said in the timeline."""
    if not permissions.is_office(user):
        raise PermissionDenied("只有督查室可以修改任务")
    changed = [Task._meta.get_field(name).verbose_name for name in EDITABLE if getattr(task, name) != values[name]]
    # Nodes follow a changed 完成时限; otherwise nodes added by hand stay.
    reschedule = task.deadline_text != values["deadline_text"]
    for name in EDITABLE:
        setattr(task, name, values[name])
    if changed:
        task.save()
    if set(task.cooperating.values_list("pk", flat=True)) != {d.pk for d in cooperating}:
        task.cooperating.set(cooperating)
        changed.append(Task._meta.get_field("cooperating").verbose_name)
    if set(task.indicators.values_list("pk", flat=True)) != {i.pk for i in indicators}:
        task.indicators.set(indicators)
        changed.append(Task._meta.get_field("indicators").verbose_name)
    if reschedule and _sync_milestones(task, occurrences if task.recurrence else []):
        changed.append("时间节点")
    if changed:
        record(task, "edited", "修改了" + "、".join(map(str, changed)), user)
    return changed


def add_milestone(user, task: Task, due: date) -> Milestone:
    if not permissions.is_office(user):
        raise PermissionDenied("只有督查室可以调整时间节点")
    milestone = Milestone.objects.create(task=task, due=due)
    record(task, "milestone_added", f"增加时间节点 {due:%Y-%m-%d}", user)
    return milestone


def remove_milestone(user, milestone: Milestone) -> None:
    """Only a node nobody has acted on goes: a reported or escalated one is part of the record."""
    if not permissions.is_office(user):
        raise PermissionDenied("只有督查室可以调整时间节点")
    if milestone.done_at or milestone.reports.exists() or milestone.escalations.exists():
        raise ValidationError(f"{milestone.due:%Y-%m-%d} 节点已有报送或督办记录，不能删除")
    milestone.delete()
    record(milestone.task, "milestone_removed", f"删除时间节点 {milestone.due:%Y-%m-%d}", user)
