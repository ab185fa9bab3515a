"""`duban tick` started several times at once (cron overlapping the built-in scheduler, two
operators): every process exits 0 without a traceback, and each step is recorded once,
exactly as after a single run. Real processes on a real database (SQLite or PostgreSQL)."""

import json

import pytest

AS_OF = "2024-06-30"
COUNT = ("import json; from duban.supervision.models import EscalationStep, Notice, TaskEvent; "
         "from duban.notifications.models import Notification; "
         "print(json.dumps({m.__name__: m.objects.count() for m in (EscalationStep, Notice, TaskEvent, Notification)}))")


def _counts(scratch) -> dict:
    return json.loads(scratch.duban("shell", "--no-imports", "-c", COUNT).stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def after_one_tick(scratch_databases):
    single = scratch_databases.demo()
    single.duban("tick", "--as-of", AS_OF)
    return _counts(single)


def test_ticks_started_together_all_exit_0_and_record_once(scratch_databases, after_one_tick):
    scratch = scratch_databases.demo()
    processes = [scratch.popen("tick", "--as-of", AS_OF) for _ in range(4)]
    results = [(p.wait(timeout=300), *p.communicate()) for p in processes]
    for code, out, err in results:
        assert code == 0 and "Traceback" not in err, err
    outputs = "".join(out for _, out, _ in results)
    assert after_one_tick["EscalationStep"] > 0
    assert _counts(scratch) == after_one_tick, outputs
    # Whoever ran did the work; the others said why they did nothing.
    assert outputs.count("督办：新发") >= 1
    assert all("督办：新发" in out or "跳过" in out for _, out, _ in results), outputs
