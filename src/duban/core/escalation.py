"""督办: the escalation schedule of an open milestone, and its supervision slip colour.

By default an open milestone is reminded from 3 days before its due date, urged
from the first day late, given a numbered supervision notice (督办单) from the 8th
day late and listed in the next bulletin from the 16th day late. Each step is
recorded and sent once; a closed or done milestone escalates no further.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

__all__ = [
    "DEFAULT_POLICY",
    "STEPS",
    "STEP_LABELS",
    "EscalationPolicy",
    "SlipColour",
    "Step",
    "StepPlan",
    "escalation_step",
    "notice_number",
    "planned_progress",
    "slip_colour",
    "steps_due",
]

Step = Literal["remind", "urge", "notice", "listed"]
SlipColour = Literal["blue", "yellow", "red"]

STEPS: tuple[Step, ...] = ("remind", "urge", "notice", "listed")
STEP_LABELS: dict[Step, str] = {
    "remind": "提醒",
    "urge": "催办",
    "notice": "督办",
    "listed": "通报",
}


@dataclass(frozen=True)
class EscalationPolicy:
    """When each step starts, counted from the due date.

    ``remind_days_before`` counts back from the due date; the others count days
    late (the due date itself is day 0, the day after it day 1).
    """

    remind_days_before: int = 3
    urge_days_late: int = 1
    notice_days_late: int = 8
    listed_days_late: int = 16

    def __post_init__(self) -> None:
        if self.remind_days_before < 0:
            raise ValueError("remind_days_before must not be negative")
        if not 1 <= self.urge_days_late < self.notice_days_late < self.listed_days_late:
            raise ValueError("need 1 <= urge_days_late < notice_days_late < listed_days_late")

    def start_of(self, step: Step, due: date) -> date:
        """The first day on which ``step`` is due for a milestone due on ``due``."""
        offsets = {
            "remind": -self.remind_days_before,
            "urge": self.urge_days_late,
            "notice": self.notice_days_late,
            "listed": self.listed_days_late,
        }
        return due + timedelta(days=offsets[step])


DEFAULT_POLICY = EscalationPolicy()


@dataclass(frozen=True)
class StepPlan:
    """What a tick on ``as_of`` must do for one milestone.

    ``current`` is the step whose window ``as_of`` lies in, if it has not been
    taken yet: the only one to *send*. ``missed`` are earlier steps never taken
    (a tick was skipped, or the milestone entered the system late): they are
    recorded, in order and before ``current``, so the timeline is complete, but
    not sent, because a reminder after the urge would only confuse.
    """

    current: Step | None
    missed: tuple[Step, ...]

    @property
    def to_record(self) -> tuple[Step, ...]:
        """Every step to write to the timeline on this tick, in order."""
        return self.missed + ((self.current,) if self.current else ())


def escalation_step(
    *, due: date, as_of: date, open: bool, policy: EscalationPolicy = DEFAULT_POLICY
) -> Step | None:
    """The step a milestone is at on ``as_of``: None before the remind day or once closed."""
    if not open:
        return None
    reached = [step for step in STEPS if policy.start_of(step, due) <= as_of]
    return reached[-1] if reached else None


def steps_due(
    *,
    due: date,
    as_of: date,
    open: bool,
    already_taken: set[str],
    policy: EscalationPolicy = DEFAULT_POLICY,
) -> StepPlan:
    """The steps that should have been taken by ``as_of`` and have not been."""
    unknown = set(already_taken) - set(STEPS)
    if unknown:
        raise ValueError(f"unknown escalation steps: {sorted(unknown)}")
    current = escalation_step(due=due, as_of=as_of, open=open, policy=policy)
    if current is None:
        return StepPlan(current=None, missed=())
    earlier = STEPS[: STEPS.index(current)]
    return StepPlan(
        current=None if current in already_taken else current,
        missed=tuple(step for step in earlier if step not in already_taken),
    )


def slip_colour(
    *,
    due: date,
    as_of: date,
    open: bool,
    planned_progress_pct: float | None,
    reported_progress_pct: float | None,
    policy: EscalationPolicy = DEFAULT_POLICY,
) -> SlipColour | None:
    """The colour of a supervision slip: red > yellow > blue, None when nothing is wrong.

    Red when overdue; yellow when the reported progress is behind the planned
    progress; blue from the remind day until the due date.
    """
    if not open:
        return None
    if as_of > due:
        return "red"
    if (
        planned_progress_pct is not None
        and reported_progress_pct is not None
        and reported_progress_pct < planned_progress_pct
    ):
        return "yellow"
    if policy.start_of("remind", due) <= as_of:
        return "blue"
    return None


def planned_progress(start: date, due: date, as_of: date) -> float:
    """The share of the work (0–100 %) a linear plan from ``start`` to ``due`` expects
    by ``as_of``."""
    if due < start:
        raise ValueError(f"due date {due} is before start date {start}")
    if as_of >= due:
        return 100.0
    if as_of <= start:
        return 0.0
    return (as_of - start).days / (due - start).days * 100


def notice_number(year: int, seq: int) -> str:
    """The number printed on a supervision notice: 督办〔2024〕第12号."""
    if seq < 1:
        raise ValueError(f"notice sequence numbers start at 1, not {seq}")
    return f"督办〔{year}〕第{seq}号"
