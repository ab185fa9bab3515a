"""Scoring schemes (考核方案), their items and the bonus and deduction points (加分/扣分)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from duban.catalogue.models import Department, Frequency, Indicator, PeerGroup, Region
from duban.core import scoring as core
from duban.scoring.measures import MEASURES


class SubjectKind(models.TextChoices):
    REGIONS = "regions", _("区域（县市区、乡镇）")
    DEPARTMENTS = "departments", _("部门")


class Method(models.TextChoices):
    RANK = "rank", _("位次计分")
    EFFICACY = "efficacy", _("功效系数法")
    TARGET = "target", _("目标完成计分")
    THRESHOLD = "threshold", _("分档计分")


class Scheme(models.Model):
    """A scheme scores either the regions of a peer group or the county's departments."""

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    subjects = models.CharField(_("考核对象"), max_length=16, choices=SubjectKind.choices, default=SubjectKind.REGIONS)
    group = models.ForeignKey(
        PeerGroup, verbose_name=_("比较组"), null=True, blank=True, on_delete=models.PROTECT,
        help_text=_("区域方案的考核对象：比较组的成员"),
    )
    frequency = models.CharField(_("考核频度"), max_length=8, choices=Frequency.choices, default=Frequency.MONTH)
    gates = models.CharField(
        _("门槛"), max_length=200, blank=True,
        help_text=_("如 gdp≥8:90：该指标未达 8 时，各项合计最高得满分的 90%；多条用分号隔开"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        if self.subjects == SubjectKind.REGIONS and self.group_id is None:
            raise ValidationError({"group": _("区域方案须指定比较组")})
        try:
            core.parse_gates(self.gates)
        except core.SchemeError as error:
            raise ValidationError({"gates": str(error)}) from None


class SchemeItem(models.Model):
    """One weighted item: an indicator (regions and departments) or a department measure."""

    scheme = models.ForeignKey(Scheme, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), null=True, blank=True, on_delete=models.PROTECT)
    measure = models.CharField(
        _("部门考核项"), max_length=32, blank=True, choices=[(k, m.label) for k, m in MEASURES.items()]
    )
    weight = models.DecimalField(_("分值"), max_digits=7, decimal_places=2)
    method = models.CharField(_("计分方法"), max_length=12, choices=Method.choices)
    step = models.DecimalField(_("每降一位扣（%）"), max_digits=6, decimal_places=2, null=True, blank=True)
    base = models.DecimalField(_("功效基础分（%）"), max_digits=6, decimal_places=2, null=True, blank=True)
    span = models.DecimalField(_("功效浮动分（%）"), max_digits=6, decimal_places=2, null=True, blank=True)
    bands = models.CharField(_("分档"), max_length=200, blank=True, help_text=_("如 ≥10:100;≥8:80;<8:60"))
    ratio = models.BooleanField(_("按完成比例计分"), default=False, help_text=_("目标法：按完成程度给分，最高为满分"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考核项")
        verbose_name_plural = _("考核项")
        ordering = ["scheme", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(indicator__isnull=False) ^ ~models.Q(measure=""),
                name="scheme_item_indicator_or_measure",
                violation_error_message=_("指标和部门考核项须填且只填一项"),
            ),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="scheme_item_weight_positive",
                                   violation_error_message=_("分值须大于 0")),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.weight}"

    @property
    def key(self) -> str:
        return self.indicator.code if self.indicator_id else self.measure

    @property
    def label(self) -> str:
        return self.indicator.name if self.indicator_id else str(MEASURES[self.measure].label)

    def clean(self) -> None:
        if self.method == Method.THRESHOLD:
            try:
                core.parse_bands(self.bands)
            except core.SchemeError as error:
                raise ValidationError({"bands": str(error)}) from None
        if self.method == Method.TARGET and not self.indicator_id:
            raise ValidationError({"method": _("目标完成计分只适用于有目标的指标")})

    def as_core(self) -> core.Item:
        if self.indicator_id:
            direction, decimals = self.indicator.direction, self.indicator.decimals
        else:
            direction, decimals = MEASURES[self.measure].direction, MEASURES[self.measure].decimals
        return core.Item(
            self.key, Decimal(self.weight), core.Method(self.method), direction, decimals,
            step=Decimal(5) if self.step is None else Decimal(self.step),
            base=Decimal(60) if self.base is None else Decimal(self.base),
            span=Decimal(40) if self.span is None else Decimal(self.span),
            bands=core.parse_bands(self.bands) if self.method == Method.THRESHOLD else (),
            ratio=self.ratio,
        )


class ScoreAdjustment(models.Model):
    """Bonus (positive) or deduction (negative) points of one subject for one period, with a reason."""

    scheme = models.ForeignKey(Scheme, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="adjustments")
    region = models.ForeignKey(Region, verbose_name=_("区域"), null=True, blank=True, on_delete=models.PROTECT)
    department = models.ForeignKey(Department, verbose_name=_("部门"), null=True, blank=True, on_delete=models.PROTECT)
    period = models.CharField(_("期间"), max_length=12)
    points = models.DecimalField(_("分数"), max_digits=7, decimal_places=2, help_text=_("扣分填负数"))
    reason = models.CharField(_("事由"), max_length=200)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    actor = models.CharField(_("操作方"), max_length=64, blank=True, help_text=_("录入人的用户名，或导入来源"))
    entered_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("加减分")
        verbose_name_plural = _("加减分")
        ordering = ["scheme", "period", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region__isnull=False) ^ models.Q(department__isnull=False),
                name="score_adjustment_one_subject",
                violation_error_message=_("区域和部门须填且只填一项"),
            ),
            models.CheckConstraint(condition=~models.Q(points=0), name="score_adjustment_not_zero",
                                   violation_error_message=_("分数不能为 0")),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.period} {self.points:+}"

    @property
    def subject(self):
        return self.region if self.region_id else self.department
