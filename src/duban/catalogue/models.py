"""The catalogue: regions, peer groups, departments, leaders, task forces and indicators."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from duban.exact_decimal import ExactDecimalField

DIVISION_CODE = re.compile(r"^\d{6}(\d{3}(\d{3})?)?$")


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省")
    PREFECTURE = "prefecture", _("市")
    COUNTY = "county", _("县（市、区）")
    TOWNSHIP = "township", _("镇（街道）")


def level_of_code(code: str) -> str:
    """The administrative level an official division code denotes (GB/T 2260 layout)."""
    if len(code) > 6:
        return RegionLevel.TOWNSHIP
    if code.endswith("0000"):
        return RegionLevel.PROVINCE
    if code.endswith("00"):
        return RegionLevel.PREFECTURE
    return RegionLevel.COUNTY


LEVEL_ORDER = [RegionLevel.PROVINCE, RegionLevel.PREFECTURE, RegionLevel.COUNTY, RegionLevel.TOWNSHIP]


class Alias(models.Model):
    """Another name a statistics table uses for a catalogue row (婺城 for 婺城区).

    An alias is unique among aliases of its kind (a database constraint) and must not be the
    name or code of another row (``clean`` and the importers check it), so it never names two.
    """

    name = models.CharField(_("别名"), max_length=64, unique=True)
    owner_field = ""  # the foreign key to the row this is an alias of

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        owner = self._meta.get_field(self.owner_field)
        clash = owner.related_model.objects.filter(models.Q(name=self.name) | models.Q(code=self.name)).exclude(
            pk=getattr(self, owner.attname))
        if clash.exists():
            raise ValidationError({"name": _("别名“%(name)s”已是“%(other)s”的名称或代码") % {
                "name": self.name, "other": clash.first().name}})


class Region(models.Model):
    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("层级"), max_length=16, choices=RegionLevel.choices, editable=False)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级区域"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("区域")
        verbose_name_plural = _("区域")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{6}([0-9]{3}([0-9]{3})?)?$"),
                name="region_code_is_division_code",
                violation_error_message=_("区划代码应为 6、9 或 12 位数字"),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not DIVISION_CODE.match(self.code or ""):
            raise ValidationError({"code": _("区划代码应为 6、9 或 12 位数字")})
        if self.parent_id and LEVEL_ORDER.index(level_of_code(self.parent.code)) >= LEVEL_ORDER.index(
            level_of_code(self.code)
        ):
            raise ValidationError({"parent": _("上级区域的层级必须高于本区域")})

    def save(self, *args, **kwargs):
        self.level = level_of_code(self.code)
        super().save(*args, **kwargs)


class RegionAlias(Alias):
    region = models.ForeignKey(Region, verbose_name=_("区域"), on_delete=models.CASCADE, related_name="aliases")
    owner_field = "region"

    class Meta(Alias.Meta):
        verbose_name = _("区域别名")
        verbose_name_plural = _("区域别名")


class PeerGroup(models.Model):
    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64, unique=True)
    short_name = models.CharField(_("简称"), max_length=16, blank=True, help_text=_("用于通报语句，如“金华”“全省”"))
    members = models.ManyToManyField(Region, verbose_name=_("成员"), related_name="peer_groups")
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("比较组")
        verbose_name_plural = _("比较组")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Leader(models.Model):
    name = models.CharField(_("姓名"), max_length=32, unique=True)
    title = models.CharField(_("职务"), max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("领导")
        verbose_name_plural = _("领导")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    name = models.CharField(_("名称"), max_length=64, unique=True)
    leader = models.ForeignKey(
        Leader, verbose_name=_("分管领导"), null=True, blank=True, on_delete=models.SET_NULL, related_name="departments"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TaskForce(models.Model):
    name = models.CharField(_("名称"), max_length=64, unique=True)
    leader = models.ForeignKey(
        Leader, verbose_name=_("牵头领导"), null=True, blank=True, on_delete=models.SET_NULL, related_name="task_forces"
    )
    departments = models.ManyToManyField(Department, verbose_name=_("成员单位"), blank=True, related_name="task_forces")
    history = HistoricalRecords(m2m_fields=[departments])

    class Meta:
        verbose_name = _("专班")
        verbose_name_plural = _("专班")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Kind(models.TextChoices):
    FLOW = "flow", _("流量（可累计）")
    STOCK = "stock", _("存量（时点）")
    RATE = "rate", _("比率")


class Direction(models.TextChoices):
    HIGHER_BETTER = "higher_better", _("越高越好")
    LOWER_BETTER = "lower_better", _("越低越好")


class Frequency(models.TextChoices):
    DAY = "day", _("日")
    WEEK = "week", _("周")
    DEKAD = "dekad", _("旬")
    MONTH = "month", _("月")
    QUARTER = "quarter", _("季")
    YEAR = "year", _("年")


class RankBy(models.TextChoices):
    VALUE = "value", _("当期值")
    YTD = "ytd", _("累计值")
    YOY_PCT = "yoy_pct", _("同比增速")


class TimeProgress(models.TextChoices):
    LINEAR = "linear", _("按时间均匀")
    SEASONAL = "seasonal", _("按上年季节进度")


def default_decimals(rank_by: str, unit: str) -> int:
    """The published precision of an indicator's ranked figure when the catalogue does not say:
    statistics bureaus print growth rates and percentages at one decimal, amounts at two."""
    return 1 if rank_by == RankBy.YOY_PCT or unit.strip() == "%" else 2


def default_additive(kind: str) -> bool:
    """Whether figures add up across regions when the catalogue does not say: ratios never do."""
    return kind != Kind.RATE


class Indicator(models.Model):
    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64, unique=True)
    unit = models.CharField(_("单位"), max_length=16)
    category = models.CharField(_("类别"), max_length=32, blank=True)
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    direction = models.CharField(
        _("方向"), max_length=16, choices=Direction.choices, default=Direction.HIGHER_BETTER
    )
    frequency = models.CharField(_("频度"), max_length=8, choices=Frequency.choices, default=Frequency.MONTH)
    rank_by = models.CharField(_("排名依据"), max_length=8, choices=RankBy.choices, default=RankBy.YOY_PCT)
    time_progress = models.CharField(
        _("序时进度算法"), max_length=8, choices=TimeProgress.choices, default=TimeProgress.LINEAR
    )
    department = models.ForeignKey(
        Department, verbose_name=_("责任部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="indicators"
    )
    leader = models.ForeignKey(
        Leader, verbose_name=_("分管领导"), null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )
    task_force = models.ForeignKey(
        TaskForce, verbose_name=_("专班"), null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )
    decimals = models.PositiveSmallIntegerField(
        _("发布精度（小数位）"), default=1,
        help_text=_("排名依据数值的发布精度：按此位数四舍五入后比较，相同即并列（增速、百分比一般为 1 位）"),
    )
    additive = models.BooleanField(
        _("可跨区域相加"), default=True,
        help_text=_("人均收入、平均工资等不能跨区域相加的指标，不计算份额和合计"),
    )
    report_deadline_days = models.PositiveSmallIntegerField(
        _("报送期限（期末后天数）"), default=15, help_text=_("期末后超过此天数仍未报送，即为“待报”")
    )
    min_value = ExactDecimalField(_("合理下限"), max_digits=20, decimal_places=4, null=True, blank=True)
    max_value = ExactDecimalField(_("合理上限"), max_digits=20, decimal_places=4, null=True, blank=True)
    description = models.TextField(_("说明"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["category", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_value__isnull=True)
                | models.Q(max_value__isnull=True)
                | models.Q(min_value__lte=models.F("max_value")),
                name="indicator_min_not_above_max",
                violation_error_message=_("合理下限不能高于合理上限"),
            ),
            models.CheckConstraint(
                condition=models.Q(decimals__lte=6),
                name="indicator_decimals_at_most_six",
                violation_error_message=_("发布精度最多 6 位小数"),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="rate", rank_by="ytd"),
                name="indicator_rate_not_ranked_by_ytd",
                violation_error_message=_("比率类指标不能按累计值排名"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorAlias(Alias):
    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="aliases")
    owner_field = "indicator"

    class Meta(Alias.Meta):
        verbose_name = _("指标别名")
        verbose_name_plural = _("指标别名")
