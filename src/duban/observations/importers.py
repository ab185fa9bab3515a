"""The long layout of observations: one figure a row."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from duban.catalogue.lookups import NameIndex, UnknownName
from duban.catalogue.models import Indicator, Region
from duban.core.numbers import NumberError, parse_number
from duban.core.periods import PeriodError, parse_period
from duban.imports.base import Row, TableImporter
from duban.imports.tabular import Column
from duban.observations.models import Basis, Status
from duban.observations.services import ObservationInput, fits_frequency, save_observations

BASIS_WORDS = {"period": Basis.PERIOD, "当期": Basis.PERIOD, "ytd": Basis.YTD, "累计": Basis.YTD}


@dataclass
class ParsedObservations:
    items: list[ObservationInput]


class ObservationImporter(TableImporter):
    kind = "observations"
    columns = [
        Column("indicator", ("指标", "指标代码", "指标名称")),
        Column("region", ("区域", "地区", "县（市、区）", "区划代码")),
        Column("period", ("期间", "时间", "报告期")),
        Column("value", ("数值", "值", "本期值", "累计值")),
        Column("yoy_pct", ("增速", "同比", "同比增速", "增速（%）", "同比增长（%）"), required=False),
        Column("basis", ("口径",), required=False),
        Column("rank", ("位次", "排名"), required=False),
    ]

    def __init__(self, *, status: str = Status.PUBLISHED, **kwargs):
        super().__init__(**kwargs)
        self.status = status

    def parse_rows(self, rows: list[Row]) -> ParsedObservations:
        indicators = NameIndex(Indicator.objects.all(), label="指标")
        regions = NameIndex(Region.objects.all(), label="区域")
        today = timezone.localdate()
        items: list[ObservationInput] = []
        first_seen: dict[tuple, int] = {}
        for row in rows:
            indicator = self._lookup(row, "indicator", indicators)
            region = self._lookup(row, "region", regions)
            ref = None
            if row.get("period") is None:
                row.problem("period", "不能为空")
            else:
                try:
                    ref = parse_period(row.get("period"))
                except PeriodError as error:
                    row.problem("period", str(error))
            if ref is not None and ref.period.end > today:
                row.problem("period", f"期间尚未结束（截至 {today:%Y-%m-%d}）")
                ref = None
            if indicator is not None and ref is not None and not fits_frequency(ref.period, indicator.frequency):
                row.problem("period", f"指标“{indicator.name}”按{indicator.get_frequency_display()}报送，期间过细")
                ref = None
            basis = self._basis(row, ref)
            value = self._number(row, "value", indicator.unit if indicator else None)
            yoy = self._number(row, "yoy_pct", "%")
            rank = self._rank(row)
            if None in (indicator, region, ref, basis) or value is False or yoy is False or rank is False:
                continue
            if value is None and yoy is None:
                row.problem("value", "数值和增速都为空：无数据的行请删除，不要填 0")
                continue
            key = (indicator.pk, region.pk, ref.period.code, basis)
            if key in first_seen:
                row.problem("region", f"与第 {first_seen[key]} 行重复（同一指标、区域、期间和口径）")
                continue
            first_seen[key] = row.number
            items.append(
                ObservationInput(
                    indicator=indicator, region=region, period=ref.period, basis=basis,
                    value=value, yoy_pct=yoy, reported_rank=rank,
                )
            )
        return ParsedObservations(items)

    def write(self, parsed: ParsedObservations, report) -> None:
        outcome = save_observations(
            parsed.items, status=self.status, source=f"导入：{self.file_name}",
            user=self.user, actor=self.actor, reason=self.reason or f"导入 {self.file_name}",
        )
        report.created += outcome.created
        report.updated += outcome.updated
        report.unchanged += outcome.unchanged

    @staticmethod
    def _lookup(row: Row, name: str, index: NameIndex):
        text = row.get(name)
        if text is None:
            row.problem(name, "不能为空")
            return None
        try:
            return index.get(text)
        except UnknownName as error:
            row.problem(name, str(error))
            return None

    @staticmethod
    def _basis(row: Row, ref):
        text = row.get("basis")
        if text is None:
            return ref.basis or Basis.PERIOD if ref else Basis.PERIOD
        basis = BASIS_WORDS.get(text.strip().lower())
        if basis is None:
            row.problem("basis", "口径应为 period（当期）或 ytd（累计）")
        elif ref is not None and ref.basis == Basis.YTD and basis != Basis.YTD:
            row.problem("basis", "期间写作累计（如 1-3月），口径却不是 ytd")
            return None
        return basis

    @staticmethod
    def _number(row: Row, name: str, unit: str | None) -> Decimal | None | bool:
        """The parsed number, None when the cell says 'no data', False after reporting a problem."""
        try:
            return parse_number(row.get(name), unit=unit)
        except NumberError as error:
            row.problem(name, str(error))
            return False

    @staticmethod
    def _rank(row: Row) -> int | None | bool:
        try:
            number = parse_number(row.get("rank"))
        except NumberError as error:
            row.problem("rank", str(error))
            return False
        if number is None:
            return None
        if number != number.to_integral_value() or number < 1:
            row.problem("rank", "位次应为正整数")
            return False
        return int(number)
