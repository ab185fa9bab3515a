"""``{% projects_panel period %}``: the cockpit's 重大项目 panel (colour counts, investment against
plan, the projects' part of 固定资产投资) for a month; nothing for another kind of period."""

from django import template
from django.conf import settings

from duban.core.periods import Period, PeriodKind
from duban.projects import services

register = template.Library()


@register.inclusion_tag("projects/_cockpit.html")
def projects_panel(period: Period | None) -> dict:
    if period is None or period.kind is not PeriodKind.MONTH:
        return {"totals": None}
    lines = services.project_lines(period)
    if not lines:
        return {"totals": None}
    totals = services.summary(period, lines)
    return {"period": period, "totals": totals,
            "share": services.fixed_asset_share(period, totals["completed_ytd"], settings.HOME_REGION)}
