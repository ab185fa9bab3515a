"""The tick's warning step: each home-region indicator's level on the business date, compared
with the level the last tick found; a change is written down, and a turn to red or pending
is sent to the indicator's owners (its department's reporters and its leader).

An indicator's current level is that of the last period ended before the date when that
period is pending (not reported by its deadline) or reported; before its deadline the
latest period with published figures speaks for it.
"""

from __future__ import annotations

from datetime import date

from duban.bulletins.figures import latest_period
from duban.bulletins.models import WarningChange
from duban.bulletins.notify import notify_warning
from duban.catalogue.models import Indicator, Region
from duban.core.periods import FREQUENCY_KINDS, Period
from duban.monitoring.documents import status_document
from duban.monitoring.services import home_region

ALARMING = ("red", "pending")


def _reported(item: dict) -> bool:
    return any(item[key] is not None for key in ("value", "ytd", "yoy_pct"))


def current_levels(region: Region, as_of: date) -> dict[str, tuple[str, str, list[str]]]:
    """indicator code → (level, period, reasons) on ``as_of``."""
    found: dict[str, tuple[str, str, list[str]]] = {}
    kinds = set(Indicator.objects.values_list("frequency", flat=True))
    for kind in (k for k in FREQUENCY_KINDS if k in kinds):
        last = Period.from_date(as_of, kind).previous()
        for item in status_document(region, last, as_of=as_of)["indicators"]:
            level = item["warning"]["level"]
            if level == "pending" or _reported(item):
                found[item["code"]] = (level, last.code, item["warning"]["reasons"])
        published = latest_period(region, as_of, kind)
        if published is None or published == last:
            continue
        for item in status_document(region, published, as_of=as_of)["indicators"]:
            if item["code"] not in found and _reported(item):
                found[item["code"]] = (item["warning"]["level"], published.code, item["warning"]["reasons"])
    return found


def watch(as_of: date) -> list[WarningChange]:
    """Write down the levels that changed since the last tick; returns the new red and pending ones."""
    region = home_region()
    if region is None:
        return []
    last: dict[int, WarningChange] = {}
    for change in WarningChange.objects.filter(region=region).order_by("as_of", "id"):
        last[change.indicator_id] = change
    indicators = {i.code: i for i in Indicator.objects.select_related("department", "leader")}
    alarming = []
    for code, (level, period, reasons) in sorted(current_levels(region, as_of).items()):
        indicator = indicators[code]
        before = last.get(indicator.id)
        if before is not None and before.level == level:
            continue
        change = WarningChange.objects.create(
            indicator=indicator, region=region, period=period, level=level,
            previous_level=before.level if before else "", reasons=reasons, as_of=as_of,
        )
        if level in ALARMING:
            alarming.append(change)
    for change in alarming:
        notify_warning(change)
    return alarming


def warnings_step(as_of: date) -> str:
    alarming = watch(as_of)
    if alarming:
        from duban.notifications.tasks import send_notifications

        send_notifications.enqueue()
    return f"预警：新转红灯或待报 {len(alarming)} 项"
