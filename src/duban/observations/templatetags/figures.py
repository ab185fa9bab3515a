"""Figures on pages at one precision per indicator: ``{{ row.value|figure:indicator }}``,
``{{ row.yoy_pct|growth:indicator }}``; "—" where there is none."""

from django import template

from duban.catalogue.models import RankBy, default_decimals
from duban.core.numbers import format_number

register = template.Library()


def places(indicator, field: str) -> int:
    """The decimals a figure of this indicator shows: the published precision (``decimals``) for
    the figure it is ranked by, the bureaus' usual one (amounts 2, rates 1) for the other."""
    ranked = "yoy_pct" if indicator.rank_by == RankBy.YOY_PCT else "value"
    if field == ranked:
        return indicator.decimals
    return 1 if field == "yoy_pct" else default_decimals(RankBy.VALUE, indicator.unit)


@register.filter
def figure(value, indicator) -> str:
    return format_number(value, places(indicator, "value") if indicator else None)


@register.filter
def growth(value, indicator) -> str:
    return format_number(value, places(indicator, "yoy_pct") if indicator else None)
