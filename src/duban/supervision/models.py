"""The responsibility list (目标责任清单) and its supervision (督查督办).

A task's stored ``status`` is what people did: not started, in progress, done or
closed (销号). *Overdue* is never stored: it depends on the day one looks, so it is
derived by ``Task.state_on(as_of)`` (open and past its due date, or with a past
milestone still open). That keeps ``duban tasks --as-of`` right for any date.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from duban.catalogue.models import Department, Indicator, Leader


class TaskLevel(models.TextChoices):
    GOAL = "goal", _("目标")
    TASK = "task", _("重点任务")
    MEASURE = "measure", _("具体举措")


class TaskState(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")
    CLOSED = "closed", _("已销号")


# The states ``duban tasks`` reports: the stored ones plus the derived one.
STATE_LABELS = {**dict(TaskState.choices), "overdue": _("已逾期")}
FINISHED = (TaskState.DONE, TaskState.CLOSED)
# The colours of a supervision slip (``core.escalation.slip_colour``).
SLIP_LABELS = {"blue": _("蓝"), "yellow": _("黄"), "red": _("红")}


class Recurrence(models.TextChoices):
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季")
    WEEKLY = "weekly", _("每周")


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=FINISHED)


class Task(models.Model):
    plan_year = models.PositiveSmallIntegerField(_("计划年度"))
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    level = models.CharField(_("层级"), max_length=8, choices=TaskLevel.choices)
    number = models.CharField(_("序号"), max_length=16)
    # The 序号 chain from the root (一/1/1.1): arabic numbers may restart per section.
    outline = models.CharField(_("序号路径"), max_length=128, editable=False)
    position = models.PositiveIntegerField(_("排列顺序"), default=0)
    title = models.TextField(_("名称"))
    measures = models.TextField(_("具体举措"), blank=True)
    lead = models.ForeignKey(
        Department, verbose_name=_("牵头单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="lead_tasks"
    )
    cooperating = models.ManyToManyField(
        Department, verbose_name=_("配合单位"), blank=True, related_name="cooperating_tasks"
    )
    collective_units = models.JSONField(_("集合配合单位"), default=list, blank=True, help_text=_("如“各镇（街道、区）”"))
    leader = models.ForeignKey(
        Leader, verbose_name=_("责任领导"), null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    deadline_text = models.CharField(_("完成时限"), max_length=64, blank=True)
    due = models.DateField(_("截止日期"), null=True, blank=True)
    recurrence = models.CharField(_("周期"), max_length=16, choices=Recurrence.choices, blank=True)
    ongoing = models.BooleanField(_("长期坚持"), default=False)
    planned_start = models.DateField(_("计划开始"), null=True, blank=True)
    indicators = models.ManyToManyField(Indicator, verbose_name=_("关联指标"), blank=True, related_name="tasks")
    # Kept as written, so links can be made once the indicator catalogue is loaded.
    indicator_text = models.CharField(_("关联指标（原文）"), max_length=255, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=TaskState.choices, default=TaskState.NOT_STARTED)
    percent = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    history = HistoricalRecords(m2m_fields=[cooperating])

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["plan_year", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan_year", "outline", "title"], name="task_unique_in_plan"),
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="task_percent_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status not in FINISHED

    @property
    def is_recurring(self) -> bool:
        return bool(self.recurrence)

    def state_on(self, as_of: date) -> str:
        if self.is_open and self.is_late_on(as_of):
            return "overdue"
        return self.status

    def is_late_on(self, as_of: date) -> bool:
        if self.is_recurring:
            # Iterates the prefetched milestones when a list view has fetched them.
            return any(m.done_at is None and m.due < as_of for m in self.milestones.all())
        return self.due is not None and self.due < as_of

    def state_label(self, as_of: date) -> str:
        return str(STATE_LABELS[self.state_on(as_of)])


class Milestone(models.Model):
    """One due occurrence of a recurring item (每月, 长期坚持): each is followed up on its own."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="milestones")
    due = models.DateField(_("截止日期"))
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("时间节点")
        verbose_name_plural = _("时间节点")
        ordering = ["task", "due"]
        constraints = [models.UniqueConstraint(fields=["task", "due"], name="milestone_unique_due")]

    def __str__(self) -> str:
        return f"{self.task.title}（{self.due:%Y-%m-%d}）"


class ProgressReport(models.Model):
    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="reports")
    milestone = models.ForeignKey(
        Milestone, verbose_name=_("时间节点"), null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    department = models.ForeignKey(Department, verbose_name=_("报送单位"), on_delete=models.PROTECT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, on_delete=models.SET_NULL)
    text = models.TextField(_("进展情况"))
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"))
    attachment = models.FileField(_("附件"), upload_to="progress/%Y/%m/", blank=True)
    created = models.DateTimeField(_("报送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("进展报送")
        verbose_name_plural = _("进展报送")
        ordering = ["-created"]
        constraints = [models.CheckConstraint(condition=models.Q(percent__lte=100), name="report_percent_at_most_100")]


class Comment(models.Model):
    """What a cooperating department says about an item it does not lead."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="comments")
    department = models.ForeignKey(Department, verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("作者"), null=True, on_delete=models.SET_NULL)
    text = models.TextField(_("意见"))
    created = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("配合意见")
        verbose_name_plural = _("配合意见")
        ordering = ["created"]


class Step(models.TextChoices):
    REMIND = "remind", _("提醒")
    URGE = "urge", _("催办")
    NOTICE = "notice", _("督办")
    LISTED = "listed", _("通报")


class EscalationStep(models.Model):
    """One escalation step taken for one due occurrence of an item, recorded once."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="escalations")
    milestone = models.ForeignKey(
        Milestone, verbose_name=_("时间节点"), null=True, blank=True, on_delete=models.CASCADE, related_name="escalations"
    )
    due = models.DateField(_("截止日期"))
    step = models.CharField(_("督办步骤"), max_length=8, choices=Step.choices)
    as_of = models.DateField(_("业务日期"))
    taken_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    # False for a step recorded late by a catch-up tick: in the timeline, never sent. Whether a
    # step to send really went out is read from its messages (``notify.delivery``).
    sent = models.BooleanField(_("需发送"), default=True)
    reason = models.TextField(_("事由"), blank=True, help_text=_("督查室手动督办时写明；每日 tick 自动生成的为空"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL,
        help_text=_("空表示由每日 tick 自动生成"),
    )

    class Meta:
        verbose_name = _("督办步骤")
        verbose_name_plural = _("督办步骤")
        ordering = ["due", "taken_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["task", "due", "step"], name="escalation_once_per_due")]

    def __str__(self) -> str:
        return f"{self.get_step_display()}：{self.task.title}（{self.due:%Y-%m-%d}）"


class NoticeState(models.TextChoices):
    ISSUED = "issued", _("已下发")
    SIGNED = "signed", _("已签收")
    REPORTED_BACK = "reported_back", _("已反馈")
    VERIFIED = "verified", _("已核实")
    CLOSED = "closed", _("已销号")


class Notice(models.Model):
    """督办单: a numbered supervision notice, 督办〔2024〕第12号."""

    year = models.PositiveSmallIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("文号"), max_length=32, unique=True)
    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="notices")
    step = models.OneToOneField(
        EscalationStep, verbose_name=_("督办步骤"), null=True, blank=True, on_delete=models.SET_NULL, related_name="notice"
    )
    due = models.DateField(_("截止日期"))
    state = models.CharField(_("状态"), max_length=16, choices=NoticeState.choices, default=NoticeState.ISSUED)
    issued_at = models.DateTimeField(_("下发时间"), auto_now_add=True)
    feedback = models.TextField(_("反馈情况"), blank=True)

    class Meta:
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        ordering = ["year", "seq"]
        constraints = [models.UniqueConstraint(fields=["year", "seq"], name="notice_unique_number")]

    def __str__(self) -> str:
        return self.number


class TaskEvent(models.Model):
    """The timeline of an item: who did what, when."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    kind = models.CharField(_("类型"), max_length=32)
    text = models.TextField(_("内容"))

    class Meta:
        verbose_name = _("任务动态")
        verbose_name_plural = _("任务动态")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.text
