"""The department measures, counted by hand on a few tasks, notices and figures."""

from datetime import date, datetime, timezone

import pytest

from duban.catalogue.models import Department
from duban.core.periods import Period
from duban.observations.models import ObservationRevision
from duban.scoring import measures
from duban.supervision.models import Notice, Task

from monitoring.conftest import indicator, obs

DEC = Period.parse("2024-12")


def _task(lead, number, due, status="not_started"):
    return Task.objects.create(plan_year=2024, level="task", number=number, outline=number, title=f"任务{number}",
                               lead=lead, due=due, status=status)


def _finish(task, when):
    """Mark done with the change dated ``when`` in the task's history."""
    task.status = "done"
    task._history_date = datetime.combine(when, datetime.min.time(), tzinfo=timezone.utc)
    task.save()


@pytest.fixture
def departments(db):
    return Department.objects.create(name="经信局"), Department.objects.create(name="商务局"), Department.objects.create(name="无任务局")


def test_on_time_closure_and_notices(departments):
    a, b, none = departments
    on_time, late, open_ = _task(a, "1", date(2024, 6, 30)), _task(a, "2", date(2024, 6, 30)), _task(a, "3", date(2024, 9, 30))
    _task(a, "4", date(2025, 3, 31))  # not yet due at December's end: not counted
    _finish(on_time, date(2024, 6, 28))
    _finish(late, date(2024, 7, 5))
    done_b = _task(b, "5", date(2024, 11, 30))
    _finish(done_b, date(2024, 11, 30))
    figures = measures.on_time_closure_pct([a.pk, b.pk, none.pk], DEC, date(2025, 1, 31))
    assert figures == {a.pk: pytest.approx(100 / 3), b.pk: 100.0, none.pk: None}  # 1 of 3; 1 of 1; nothing due
    for seq, task in enumerate([late, open_], 1):
        Notice.objects.create(year=2024, seq=seq, number=f"督办〔2024〕第{seq}号", task=task, due=date(2024, 8, 1))
    Notice.objects.update(issued_at=datetime(2024, 7, 20, tzinfo=timezone.utc))  # issued_at is set on creation
    Notice.objects.create(year=2024, seq=3, number="督办〔2024〕第3号", task=open_, due=date(2025, 1, 9))  # issued now: later
    assert measures.notices_received([a.pk, b.pk], DEC, date(2025, 1, 31)) == {a.pk: 2.0, b.pk: 0.0}


def test_report_timeliness_counts_figures_first_entered_by_the_deadline(world, departments):
    a, b, _ = departments
    on_time = indicator("gy", department=a, report_deadline_days=15)
    late = indicator("tz", department=a, report_deadline_days=15)
    indicator("ck", department=a, report_deadline_days=15)  # never reported: late
    for ind, entered in [(on_time, datetime(2025, 1, 10, tzinfo=timezone.utc)), (late, datetime(2025, 1, 20, tzinfo=timezone.utc))]:
        row = obs(ind, world["home"], "2024-12", value=1)
        ObservationRevision.objects.filter(observation=row).delete()
        ObservationRevision.objects.create(observation=row, action="entry", new_value=1, changed_at=entered)
    # a's 3 figures were due by 2025-01-15: one entered on time → 33.3 %; b owns none → no figure
    figures = measures.report_timeliness_pct([a.pk, b.pk], DEC, date(2025, 1, 31))
    assert figures == {a.pk: pytest.approx(100 / 3), b.pk: None}
    assert measures.report_timeliness_pct([a.pk], DEC, date(2025, 1, 10)) == {a.pk: None}  # not yet due


def test_warning_measures(monkeypatch, departments):
    a, b, none = departments
    levels = {a.pk: ["red", "green", "yellow", "green"], b.pk: ["green"]}
    monkeypatch.setattr(measures, "_home_statuses", lambda ids, period, as_of: {d: levels.get(d, []) for d in ids})
    assert measures.red_lights([a.pk, b.pk, none.pk], DEC, date(2025, 1, 31)) == {a.pk: 1, b.pk: 0, none.pk: None}
    assert measures.green_pct([a.pk, b.pk, none.pk], DEC, date(2025, 1, 31)) == {a.pk: 50.0, b.pk: 100.0, none.pk: None}
