"""What runs beside the web server on the embedded default: the database worker (sends queued
messages) and the daily scheduler (``duban tick`` at DUBAN_TICK_TIME, catching up missed days
in order). A multi-user deployment may run ``duban db_worker`` and ``duban scheduler`` as
services of their own instead (docs/bulletins.md has systemd units).
"""

from __future__ import annotations

import logging
import threading
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

log = logging.getLogger("duban.background")

# The scheduler never replays more than this many missed days (escalation catches up on its own).
MAX_CATCH_UP_DAYS = 62


def days_to_run(last: date | None, today: date) -> list[date]:
    """The business dates to tick: each day after the last one ticked, through today, in order."""
    if last is None or last >= today:
        return [] if last == today else [today]
    first = max(last + timedelta(days=1), today - timedelta(days=MAX_CATCH_UP_DAYS - 1))
    return [first + timedelta(days=n) for n in range((today - first).days + 1)]


def catch_up(today: date) -> list[date]:
    """Tick every missed day up to ``today``; returns the days ticked."""
    from django.db.models import Max

    from duban.bulletins.models import TickRun
    from duban.supervision.tick import run_tick

    last = TickRun.objects.aggregate(last=Max("as_of"))["last"]
    days = days_to_run(last, today)
    for day in days:
        for line in run_tick(day):
            log.warning("%s %s", day.isoformat(), line)
    return days


def next_run(now: datetime) -> datetime:
    """The next moment the scheduler ticks: today at DUBAN_TICK_TIME, or tomorrow's."""
    at = now.replace(hour=settings.TICK_TIME.hour, minute=settings.TICK_TIME.minute, second=0, microsecond=0)
    return at if at > now else at + timedelta(days=1)


class Scheduler(threading.Thread):
    """Ticks once a day; on start it first catches up if today's tick time has passed."""

    def __init__(self):
        super().__init__(name="duban-scheduler", daemon=True)
        self.stopping = threading.Event()

    def run(self) -> None:
        now = timezone.localtime()
        passed = now >= now.replace(hour=settings.TICK_TIME.hour, minute=settings.TICK_TIME.minute, second=0)
        self._tick(now.date() if passed else now.date() - timedelta(days=1))  # days missed while down
        while not self.stopping.is_set():
            wait = (next_run(timezone.localtime()) - timezone.localtime()).total_seconds()
            if self.stopping.wait(max(wait, 1)):
                return
            self._tick(timezone.localdate())

    def _tick(self, today: date) -> None:
        close_old_connections()
        try:
            catch_up(today)
        except Exception:  # a failed day is retried on the next run; the server stays up
            log.exception("scheduled tick failed")
        finally:
            close_old_connections()


def start_worker() -> threading.Thread:
    """django-tasks-db's worker loop in a thread of this process."""
    from django.utils.crypto import get_random_string
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(queue_names=["default"], interval=2, batch=False, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id=f"serve-{get_random_string(8)}", excluded_queue_names=[])
    thread = threading.Thread(target=worker.run, name="duban-worker", daemon=True)
    thread.start()
    return thread


def start() -> list[threading.Thread]:
    scheduler = Scheduler()
    scheduler.start()
    return [start_worker(), scheduler]
