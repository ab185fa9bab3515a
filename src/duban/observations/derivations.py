"""YTD values, period values and growth rates from whatever is stored: the one place they are derived.

    derive_figures(indicators, regions, periods, *, published_only=True)
        -> dict[(indicator_id, region_id, period_code), Figures]

``indicators``, ``regions``: model instances or ids; ``periods``: ``Period`` objects or
codes. One query loads every stored figure the answer needs (the periods' years and the
year before), then each cell is computed in memory with ``duban.core.pace``: never a
query per cell. ``published_only`` (default) keeps to figures that may reach rankings and
bulletins; pass False for data-entry views of drafts.

For a flow indicator:
- ``ytd``: the stored YTD value, else the sum of the year's period values (``derive_ytd``);
- ``period_value``: the stored period value, else the difference of consecutive YTD values
  (``derive_period_values``). The first YTD published in a year is a normal first period:
  with nothing for January, ``1-2月`` is the period value of 2024-02 (``period_span`` says
  which months it covers);
- ``yoy_pct``: growth of the YTD figure; a published rate wins over one computed from last
  year's YTD (``yoy_source`` "reported" | "computed").
For stocks and rates only ``period_value`` (the stored value) and its growth are given.
Every ``*_source`` is "reported", "derived"/"computed", or None when the figure is missing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from duban.catalogue.models import Indicator
from duban.core.pace import choose_yoy, derive_period_values, derive_ytd, yoy_pct
from duban.core.periods import Period
from duban.observations.models import Basis, Observation, Status

REPORTED = "reported"
DERIVED = "derived"


@dataclass(frozen=True)
class Figures:
    ytd: Decimal | None = None
    ytd_source: str | None = None
    period_value: Decimal | None = None
    period_source: str | None = None
    period_span: str | None = None  # e.g. "1-2月" when the first YTD of the year spans months
    yoy_pct: float | Decimal | None = None
    yoy_source: str | None = None


def derive_figures(
    indicators: Iterable, regions: Iterable, periods: Iterable, *, published_only: bool = True
) -> dict[tuple[int, int, str], Figures]:
    indicator_rows = {i.pk: i for i in Indicator.objects.filter(pk__in=[_pk(i) for i in indicators])}
    region_ids = [_pk(r) for r in regions]
    wanted = [p if isinstance(p, Period) else Period.parse(p) for p in periods]
    if not indicator_rows or not region_ids or not wanted:
        return {}
    years = {p.year for p in wanted} | {p.year - 1 for p in wanted}
    stored = Observation.objects.filter(
        indicator_id__in=indicator_rows, region_id__in=region_ids,
        period_end__year__in=years,
    )
    if published_only:
        stored = stored.filter(status=Status.PUBLISHED)
    # (indicator, region) → basis → period code → (value, yoy)
    series: dict[tuple, dict[str, dict[str, tuple]]] = defaultdict(lambda: defaultdict(dict))
    for ind, reg, code, basis, value, yoy in stored.values_list(
        "indicator_id", "region_id", "period", "basis", "value", "yoy_pct"
    ).iterator(chunk_size=5000):
        series[(ind, reg)][basis][code] = (value, yoy)
    result = {}
    for indicator in indicator_rows.values():
        for region_id in region_ids:
            stored_series = series.get((indicator.pk, region_id), {})
            for period in wanted:
                if indicator.kind == "flow":
                    figures = _flow(stored_series, period)
                else:
                    figures = _level(stored_series, period)
                result[(indicator.pk, region_id, period.code)] = figures
    return result


def _pk(item) -> int:
    return item if isinstance(item, int) else item.pk


def _level(series: dict, period: Period) -> Figures:
    value, reported = series.get(Basis.PERIOD, {}).get(period.code) or series.get(Basis.YTD, {}).get(period.code) or (None, None)
    last = (series.get(Basis.PERIOD, {}).get(period.same_period_last_year().code) or (None, None))[0]
    growth, source = choose_yoy(reported, yoy_pct(value, last))
    return Figures(period_value=value, period_source=REPORTED if value is not None else None,
                   yoy_pct=growth, yoy_source=source)


def _ytd(series: dict, period: Period) -> tuple[Decimal | None, str | None]:
    stored = series.get(Basis.YTD, {}).get(period.code)
    if stored is not None and stored[0] is not None:
        return stored[0], REPORTED
    parts = [(series.get(Basis.PERIOD, {}).get(p.code) or (None, None))[0] for p in period.ytd_periods()]
    summed = derive_ytd(parts)[-1]
    return summed, DERIVED if summed is not None else None


def _flow(series: dict, period: Period) -> Figures:
    ytd, ytd_source = _ytd(series, period)
    period_value, period_source, span = _period_value(series, period)
    reported = (series.get(Basis.YTD, {}).get(period.code) or (None, None))[1]
    last_ytd, _ = _ytd(series, period.same_period_last_year())
    growth, yoy_source = choose_yoy(reported, yoy_pct(ytd, last_ytd))
    return Figures(ytd, ytd_source, period_value, period_source, span, growth, yoy_source)


def _period_value(series: dict, period: Period) -> tuple[Decimal | None, str | None, str | None]:
    stored = series.get(Basis.PERIOD, {}).get(period.code)
    if stored is not None and stored[0] is not None:
        return stored[0], REPORTED, None
    year = period.ytd_periods()
    ytd_values = [(series.get(Basis.YTD, {}).get(p.code) or (None, None))[0] for p in year]
    first = next((i for i, v in enumerate(ytd_values) if v is not None), None)
    if first is None:
        return None, None, None
    value = derive_period_values(ytd_values[first:])[-1]
    if value is None:
        return None, None, None
    span = None
    if first == len(year) - 1 and first > 0 and period.kind == "month":
        span = f"1-{period.end.month}月"  # the year's first published YTD: it covers every month so far
    return value, DERIVED, span
