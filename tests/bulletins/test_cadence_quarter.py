"""``duban tick`` over a scripted quarter: each cadence document once, on the day it is due,
about the period the data say; ticking a day again stores and sends nothing twice."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command

from duban.bulletins.models import Document, TickRun
from duban.notifications.models import Notification

from .conftest import GROWTH, observe


def days(start: date, end: date):
    while start <= end:
        yield start
        start += timedelta(days=1)


def test_a_quarter_of_daily_ticks(county, people):
    regions = county["regions"]
    for code in ("gyzjz", "ckze"):
        for month, shift in (("2024-04", 0.3), ("2024-05", -0.2)):
            for region_code, yoy in GROWTH[code]["2024-03"].items():
                observe(county[code], regions[region_code], month, yoy=round(yoy + shift, 1))

    for day in days(date(2024, 4, 1), date(2024, 6, 30)):
        call_command("tick", as_of=day.isoformat(), stdout=StringIO())

    made = Counter(Document.objects.values_list("kind", flat=True))
    assert made == {"daily": 65, "weekly": 13, "monthly": 3, "quarterly": 1}  # 65 working days, 13 Mondays
    monthly = list(Document.objects.filter(kind="monthly").order_by("as_of").values_list("as_of", "period"))
    assert monthly == [(date(2024, 4, 20), "2024-03"), (date(2024, 5, 20), "2024-04"), (date(2024, 6, 20), "2024-05")]
    quarterly = Document.objects.get(kind="quarterly")
    assert (quarterly.as_of, quarterly.period) == (date(2024, 4, 25), "2024-03")
    assert quarterly.title == "永康市主要指标季度晾晒通报（2024年1-3月）"
    weekly = Document.objects.filter(kind="weekly").order_by("as_of").first()
    assert weekly.as_of == date(2024, 4, 1) and weekly.title == "永康市重点指标周监测（2024年第13周）"
    assert TickRun.objects.count() == 91

    # Each document went once to each subscriber: the daily digest to the supervision office only.
    daily = Document.objects.filter(kind="daily").order_by("as_of").first()
    assert list(daily.deliveries.values_list("user__username", flat=True)) == ["ducha"]
    to_ducha = [m for m in mail.outbox if m.to == ["ducha@example.test"]]
    assert len(to_ducha) == 65 + 13 + 3 + 1
    quarterly_readers = set(quarterly.deliveries.values_list("user__username", flat=True))
    assert quarterly_readers == {"ducha", "shuju", "jingxin", "shangwu", "wangming"}

    before = (Document.objects.count(), Notification.objects.count(), len(mail.outbox))
    call_command("tick", as_of="2024-05-20", stdout=StringIO())
    call_command("tick", as_of="2024-04-25", stdout=StringIO())
    assert (Document.objects.count(), Notification.objects.count(), len(mail.outbox)) == before
