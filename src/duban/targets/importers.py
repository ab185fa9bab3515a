"""Annual, staged and rank targets: indicator,region,period,value,growth_pct,rank_group,rank_max."""

from __future__ import annotations

from decimal import Decimal

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from duban.catalogue.lookups import NameIndex, UnknownName
from duban.catalogue.models import Indicator, PeerGroup, Region
from duban.core.numbers import DigitsError, NumberError, fit_digits, parse_number
from duban.core.periods import PeriodError
from duban.core.period_text import parse_period
from duban.imports.base import ImportReport, Row, TableImporter
from duban.imports.tabular import Column
from duban.targets.models import RankTarget, Target

TARGET_KINDS = {"year", "half", "quarter", "month"}
RANK_MAX = 32_767  # RankTarget.rank_max, a PositiveSmallIntegerField on PostgreSQL


class TargetImporter(TableImporter):
    kind = "targets"
    columns = [
        Column("indicator", ("指标", "指标代码", "指标名称")),
        Column("region", ("区域", "地区")),
        Column("period", ("期间", "年度", "目标期间")),
        Column("value", ("目标值", "目标"), required=False),
        Column("growth_pct", ("目标增速", "增速目标", "目标增速（%）"), required=False),
        Column("rank_group", ("比较组", "排名范围"), required=False),
        Column("rank_max", ("目标位次", "位次目标"), required=False),
    ]

    def parse_rows(self, rows: list[Row]):
        indicators = NameIndex(Indicator.objects.all(), label="指标")
        regions = NameIndex(Region.objects.all(), label="区域")
        groups = NameIndex(PeerGroup.objects.all(), label="比较组")
        values: dict[tuple, dict] = {}
        ranks: dict[tuple, int] = {}
        seen: dict[tuple, int] = {}
        for row in rows:
            indicator, region, group = None, None, None
            try:
                indicator = indicators.get(row.get("indicator") or "")
            except UnknownName as error:
                row.problem("indicator", str(error))
            try:
                region = regions.get(row.get("region") or "")
            except UnknownName as error:
                row.problem("region", str(error))
            period = self._period(row)
            value = self._number(row, "value", indicator.unit if indicator else None)
            growth = self._number(row, "growth_pct", "%")
            rank_max = self._number(row, "rank_max", None)
            if row.get("rank_group"):
                try:
                    group = groups.get(row.get("rank_group"))
                except UnknownName as error:
                    row.problem("rank_group", str(error))
                    continue
            if (row.get("rank_group") is None) != (row.get("rank_max") is None):
                row.problem("rank_max", "比较组和目标位次须同时填写")
                continue
            if isinstance(rank_max, Decimal) and (rank_max < 1 or rank_max != rank_max.to_integral_value()
                                                  or rank_max > RANK_MAX):
                row.problem("rank_max", f"目标位次应为 1 到 {RANK_MAX} 的整数")
                continue
            if None in (indicator, region, period) or False in (value, growth, rank_max):
                continue
            if value is None and growth is None and rank_max is None:
                row.problem("value", "目标值、目标增速和目标位次至少填写一项")
                continue
            key = (indicator.pk, region.pk, period, group.pk if group else None)
            if key in seen:
                row.problem("period", f"与第 {seen[key]} 行重复")
                continue
            seen[key] = row.number
            if value is not None or growth is not None:
                values[(indicator.pk, region.pk, period)] = {"value": value, "growth_pct": growth}
            if rank_max is not None:
                ranks[(indicator.pk, region.pk, period, group.pk)] = int(rank_max)
        return values, ranks

    def write(self, parsed, report: ImportReport) -> None:
        values, ranks = parsed
        self._write_values(values, report)
        self._write_ranks(ranks, report)

    def _write_values(self, values: dict[tuple, dict], report: ImportReport) -> None:
        existing = {
            (t.indicator_id, t.region_id, t.period): t
            for t in Target.objects.filter(period__in={k[2] for k in values})
        }
        new, changed = [], []
        for (indicator_id, region_id, period), figures in values.items():
            target = existing.get((indicator_id, region_id, period))
            if target is None:
                new.append(Target(indicator_id=indicator_id, region_id=region_id, period=period, **figures))
            elif (target.value, target.growth_pct) != (figures["value"], figures["growth_pct"]):
                target.value, target.growth_pct = figures["value"], figures["growth_pct"]
                changed.append(target)
            else:
                report.unchanged += 1
        if new:
            bulk_create_with_history(new, Target)
        if changed:
            bulk_update_with_history(changed, Target, ["value", "growth_pct"])
        report.created += len(new)
        report.updated += len(changed)

    def _write_ranks(self, ranks: dict[tuple, int], report: ImportReport) -> None:
        existing = {
            (t.indicator_id, t.region_id, t.period, t.group_id): t
            for t in RankTarget.objects.filter(period__in={k[2] for k in ranks})
        }
        new, changed = [], []
        for (indicator_id, region_id, period, group_id), rank_max in ranks.items():
            target = existing.get((indicator_id, region_id, period, group_id))
            if target is None:
                new.append(RankTarget(indicator_id=indicator_id, region_id=region_id, period=period,
                                      group_id=group_id, rank_max=rank_max))
            elif target.rank_max != rank_max:
                target.rank_max = rank_max
                changed.append(target)
            else:
                report.unchanged += 1
        if new:
            bulk_create_with_history(new, RankTarget)
        if changed:
            bulk_update_with_history(changed, RankTarget, ["rank_max"])
        report.created += len(new)
        report.updated += len(changed)

    @staticmethod
    def _period(row: Row) -> str | None:
        try:
            ref = parse_period(row.get("period") or "")
        except PeriodError as error:
            row.problem("period", str(error))
            return None
        if str(ref.period.kind) not in TARGET_KINDS:
            row.problem("period", "目标期间应为年、半年、季度或月")
            return None
        return ref.period.code

    @staticmethod
    def _number(row: Row, name: str, unit: str | None):
        """The number, None when blank, False after reporting a problem (also a number its field cannot hold)."""
        try:
            number = parse_number(row.get(name), unit=unit)
            if number is None or name == "rank_max":
                return number
            field = Target._meta.get_field(name)
            return fit_digits(number, integer_digits=field.max_digits - field.decimal_places,
                              decimals=field.decimal_places)
        except (NumberError, DigitsError) as error:
            row.problem(name, str(error))
            return False
