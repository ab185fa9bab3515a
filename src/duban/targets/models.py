"""Annual, staged and rank targets."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from duban.catalogue.models import Indicator, PeerGroup, Region
from duban.exact_decimal import ExactDecimalField


class Target(models.Model):
    """A value and/or growth target for a year (annual) or a quarter, half or month (staged)."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="targets")
    region = models.ForeignKey(Region, verbose_name=_("区域"), on_delete=models.PROTECT, related_name="targets")
    period = models.CharField(_("期间"), max_length=12, help_text=_("年度目标填年份，阶段性目标填季度、半年或月份"))
    value = ExactDecimalField(_("目标值"), max_digits=20, decimal_places=4, null=True, blank=True)
    growth_pct = models.DecimalField(_("目标增速（%）"), max_digits=10, decimal_places=4, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("目标")
        verbose_name_plural = _("目标")
        ordering = ["indicator", "region", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "period"],
                name="target_one_per_indicator_region_period",
                violation_error_message=_("同一指标、区域和期间只能有一个目标"),
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=False) | models.Q(growth_pct__isnull=False),
                name="target_has_value_or_growth",
                violation_error_message=_("目标值和目标增速至少填写一项"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region} {self.period}"


class RankTarget(models.Model):
    """A place to hold in a peer group, e.g. 金华前三 = at most 3rd in 金华9县市区."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="rank_targets"
    )
    region = models.ForeignKey(Region, verbose_name=_("区域"), on_delete=models.PROTECT, related_name="rank_targets")
    period = models.CharField(_("期间"), max_length=12)
    group = models.ForeignKey(PeerGroup, verbose_name=_("比较组"), on_delete=models.PROTECT)
    rank_max = models.PositiveSmallIntegerField(_("目标位次（不低于）"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("位次目标")
        verbose_name_plural = _("位次目标")
        ordering = ["indicator", "region", "period", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "period", "group"],
                name="rank_target_one_per_group",
                violation_error_message=_("同一指标、区域、期间和比较组只能有一个位次目标"),
            ),
            models.CheckConstraint(
                condition=models.Q(rank_max__gte=1),
                name="rank_target_positive",
                violation_error_message=_("目标位次至少为 1"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region} {self.group} ≤{self.rank_max}"
