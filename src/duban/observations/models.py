"""Observed figures and the ledger of every change made to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.catalogue.models import Indicator, Region
from duban.exact_decimal import ExactDecimalField


class TransactionTime(models.Func):
    """``CURRENT_TIMESTAMP``: on PostgreSQL the transaction's start, the same for every row and
    statement of an import (Django's ``Now`` is each statement's); on SQLite the current time."""

    template = "CURRENT_TIMESTAMP"
    output_field = models.DateTimeField()


class Basis(models.TextChoices):
    PERIOD = "period", _("当期")
    YTD = "ytd", _("累计")


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    APPROVED = "approved", _("已审核")
    PUBLISHED = "published", _("已发布")


class Observation(models.Model):
    # Two indexes beyond the key: the unique constraint (indicator, region, period, basis) serves
    # every lookup by indicator, or by region together with indicators (the API always filters
    # by the indicators a person may see, so `indicator IN (…) AND region = …` is a range of it);
    # observation_period_idx serves a period. A lookup by region alone (an export of one region's
    # every indicator, deleting a region) reads the table: rare, and each index less is work saved
    # on every figure a large import writes (a region-first index cost 1.3 s per million).
    #
    # On PostgreSQL these two keys are enforced by triggers instead of foreign-key constraints
    # (migration 0004): the same guarantee, checked once per statement over the distinct
    # referenced rows rather than once per figure at commit. On SQLite they stay foreign-key
    # constraints (cheap there, where any trigger is not), so the fields keep declaring them.
    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, db_index=False)
    region = models.ForeignKey(Region, verbose_name=_("区域"), on_delete=models.PROTECT, db_index=False)
    period = models.CharField(_("期间"), max_length=12, help_text=_("规范代码，如 2024-03、2024Q1、2024-03D2"))
    period_kind = models.CharField(_("期间类型"), max_length=8, editable=False)
    period_end = models.DateField(_("期末日期"), editable=False)
    basis = models.CharField(_("口径"), max_length=8, choices=Basis.choices, default=Basis.PERIOD)
    value = ExactDecimalField(_("数值"), max_digits=20, decimal_places=4, null=True, blank=True)
    yoy_pct = models.DecimalField(
        _("公布同比增速（%）"), max_digits=10, decimal_places=4, null=True, blank=True
    )
    reported_rank = models.PositiveSmallIntegerField(_("公布位次"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("版本"), default=1, help_text=_("每次修改加一，用于防止并发覆盖"))
    # The database's default (the transaction's time) lets bulk COPY leave the column out: a
    # timestamp parsed a million times costs 0.3 s. Saves through the ORM still set it.
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_default=TransactionTime())
    # No index: no query looks figures up by who last changed them (deleting a user, which
    # nulls this, scans the table; users are deactivated rather than deleted). No database
    # constraint either (Django nulls it when an account is deleted): a checked key costs a
    # deferred check per figure at commit, 0.4 s per million, even when empty.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("更新人"), null=True, blank=True, on_delete=models.SET_NULL,
        db_index=False, db_constraint=False,
    )

    class Meta:
        verbose_name = _("指标数据")
        verbose_name_plural = _("指标数据")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "period", "basis"],
                name="observation_one_per_indicator_region_period_basis",
                violation_error_message=_("同一指标、区域、期间和口径只能有一条数据"),
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=False) | models.Q(yoy_pct__isnull=False),
                name="observation_has_value_or_growth",
                violation_error_message=_("数值和增速至少填写一项"),
            ),
        ]
        indexes = [
            models.Index(fields=["period", "indicator", "status"], name="observation_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region} {self.period}"


class ObservationRevision(models.Model):
    """One change to an observation: who, when, from what, to what, and why.

    A ledger of our own rather than django-simple-history, because imports write
    revisions in bulk (COPY / executemany) and a revert must itself be a revision.

    Nothing is lost: the ledger keeps its rows even if a figure were deleted (no cascade, and
    no database constraint to the figure: its rows are written in the same statement as the
    figures they record, from their ids). History is read per figure (the index on
    ``observation``); nothing reads the whole ledger by time or by person, so neither has an index.
    """

    observation = models.ForeignKey(
        Observation, verbose_name=_("数据"), on_delete=models.DO_NOTHING, related_name="revisions",
        db_constraint=False,
    )
    changed_at = models.DateTimeField(_("修改时间"), db_default=TransactionTime())  # as Observation.updated_at
    # As the figure's ``updated_by``: no index, no database constraint; ``actor`` keeps the name.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, blank=True, on_delete=models.SET_NULL,
        db_index=False, db_constraint=False,
    )
    actor = models.CharField(_("操作方"), max_length=64, blank=True, help_text=_("操作人的用户名，或无登录用户时的来源（如命令行导入）"))
    action = models.CharField(_("操作"), max_length=16)
    old_value = ExactDecimalField(_("原数值"), max_digits=20, decimal_places=4, null=True, blank=True)
    new_value = ExactDecimalField(_("新数值"), max_digits=20, decimal_places=4, null=True, blank=True)
    old_yoy_pct = models.DecimalField(_("原增速"), max_digits=10, decimal_places=4, null=True, blank=True)
    new_yoy_pct = models.DecimalField(_("新增速"), max_digits=10, decimal_places=4, null=True, blank=True)
    old_status = models.CharField(_("原状态"), max_length=12, blank=True)
    new_status = models.CharField(_("新状态"), max_length=12, blank=True)
    reason = models.TextField(_("原因"), blank=True)

    class Meta:
        verbose_name = _("数据修改记录")
        verbose_name_plural = _("数据修改记录")
        ordering = ["observation", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.observation} {self.action} {self.changed_at:%Y-%m-%d %H:%M}"


class PeriodLock(models.Model):
    """A reporting period closed for change: only an administrator may revise its figures, with a reason."""

    period = models.CharField(_("期间"), max_length=12, unique=True, help_text=_("规范代码，如 2024-03"))
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("锁定人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    locked_at = models.DateTimeField(_("锁定时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("期间锁定")
        verbose_name_plural = _("期间锁定")
        ordering = ["-period"]

    def __str__(self) -> str:
        return self.period
