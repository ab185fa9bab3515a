"""On the embedded default the server ticks daily by itself, catching up missed days in order."""

from datetime import date, datetime

from django.utils import timezone

from duban.bulletins.models import TickRun
from duban.web import background


def test_days_to_run():
    assert background.days_to_run(None, date(2024, 4, 3)) == [date(2024, 4, 3)]
    assert background.days_to_run(date(2024, 4, 3), date(2024, 4, 3)) == []
    assert background.days_to_run(date(2024, 3, 30), date(2024, 4, 2)) == [
        date(2024, 3, 31), date(2024, 4, 1), date(2024, 4, 2)]
    many = background.days_to_run(date(2023, 1, 1), date(2024, 4, 2))
    assert len(many) == background.MAX_CATCH_UP_DAYS and many[-1] == date(2024, 4, 2)


def test_next_run_is_today_or_tomorrow_at_the_tick_time(settings):
    settings.TICK_TIME = datetime.strptime("06:30", "%H:%M").time()
    tz = timezone.get_current_timezone()
    early = datetime(2024, 4, 2, 5, 0, tzinfo=tz)
    late = datetime(2024, 4, 2, 7, 0, tzinfo=tz)
    assert background.next_run(early) == datetime(2024, 4, 2, 6, 30, tzinfo=tz)
    assert background.next_run(late) == datetime(2024, 4, 3, 6, 30, tzinfo=tz)


def test_catch_up_ticks_each_missed_day_in_order(county, people):
    TickRun.objects.create(as_of=date(2024, 4, 19))
    assert background.catch_up(date(2024, 4, 22)) == [date(2024, 4, 20), date(2024, 4, 21), date(2024, 4, 22)]
    assert list(TickRun.objects.order_by("as_of").values_list("as_of", flat=True)) == [
        date(2024, 4, 19), date(2024, 4, 20), date(2024, 4, 21), date(2024, 4, 22)]
    assert background.catch_up(date(2024, 4, 22)) == []
