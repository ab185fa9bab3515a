"""Warning rules (edited by an administrator) and the engine's stored results."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.catalogue.models import Indicator, PeerGroup, Region
from duban.core import warnings as core_warnings
from duban.core.ranking import strength


class WarningLevel(models.TextChoices):
    """The labels of ``core.warnings.WarningLevel``: the one place a level is put into words."""

    RED = core_warnings.WarningLevel.RED.value, _("红灯")
    PENDING = core_warnings.WarningLevel.PENDING.value, _("待报")
    YELLOW = core_warnings.WarningLevel.YELLOW.value, _("黄灯")
    GREEN = core_warnings.WarningLevel.GREEN.value, _("绿灯")
    NONE = core_warnings.WarningLevel.NONE.value, _("未评价")


class WarningRule(models.Model):
    """One row of the ordered rule list; the first enabled rule that matches decides the level."""

    order = models.PositiveIntegerField(_("顺序"), unique=True)
    level = models.CharField(_("等级"), max_length=8, choices=[c for c in WarningLevel.choices if c[0] != "none"])
    condition = models.CharField(
        _("条件"), max_length=40, choices=[(c.value, c.value) for c in core_warnings.Condition]
    )
    threshold = models.FloatField(_("阈值"), null=True, blank=True, help_text=_("百分点或位次，视条件而定"))
    reason_template_zh = models.CharField(_("原因（中文模板）"), max_length=200)
    reason_template_en = models.CharField(_("原因（英文模板）"), max_length=200, blank=True)
    enabled = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("预警规则")
        verbose_name_plural = _("预警规则")
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.order} {self.get_level_display()} {self.condition}"

    def as_core(self) -> core_warnings.WarningRule:
        return core_warnings.WarningRule(
            self.order, self.level, self.condition, self.threshold,
            self.reason_template_zh, self.reason_template_en or self.reason_template_zh,
        )

    def clean(self) -> None:
        # The core's own checks (threshold present where needed, known template fields, …).
        try:
            self.as_core()
        except ValueError as error:
            raise ValidationError(str(error)) from None


class IndicatorStatus(models.Model):
    """The engine's figures for one (indicator, region, period); rebuilt by refresh_period.

    Derived data written in bulk (COPY): the foreign keys are not checked by the database
    (``db_constraint=False``; Django still cascades deletes) and the one index is the unique key
    (period, region, indicator), which every reader filters on (a series is read as a list of
    periods): each index costs time on every one of 420,000 rows a period stores. On PostgreSQL
    the table is partitioned by period (migration 0004), so storing a period is TRUNCATE + COPY
    into its partition; partitions are UNLOGGED: the rows can always be recomputed, and a crash
    empties them together with the snapshots that say they were current. The ranks in each peer group
    are ``GroupRank`` rows; ``ranks`` lists them as dicts (the readers in ``services`` fetch
    them for many statuses at once, otherwise they are fetched on first use).
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, db_constraint=False, db_index=False
    )
    region = models.ForeignKey(
        Region, verbose_name=_("区域"), on_delete=models.CASCADE, db_constraint=False, db_index=False
    )
    period = models.CharField(_("期间"), max_length=12)
    period_end = models.DateField(_("期末日期"))
    value = models.FloatField(_("当期值"), null=True)
    ytd = models.FloatField(_("累计值"), null=True)
    ytd_started = models.BooleanField(default=False, help_text=_("本年至此已有累计值（用于推算下期）"))
    yoy_pct = models.FloatField(_("同比（%）"), null=True)
    yoy_source = models.CharField(_("同比来源"), max_length=8, blank=True)
    figure = models.FloatField(_("排名依据值"), null=True)
    completion_pct = models.FloatField(_("完成率（%）"), null=True)
    time_progress_pct = models.FloatField(_("序时进度（%）"), null=True)
    pace_gap_pp = models.FloatField(_("快慢序时（百分点）"), null=True)
    growth_gap_pp = models.FloatField(_("增速差（百分点）"), null=True)
    stage = models.CharField(_("阶段性目标期间"), max_length=12, blank=True, help_text=_("覆盖本期的阶段性目标，如 2024Q1"))
    stage_completion_pct = models.FloatField(_("阶段目标完成率（%）"), null=True)
    stage_gap_pp = models.FloatField(_("阶段快慢序时（百分点）"), null=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    level = models.CharField(_("评定等级"), max_length=8, choices=WarningLevel.choices, default=WarningLevel.NONE)
    reasons = models.JSONField(_("原因"), default=list)
    causes = models.SmallIntegerField(_("红灯原因"), default=0, help_text=_("core.warnings.Cause 位：进度、增速、位次…"))
    met = models.SmallIntegerField(_("已追平的原因"), default=0, help_text=_("core.warnings.Cause 位"))
    projection = models.JSONField(_("全年预测"), null=True)

    class Meta:
        verbose_name = _("指标状态")
        verbose_name_plural = _("指标状态")
        constraints = [
            models.UniqueConstraint(fields=["period", "region", "indicator"], name="indicator_status_one_per_cell")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region} {self.period}"

    @property
    def ranks(self) -> list[dict]:
        """[{"group_id", "rank", "of", "change", "share_pct", "strength"}, …] in group order."""
        if not hasattr(self, "_ranks"):
            rows = GroupRank.objects.filter(
                period=self.period, indicator_id=self.indicator_id, region_id=self.region_id
            ).values_list("group_id", "rank", "of", "change", "share_pct")
            self._ranks = sorted((GroupRank.as_dict(*row) for row in rows), key=lambda r: r["group_id"])
        return self._ranks

    @ranks.setter
    def ranks(self, value: list[dict]) -> None:
        self._ranks = value


class GroupRank(models.Model):
    """A region's place in one peer group for an indicator and period (rebuilt with the statuses)."""

    # Written in bulk like IndicatorStatus: no database-checked keys, one index (the unique key;
    # a group's ranks are read by period and its member regions).
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, db_constraint=False, db_index=False, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, db_constraint=False, db_index=False, related_name="+")
    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, db_constraint=False, db_index=False, related_name="+")
    period = models.CharField(_("期间"), max_length=12)
    rank = models.IntegerField(_("位次"), null=True)
    of = models.IntegerField(_("参与排名数"))
    change = models.IntegerField(_("位次变动"), null=True)
    share_pct = models.FloatField(_("占比（%）"), null=True)

    class Meta:
        verbose_name = _("比较组位次")
        verbose_name_plural = _("比较组位次")
        constraints = [
            models.UniqueConstraint(fields=["period", "region", "indicator", "group"], name="group_rank_one_per_member")
        ]

    @staticmethod
    def as_dict(group_id: int, rank: int | None, of: int, change: int | None, share_pct: float | None) -> dict:
        grade = strength(rank, of)
        return {
            "group_id": group_id, "rank": rank, "of": of, "change": change, "share_pct": share_pct,
            "strength": None if grade is None else str(grade),
        }


class PeriodSnapshot(models.Model):
    """That the stored statuses of a period are current, and up to which data change."""

    period = models.CharField(_("期间"), max_length=12, unique=True)
    period_end = models.DateField(_("期末日期"))
    computed_at = models.DateTimeField(_("计算时间"))
    as_of = models.DateField(_("按日期评定"))
    revision_mark = models.BigIntegerField(_("数据修改记录水位"), default=0)
    target_mark = models.BigIntegerField(_("目标修改记录水位"), default=0)  # targets and catalogue: storage.change_marks
    # The first report deadline still to come when computed: a figure may turn pending then.
    valid_until = models.DateField(_("有效至"), null=True)

    class Meta:
        verbose_name = _("期间计算快照")
        verbose_name_plural = _("期间计算快照")

    def __str__(self) -> str:
        return self.period
