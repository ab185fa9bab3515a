"""Reads only read: pages, API and commands find results already current; writes make them so."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from duban.core.periods import Period
from duban.monitoring import freshness
from duban.monitoring.models import IndicatorStatus, PeriodSnapshot

from .conftest import obs
from .test_commands import data  # noqa: F401  (fixture)

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|TRUNCATE|COPY|CREATE|ALTER|DROP)\b|pg_advisory", re.IGNORECASE)
JUNE = Period.parse("2024-06")


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if WRITE.search(q["sql"])]


@pytest.fixture
def viewer(client, db):
    client.force_login(User.objects.create_user("viewer"))  # the login itself writes: before capturing
    return client


PAGES = [
    ("/cockpit/", {"period": "2024-06"}),
    ("/cockpit/board/", {"period": "2024-06"}),
    ("/cockpit/indicator/gy/", {"period": "2024-06"}),
    ("/api/monitoring/status", {"region": "330784", "period": "2024-06"}),
    ("/api/monitoring/rank", {"indicator": "gy", "period": "2024-06", "group": "g5"}),
    ("/api/monitoring/history", {"indicator": "gy", "region": "330784", "period": "2024-06"}),
]


@pytest.mark.parametrize("path, query", PAGES)
def test_a_get_issues_no_write_query(viewer, data, settings, path, query):  # noqa: F811
    settings.REFRESH_ON_READ = "queue"
    freshness.bring_current(as_of=timezone.localdate())
    with CaptureQueriesContext(connection) as queries:
        response = viewer.get(path, query)
    assert response.status_code == 200
    assert _writes(queries) == []
    assert "数据正在更新" not in response.content.decode()


def test_the_status_command_reads_current_results_without_writing(data):  # noqa: F811
    freshness.bring_current(as_of=timezone.localdate())
    with CaptureQueriesContext(connection) as queries:
        call_command("status", "--region", "330784", "--period", "2024-06", stdout=StringIO())
    assert _writes(queries) == []


def test_a_stale_period_is_queued_not_recomputed_by_the_page(viewer, data, settings):  # noqa: F811
    """After a crash (here: results never computed) the page says so and the worker gets the job."""
    settings.REFRESH_ON_READ = "queue"
    from django_tasks_db.models import DBTaskResult

    with CaptureQueriesContext(connection) as queries:
        page = viewer.get("/cockpit/", {"period": "2024-06"}).content.decode()
    assert "数据正在更新" in page
    writes = _writes(queries)
    assert writes and all("django_tasks_database" in sql for sql in writes)  # only the queued task
    assert not IndicatorStatus.objects.exists() and not PeriodSnapshot.objects.exists()
    task = DBTaskResult.objects.get()
    assert task.task_path == "duban.monitoring.tasks.refresh_results"
    # the worker's run brings the period current; the next read only reads
    from duban.monitoring.tasks import refresh_results

    refresh_results.call(timezone.localdate().isoformat())
    assert freshness.is_current(JUNE, as_of=timezone.localdate())
    assert "数据正在更新" not in viewer.get("/cockpit/", {"period": "2024-06"}).content.decode()


def test_a_change_makes_results_current_without_a_read(data, world, settings):  # noqa: F811
    settings.REFRESH_INLINE_PERIODS = 10
    as_of = timezone.localdate()
    freshness.bring_current(as_of=as_of)
    obs(data, world["regions"][0], "2024-07", value=120, yoy=3)  # a later period: the old ones hold
    assert not freshness.is_current(Period.parse("2024-07"), as_of=as_of)
    assert freshness.is_current(JUNE, as_of=as_of)
    freshness.after_change()  # what the middleware and the importers call once the write committed
    assert freshness.is_current(Period.parse("2024-07"), as_of=as_of)
    assert IndicatorStatus.objects.filter(period="2024-07", region=world["regions"][0]).get().ytd == 120


def test_a_large_change_goes_to_the_worker(data, settings):  # noqa: F811
    from django_tasks_db.models import DBTaskResult

    settings.REFRESH_INLINE_PERIODS = 0
    freshness.after_change()
    assert not PeriodSnapshot.objects.exists()
    assert DBTaskResult.objects.get().task_path == "duban.monitoring.tasks.refresh_results"


def test_an_import_brings_results_current(data, tmp_path, django_capture_on_commit_callbacks, settings):  # noqa: F811
    from duban.imports.base import import_file

    settings.REFRESH_INLINE_PERIODS = 10
    freshness.bring_current(as_of=timezone.localdate())
    sheet = tmp_path / "obs.csv"
    sheet.write_text("indicator,region,period,value,yoy_pct,basis\ngy,330784,2024-07,130,4,ytd\n", encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        report = import_file(sheet, "observations", actor="test", reason="测试")
    assert not report.problems and report.created == 1, (report.problems, report.warnings)
    assert IndicatorStatus.objects.get(period="2024-07", region__code="330784").ytd == 130
    assert freshness.is_current(Period.parse("2024-07"), as_of=timezone.localdate())
