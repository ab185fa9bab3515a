"""Stored bulletins and cadence documents, their schedules and subscribers, reviews, tick runs.

A stored document keeps its content (figures, sentences, tables) as it was on its business
date, as JSON: every format is rendered from that, so a Word file downloaded next month
shows what was circulated, not what the figures say today.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from duban.accounts.models import Role
from duban.catalogue.models import Department, Indicator, Leader, Region


class Kind(models.TextChoices):
    BULLETIN = "bulletin", _("通报")
    DAILY = "daily", _("日跟踪")
    WEEKLY = "weekly", _("周监测")
    MONTHLY = "monthly", _("月调度")
    QUARTERLY = "quarterly", _("季晒拼")
    REVIEW = "review", _("季度复盘")


CADENCE_KINDS = (Kind.DAILY, Kind.WEEKLY, Kind.MONTHLY, Kind.QUARTERLY)


class Schedule(models.Model):
    """When a cadence document is due, set per deployment in the admin.

    daily: every day (or working days only); weekly: the first tick on or after ``weekday``
    of each week, about the week before; monthly: once the month's figures are in, from
    ``day`` of the following month; quarterly: likewise from ``day`` of the month after the
    quarter. A late figure makes its document due on the first tick after it arrives.
    """

    kind = models.CharField(_("类型"), max_length=12, choices=[(k.value, k.label) for k in CADENCE_KINDS],
                            unique=True)
    enabled = models.BooleanField(_("启用"), default=True)
    workdays_only = models.BooleanField(_("仅工作日"), default=True, help_text=_("日跟踪：周六、周日不生成"))
    weekday = models.PositiveSmallIntegerField(_("星期"), default=1, help_text=_("周监测：每周第几天生成（1=周一）"))
    day = models.PositiveSmallIntegerField(_("日"), default=20, help_text=_("月调度、季晒拼：次月第几日起生成"))
    lead_days = models.PositiveSmallIntegerField(_("提前天数"), default=7, help_text=_("列出此后多少天内到期的任务"))
    title_template = models.CharField(
        _("标题模板"), max_length=120,
        help_text=_("可用 {region}（区域名）、{period}（统计期间）、{date}（业务日期）"),
    )
    notify_robot = models.BooleanField(_("推送钉钉群"), default=True, help_text=_("配置了群机器人时，在群里发一条"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("节奏安排")
        verbose_name_plural = _("节奏安排")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weekday__gte=1, weekday__lte=7), name="schedule_weekday_1_7"),
            models.CheckConstraint(condition=models.Q(day__gte=1, day__lte=28), name="schedule_day_1_28"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Subscription(models.Model):
    """Who receives a cadence document: everyone with a role, a department's users, or a leader."""

    schedule = models.ForeignKey(Schedule, verbose_name=_("节奏安排"), on_delete=models.CASCADE,
                                 related_name="subscriptions")
    role = models.CharField(_("角色"), max_length=24, choices=Role.choices, blank=True)
    department = models.ForeignKey(Department, verbose_name=_("部门"), null=True, blank=True, on_delete=models.CASCADE)
    leader = models.ForeignKey(Leader, verbose_name=_("领导"), null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("订阅")
        verbose_name_plural = _("订阅")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role__gt="", department__isnull=True, leader__isnull=True)
                    | models.Q(role="", department__isnull=False, leader__isnull=True)
                    | models.Q(role="", department__isnull=True, leader__isnull=False)
                ),
                name="subscription_names_one_audience",
                violation_error_message=_("每条订阅只填角色、部门、领导中的一项"),
            )
        ]

    def __str__(self) -> str:
        return str(self.get_role_display() if self.role else self.department or self.leader)


class Document(models.Model):
    """One stored bulletin or cadence document; ``key`` makes each one exist once."""

    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    key = models.CharField(_("唯一键"), max_length=80, unique=True)
    region = models.ForeignKey(Region, verbose_name=_("区域"), on_delete=models.PROTECT)
    period = models.CharField(_("统计期间"), max_length=12, blank=True, help_text=_("空表示没有已公布数据"))
    as_of = models.DateField(_("业务日期"))
    title = models.CharField(_("标题"), max_length=200)
    content = models.JSONField(_("内容"))
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("生成人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, help_text=_("空表示由每日 tick 生成"))

    class Meta:
        verbose_name = _("通报文档")
        verbose_name_plural = _("通报文档")
        ordering = ["-as_of", "-id"]
        indexes = [models.Index(fields=["kind", "period"])]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """That a person was sent a document, and by which channels: the page's 已通知."""

    document = models.ForeignKey(Document, verbose_name=_("文档"), on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE)
    channels = models.CharField(_("渠道"), max_length=64)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("送达记录")
        verbose_name_plural = _("送达记录")
        constraints = [models.UniqueConstraint(fields=["document", "user"], name="delivery_once_per_person")]


class WarningChange(models.Model):
    """A home-region indicator's warning level as a tick found it, written when it changes."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.CASCADE)
    region = models.ForeignKey(Region, verbose_name=_("区域"), on_delete=models.CASCADE)
    period = models.CharField(_("期间"), max_length=12)
    level = models.CharField(_("等级"), max_length=8)
    previous_level = models.CharField(_("原等级"), max_length=8, blank=True)
    reasons = models.JSONField(_("原因"), default=list)
    as_of = models.DateField(_("业务日期"))

    class Meta:
        verbose_name = _("预警变化")
        verbose_name_plural = _("预警变化")
        ordering = ["as_of", "id"]
        indexes = [models.Index(fields=["region", "indicator", "as_of"])]


class TickRun(models.Model):
    """A business day the cadence ran for: the scheduler catches up from the last one."""

    as_of = models.DateField(_("业务日期"), unique=True)
    finished_at = models.DateTimeField(_("完成时间"), auto_now=True)

    class Meta:
        verbose_name = _("节奏运行")
        verbose_name_plural = _("节奏运行")
        ordering = ["-as_of"]


class Review(models.Model):
    """A quarter's review (复盘): figures come from the engine, 下步措施 are edited by people."""

    region = models.ForeignKey(Region, verbose_name=_("区域"), on_delete=models.PROTECT)
    quarter = models.CharField(_("季度"), max_length=8, help_text=_("如 2024Q1"))
    next_steps = models.TextField(_("下步措施"), blank=True, help_text=_("每行一条"))
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("更新人"), null=True, blank=True,
                                   on_delete=models.SET_NULL)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("季度复盘")
        verbose_name_plural = _("季度复盘")
        constraints = [models.UniqueConstraint(fields=["region", "quarter"], name="review_once_per_quarter")]

    def __str__(self) -> str:
        return f"{self.region} {self.quarter}"
