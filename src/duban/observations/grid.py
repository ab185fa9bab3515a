"""The data-entry grid of one department, region and period: what it shows and what a post means."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from duban.catalogue.models import Department, Indicator, Region
from duban.core.numbers import NumberError, parse_number
from duban.core.periods import Period
from duban.observations.models import Basis, Observation
from duban.observations.review import reference_for, references
from duban.observations.figures import quantize
from duban.observations.workflow import CellEdit


@dataclass
class GridRow:
    indicator: Indicator
    basis: str
    observation: Observation | None
    typed_value: str | None = None  # what the person typed, shown back when the save was refused
    typed_yoy: str | None = None
    message: str = ""  # a check result, a conflict or a number error, in Chinese
    severity: str = ""  # error | warning | conflict
    last: Decimal | None = None  # the value of the period before
    last_year: Decimal | None = None  # the value of the same period last year
    reference: Decimal | None = None  # what a typed value is compared with for a jump (review.reference_for)

    @property
    def version(self) -> int | None:
        return self.observation.version if self.observation else None


def basis_for(indicator: Indicator) -> str:
    """Departments report flows as YTD figures (as statistics do), levels as they stand."""
    return Basis.YTD if indicator.kind == "flow" else Basis.PERIOD


def grid_indicators(department: Department, period: Period):
    """The department's indicators reported at this period's frequency."""
    return Indicator.objects.filter(department=department, frequency=str(period.kind)).order_by("category", "code")


def entry_grid(department: Department, region: Region, period: Period) -> list[GridRow]:
    indicators = list(grid_indicators(department, period))
    stored = {
        (o.indicator_id, o.basis): o
        for o in Observation.objects.filter(indicator__in=indicators, region=region, period=period.code)
    }
    rows = [GridRow(i, basis_for(i), stored.get((i.pk, basis_for(i)))) for i in indicators]
    refs = references(period, {(row.indicator.pk, region.pk, row.basis) for row in rows})
    for row in rows:
        row.last, row.last_year = refs.get((row.indicator.pk, region.pk, row.basis), (None, None))
        row.reference = reference_for(period, row.basis, row.last, row.last_year)
    return rows


def read_post(rows: list[GridRow], data, region: Region, period: Period) -> tuple[list[CellEdit], bool]:
    """Edits from the posted grid, and whether every typed number parsed (errors go on the rows)."""
    edits, all_parsed = [], True
    for row in rows:
        pk = row.indicator.pk
        row.typed_value, row.typed_yoy = data.get(f"value-{pk}", ""), data.get(f"yoy-{pk}", "")
        value, value_error = parse_cell(row.typed_value, row.indicator.unit)
        yoy, yoy_error = parse_cell(row.typed_yoy, "%")
        if value_error or yoy_error:
            row.message, row.severity, all_parsed = value_error or yoy_error, "error", False
            continue
        version_text = data.get(f"version-{pk}", "")
        version = int(version_text) if version_text.isdigit() else None
        stored = row.observation
        if stored is not None and (stored.value, stored.yoy_pct) == (quantize(value), quantize(yoy)) and version == stored.version:
            continue  # untouched cell
        edits.append(CellEdit(row.indicator, region, period, row.basis, value, yoy, version))
    return edits, all_parsed


def parse_cell(text: str | None, unit: str | None) -> tuple[Decimal | None, str]:
    """A typed figure and the Chinese error when it is not a number ('' when fine)."""
    try:
        return parse_number(text or None, unit=unit), ""
    except NumberError as error:
        return None, str(error)
