"""Meeting reports and what the supervision office decides about each candidate task.

A report keeps the text as received and the paragraphs as rebuilt: candidates point
into those paragraphs (``spans``), so a task made from one can show its exact source.
Nothing here is a task until a person accepts it; every decision is a ``Decision``
row (who, when, what).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.catalogue.models import Department, Leader
from duban.supervision.models import Task


class LeadKeyword(models.Model):
    """A word that suggests a lead department (消费 → 商务局); administrators keep the list."""

    keyword = models.CharField(_("关键词"), max_length=32, unique=True)
    department_name = models.CharField(
        _("建议牵头单位"), max_length=64, help_text=_("部门目录中的名称；目录中没有时建议会提示另选")
    )

    class Meta:
        verbose_name = _("牵头单位关键词")
        verbose_name_plural = _("牵头单位关键词")
        ordering = ["department_name", "keyword"]

    def __str__(self) -> str:
        return f"{self.keyword} → {self.department_name}"


class Source(models.TextChoices):
    PASTE = "paste", _("粘贴文本")
    TEXT = "text", _("文本文件")
    DOCX = "docx", _("Word 文档")
    PDF = "pdf", _("PDF")


class Report(models.Model):
    title = models.CharField(_("标题"), max_length=200)
    source = models.CharField(_("来源"), max_length=8, choices=Source.choices)
    file = models.FileField(_("原文件"), upload_to="meetings/%Y/%m/", blank=True)
    text = models.TextField(_("原文"))
    paragraphs = models.JSONField(_("整理后的段落"), default=list)
    meeting_date = models.DateField(_("会议日期"))
    date_source = models.CharField(_("日期来源"), max_length=200)
    plan_year = models.PositiveSmallIntegerField(_("计划年度"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_name = models.CharField(_("录入人姓名"), max_length=150)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("会议报道")
        verbose_name_plural = _("会议报道")
        ordering = ["-meeting_date", "-pk"]

    def __str__(self) -> str:
        return self.title


class Kind(models.TextChoices):
    DIRECTIVE = "directive", _("会议要求")
    PLAN = "plan", _("审议通过的方案")


class Status(models.TextChoices):
    PENDING = "pending", _("待确认")
    ACCEPTED = "accepted", _("已转为任务")
    REJECTED = "rejected", _("已拒绝")
    MERGED = "merged", _("已合并")
    SPLIT = "split", _("已拆分")


# Candidates that still stand on the page; merged and split ones live on in their results.
LIVE = (Status.PENDING, Status.ACCEPTED, Status.REJECTED)


class Recurrence(models.TextChoices):
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季")
    WEEKLY = "weekly", _("每周")


class Candidate(models.Model):
    report = models.ForeignKey(Report, verbose_name=_("会议报道"), on_delete=models.CASCADE, related_name="candidates")
    position = models.PositiveIntegerField(_("顺序"))
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    source_text = models.TextField(_("原文语句"))
    # [[paragraph, start, end], …] into report.paragraphs: where the source sits.
    spans = models.JSONField(_("原文位置"), default=list)
    title = models.CharField(_("任务名称"), max_length=200)
    text = models.TextField(_("具体内容"))
    deadline_text = models.CharField(_("完成时限"), max_length=64, blank=True)
    due = models.DateField(_("截止日期"), null=True, blank=True)
    recurrence = models.CharField(_("周期"), max_length=16, choices=Recurrence.choices, blank=True)
    monthly_day = models.PositiveSmallIntegerField(_("每月报送日"), null=True, blank=True)
    ongoing = models.BooleanField(_("长期坚持"), default=False)
    targets = models.JSONField(_("目标"), default=list, blank=True)
    lead = models.ForeignKey(
        Department, verbose_name=_("牵头单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cooperating = models.ManyToManyField(Department, verbose_name=_("配合单位"), blank=True, related_name="+")
    leader = models.ForeignKey(
        Leader, verbose_name=_("责任领导"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    parent = models.ForeignKey(
        Task, verbose_name=_("归入"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the machine suggested, kept as suggested: {"lead", "cooperating", "office_choice", "reasons"}.
    lead_hint = models.JSONField(_("牵头单位建议"), default=dict, blank=True)
    # {"task": id, "label": "…", "words": [...]} or {}.
    parent_hint = models.JSONField(_("归属建议"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(_("拒绝理由"), blank=True)
    task = models.OneToOneField(
        Task, verbose_name=_("生成的任务"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="meeting_candidate",
    )
    merged_into = models.ForeignKey(
        "self", verbose_name=_("并入"), null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    split_from = models.ForeignKey(
        "self", verbose_name=_("拆自"), null=True, blank=True, on_delete=models.SET_NULL, related_name="split_into"
    )
    # Optimistic locking: a change names the version it was made on.
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("候选任务")
        verbose_name_plural = _("候选任务")
        ordering = ["report", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_pending(self) -> bool:
        return self.status == Status.PENDING


class Action(models.TextChoices):
    EXTRACTED = "extracted", _("提取")
    EDITED = "edited", _("修改")
    ACCEPTED = "accepted", _("接受")
    REJECTED = "rejected", _("拒绝")
    MERGED = "merged", _("合并")
    SPLIT = "split", _("拆分")
    REDATED = "redated", _("更正会议日期")


class Decision(models.Model):
    """One thing a person did with a report or a candidate."""

    report = models.ForeignKey(Report, verbose_name=_("会议报道"), on_delete=models.CASCADE, related_name="decisions")
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("候选任务"), null=True, blank=True, on_delete=models.CASCADE, related_name="decisions"
    )
    action = models.CharField(_("操作"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    detail = models.TextField(_("内容"))

    class Meta:
        verbose_name = _("处理记录")
        verbose_name_plural = _("处理记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}：{self.detail}"
