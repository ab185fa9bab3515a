"""The task lists the pages show: one row per item, overdue first."""

from __future__ import annotations

from datetime import date

from duban.supervision.escalation import overview
from duban.supervision.models import SLIP_LABELS, STATE_LABELS, Step
# Overdue first, then what is due soonest.
STATE_ORDER = {"overdue": 0, "in_progress": 1, "not_started": 2, "done": 3, "closed": 4}


class TaskTable:
    def __init__(self, tasks, as_of: date, *, state: str = ""):
        rows = overview(tasks, as_of)
        details = {t.pk: t for t in tasks.select_related("leader")}
        if state:
            rows = [row for row in rows if row["state"] == state]
        for row in rows:
            row["state_label"] = STATE_LABELS[row["state"]]
            row["slip_label"] = SLIP_LABELS.get(row["slip"], "")
            row["step_label"] = Step(row["escalation"]).label if row["escalation"] else ""
            task = details[row["id"]]
            row.update(number=task.number, level=task.get_level_display(), leader=task.leader,
                       percent=task.percent, plan_year=task.plan_year)
        self.rows = sorted(rows, key=lambda r: (STATE_ORDER[r["state"]], r["due"] or "9999", r["id"]))

    def __len__(self) -> int:
        return len(self.rows)
