"""日跟踪、周监测、月调度、季晒拼: which documents are due on a business date, producing each
once and notifying its subscribers. These are ``duban tick`` steps (see supervision/tick.py).

The statistical period of a document comes from the data: the latest month with the home
region's published figures that ended before the date. A document's ``key`` names what it
covers (a day, a week, a month, a quarter), so ticking the same date again finds it stored
and sends nothing; a figure published late makes its month's documents due on the first tick
after it arrives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction

from duban.bulletins import cadence_content as cc
from duban.bulletins.content import bulletin_title
from duban.bulletins.figures import latest_period
from duban.bulletins.models import Document, Kind, Schedule, TickRun
from duban.bulletins.notify import notify_document
from duban.catalogue.models import Region
from duban.core.periods import Period, PeriodKind
from duban.monitoring.services import home_region


@dataclass(frozen=True)
class Due:
    kind: str
    key: str
    period: Period | None  # the statistical month (monthly, quarterly) or the week (weekly)


def _after(period: Period, day: int) -> date:
    """The ``day`` of the month after ``period`` ends: the first date its document may be made."""
    following = period.end + timedelta(days=1)
    return following.replace(day=day)


def due_on(schedule: Schedule, region: Region, as_of: date) -> Due | None:
    """The document ``schedule`` makes on ``as_of``, if one is due (stored or not)."""
    kind = schedule.kind
    if kind == Kind.DAILY:
        if schedule.workdays_only and as_of.isoweekday() > 5:
            return None
        return Due(kind, f"daily:{region.code}:{as_of.isoformat()}", None)
    if kind == Kind.WEEKLY:
        if as_of.isoweekday() < schedule.weekday:
            return None
        week = Period.from_date(as_of, PeriodKind.WEEK).previous()
        return Due(kind, f"weekly:{region.code}:{week.code}", week)
    month = latest_period(region, as_of)
    if month is None:
        return None
    if kind == Kind.QUARTERLY:
        while month.index % 3:
            month = month.previous()
        if latest_period(region, month.end + timedelta(days=1)) != month:
            return None  # the quarter's last month has no figures yet
    if as_of < _after(month, schedule.day):
        return None
    return Due(kind, f"{kind}:{region.code}:{month.code}", month)


def build(schedule: Schedule, region: Region, due: Due, as_of: date) -> dict:
    title = schedule.title_template or cc.DEFAULT_TITLES[schedule.kind]
    if due.kind == Kind.DAILY:
        return cc.build_daily(region, as_of, title=bulletin_title(region, None, as_of, title),
                              lead_days=schedule.lead_days)
    if due.kind == Kind.WEEKLY:
        words = title.format(region=region.name, period=f"{due.period.year}年第{due.period.index}周",
                             date=f"{as_of.year}年{as_of.month}月{as_of.day}日")
        return cc.build_weekly(region, as_of, due.period, title=words, lead_days=schedule.lead_days)
    words = bulletin_title(region, due.period, as_of, title)
    if due.kind == Kind.MONTHLY:
        return cc.build_monthly(region, due.period, as_of, title=words)
    return cc.build_quarterly(region, due.period, as_of, title=words)


def produce_due(as_of: date) -> list[Document]:
    """Store and send every cadence document due on ``as_of`` that is not stored yet."""
    region = home_region()
    if region is None:
        return []
    made = []
    for schedule in Schedule.objects.filter(enabled=True):
        due = due_on(schedule, region, as_of)
        if due is None or Document.objects.filter(key=due.key).exists():
            continue
        content = build(schedule, region, due, as_of)
        try:
            with transaction.atomic():
                document = Document.objects.create(
                    kind=due.kind, key=due.key, region=region, period=content["period"], as_of=as_of,
                    title=content["title"], content=content,
                )
        except IntegrityError:
            continue  # another tick stored it a moment ago
        notify_document(document, schedule)
        made.append(document)
    return made


def documents_step(as_of: date) -> str:
    made = produce_due(as_of)
    TickRun.objects.update_or_create(as_of=as_of)
    if made:
        from duban.notifications.tasks import send_notifications

        send_notifications.enqueue()
    return "通报：新生成 " + (f"{len(made)} 份（{'、'.join(d.get_kind_display() for d in made)}）" if made else "0 份")
