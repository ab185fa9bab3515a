"""Any selection of figures to an xlsx file in the long layout, which imports back unchanged."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from django.db.models import Q
from openpyxl import Workbook

from duban.catalogue.lookups import resolve
from duban.catalogue.models import Indicator, Region
from duban.core.periods import PeriodKind
from duban.core.period_text import parse_period
from duban.observations.models import Observation, Status
from duban.spreadsheets import xlsx_row

# The first seven are what the long importer reads (``ObservationImporter.columns`` names them so);
# the rest are for the reader and ignored on import. Codes, not names, identify: names may repeat.
HEADER = ["指标代码", "区划代码", "期间", "口径", "数值", "增速（%）", "位次",
          "指标名称", "区域名称", "单位", "状态", "来源"]
FLOAT_SAFE_DIGITS = 15  # beyond this a spreadsheet number would lose digits: write text instead


@dataclass
class Selection:
    """Names or codes as people give them; an empty list selects everything."""

    indicators: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)  # a year (2024) selects every period in it
    published_only: bool = False


def selected_observations(selection: Selection):
    """The observations of a selection; raises UnknownName / PeriodError on a bad name."""
    rows = Observation.objects.select_related("indicator", "region")
    if selection.indicators:
        rows = rows.filter(indicator__in=[resolve(Indicator, t) for t in selection.indicators])
    if selection.regions:
        rows = rows.filter(region__in=[resolve(Region, t) for t in selection.regions])
    if selection.periods:
        condition = Q()
        for text in selection.periods:
            period = parse_period(text).period
            if period.kind == PeriodKind.YEAR:
                condition |= Q(period_end__year=period.year)
            else:
                condition |= Q(period=period.code)
        rows = rows.filter(condition)
    if selection.published_only:
        rows = rows.filter(status=Status.PUBLISHED)
    return rows.order_by("indicator__code", "region__code", "period_end", "basis")


def _cell(number: Decimal | None):
    if number is None:
        return None
    exact = number.normalize()
    return float(exact) if len(exact.as_tuple().digits) <= FLOAT_SAFE_DIGITS else format(exact, "f")


def export_xlsx(selection: Selection) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("指标数据")
    sheet.append(xlsx_row(sheet, HEADER))
    for row in selected_observations(selection).iterator(chunk_size=5000):
        sheet.append(xlsx_row(sheet, [  # names are text, never formulas (duban.spreadsheets)
            row.indicator.code, row.region.code, row.period, row.get_basis_display(), _cell(row.value),
            _cell(row.yoy_pct), row.reported_rank, row.indicator.name, row.region.name, row.indicator.unit,
            row.get_status_display(), row.source,
        ]))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
