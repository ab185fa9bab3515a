"""Major projects (重大项目): the year's investment plan by month, the monthly completed
investment (the figures' draft → submitted → approved path, with a ledger and a version for
optimistic locking), milestones, and the colour rules an administrator edits."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.catalogue.models import Department, Leader, Region, TaskForce
from duban.core import project_status as core
from duban.observations.models import Status

# A month's report goes as far as approval; projects are not published like figures.
MONTH_STATUSES = [c for c in Status.choices if c[0] != Status.PUBLISHED]


class Project(models.Model):
    code = models.CharField(_("项目编号"), max_length=32, unique=True)
    name = models.CharField(_("项目名称"), max_length=200, unique=True)
    type = models.CharField(_("类型"), max_length=32, help_text=_("如 产业项目、基础设施、社会民生、生态环保"))
    town = models.ForeignKey(Region, verbose_name=_("所在镇街"), on_delete=models.PROTECT, related_name="projects")
    department = models.ForeignKey(
        Department, verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="projects"
    )
    leader = models.ForeignKey(
        Leader, verbose_name=_("责任领导"), null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    task_force = models.ForeignKey(
        TaskForce, verbose_name=_("专班"), null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    total_investment = models.DecimalField(_("总投资（万元）"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("重大项目")
        verbose_name_plural = _("重大项目")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProjectYear(models.Model):
    """The year's investment plan; ``months`` holds the twelve planned amounts (万元)."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    annual_plan = models.DecimalField(_("年度计划投资（万元）"), max_digits=14, decimal_places=2)
    months = models.JSONField(_("分月计划（万元）"), help_text=_("1—12 月计划投资，合计等于年度计划"))

    class Meta:
        verbose_name = _("年度投资计划")
        verbose_name_plural = _("年度投资计划")
        ordering = ["project", "year"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="project_one_plan_per_year")]

    def __str__(self) -> str:
        return f"{self.project} {self.year}"

    @property
    def monthly_plan(self) -> tuple[Decimal, ...]:
        return tuple(Decimal(str(v)) for v in self.months)

    def clean(self) -> None:
        months = self.months if isinstance(self.months, list) else []
        try:
            values = [Decimal(str(v)) for v in months]
        except ArithmeticError:
            values = []
        if len(values) != 12:
            raise ValidationError({"months": _("分月计划须为 12 个数")})
        if self.annual_plan is not None and sum(values) != self.annual_plan:
            raise ValidationError({"months": _("分月计划合计须等于年度计划投资")})


class Milestone(models.Model):
    KINDS = [(k, k) for k in core.MILESTONES]
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("节点"), max_length=4, choices=KINDS)
    planned_date = models.DateField(_("计划日期"), null=True, blank=True)
    actual_date = models.DateField(_("实际日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")
        constraints = [models.UniqueConstraint(fields=["project", "kind"], name="project_one_milestone_per_kind")]

    def __str__(self) -> str:
        return f"{self.project.code} {self.kind}"

    @property
    def order(self) -> int:
        return core.MILESTONES.index(self.kind)


class ProjectMonth(models.Model):
    """The completed investment year-to-date at a month's end, as the lead department reports it."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="months")
    period = models.CharField(_("月份"), max_length=7, help_text=_("如 2024-06"))
    completed_ytd = models.DecimalField(_("1-N月累计完成投资（万元）"), max_digits=14, decimal_places=2)
    status = models.CharField(_("状态"), max_length=12, choices=MONTH_STATUSES, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("版本"), default=1, help_text=_("每次修改加一，用于防止并发覆盖"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("更新人"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("项目月度进展")
        verbose_name_plural = _("项目月度进展")
        ordering = ["project", "period"]
        constraints = [models.UniqueConstraint(fields=["project", "period"], name="project_one_report_per_month")]

    def __str__(self) -> str:
        return f"{self.project.code} {self.period}"


class ProjectRevision(models.Model):
    """One change to a project's month or milestone: who, when, from what, to what, and why."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="revisions")
    month = models.ForeignKey(
        ProjectMonth, verbose_name=_("月度进展"), null=True, blank=True, on_delete=models.SET_NULL, related_name="revisions"
    )
    field = models.CharField(_("内容"), max_length=32, help_text=_("completed_ytd、status 或节点名称"))
    action = models.CharField(_("操作"), max_length=16)
    old_value = models.CharField(_("原值"), max_length=40, blank=True)
    new_value = models.CharField(_("新值"), max_length=40, blank=True)
    changed_at = models.DateTimeField(_("修改时间"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    actor = models.CharField(_("操作方"), max_length=64, blank=True)
    reason = models.TextField(_("原因"), blank=True)

    class Meta:
        verbose_name = _("项目修改记录")
        verbose_name_plural = _("项目修改记录")
        ordering = ["project", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.project.code} {self.field} {self.action}"


class ProjectStatusRules(models.Model):
    """The colour thresholds (one row), edited by an administrator like the warning rules."""

    yellow_gap_pp = models.DecimalField(
        _("黄灯：落后计划（百分点）起"), max_digits=5, decimal_places=2, default=core.DEFAULT_RULES.yellow_gap_pp)
    red_gap_pp = models.DecimalField(
        _("红灯：落后计划超过（百分点）"), max_digits=5, decimal_places=2, default=core.DEFAULT_RULES.red_gap_pp)
    late_start_red_months = models.PositiveSmallIntegerField(
        _("红灯：推迟开工（月）"), default=core.DEFAULT_RULES.late_start_red_months)
    catch_up_yellow = models.BooleanField(
        _("红灯追上计划后先转黄灯"), default=core.DEFAULT_RULES.catch_up_yellow)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("项目三色规则")
        verbose_name_plural = _("项目三色规则")

    def __str__(self) -> str:
        return str(_("项目三色规则"))

    def as_core(self) -> core.StatusRules:
        return core.StatusRules(Decimal(self.yellow_gap_pp), Decimal(self.red_gap_pp),
                                self.late_start_red_months, self.catch_up_yellow)

    def clean(self) -> None:
        try:
            self.as_core()
        except ValueError as error:
            raise ValidationError(str(error)) from None

    @classmethod
    def current(cls) -> core.StatusRules:
        row = cls.objects.order_by("pk").first()
        return row.as_core() if row else core.DEFAULT_RULES
