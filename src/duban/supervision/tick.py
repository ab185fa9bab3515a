"""``duban tick``: the day's cadence as a list of small steps, run in order.

Each step takes the business date and returns a line for the log. Other apps add
their own step (warnings, bulletins) by appending to ``TICK_STEPS``; every step must
be safe to run twice for the same date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from duban.supervision.escalation import escalate_tasks
from duban.supervision.notify import queue_notifications


def escalation_step(as_of: date) -> str:
    steps = escalate_tasks(as_of)
    return f"督办：新发 {len(steps)} 项"


def notification_step(as_of: date) -> str:
    return f"消息：新排队 {queue_notifications(as_of)} 条"


def sending_step(as_of: date) -> str:
    from duban.notifications.tasks import send_notifications

    send_notifications.enqueue()
    return "消息：已交后台发送"


TICK_STEPS: list[Callable[[date], str]] = [escalation_step, notification_step, sending_step]


def run_tick(as_of: date) -> list[str]:
    return [step(as_of) for step in TICK_STEPS]

# Cadence documents and warning changes (duban.bulletins): appended, run after escalation.
from duban.bulletins.cadence import documents_step  # noqa: E402
from duban.bulletins.warnings_watch import warnings_step  # noqa: E402

TICK_STEPS += [warnings_step, documents_step]

# Late project milestones (duban.projects): the tasks' schedule, recorded once per step.
from duban.projects.escalation import milestones_step  # noqa: E402

TICK_STEPS += [milestones_step]

# Stored results first (duban.monitoring): what the date alone makes stale (deadlines passing).
from duban.monitoring.tasks import results_step  # noqa: E402

TICK_STEPS.insert(0, results_step)
