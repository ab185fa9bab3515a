"""红黑榜, subject page, adjustments entry, xlsx export and the API, on the five-county scheme."""

from io import BytesIO

import pytest
from django.contrib.auth.models import User
from openpyxl import load_workbook

from duban.accounts.models import Profile
from duban.imports.base import import_file
from duban.scoring.models import ScoreAdjustment

from .conftest import write_csv
from .test_commands import SCHEME


@pytest.fixture
def race(scored, tmp_path):
    assert import_file(write_csv(tmp_path, "scheme.csv", SCHEME), "schemes").ok
    return scored


def _user(client, name, role):
    user = User.objects.create_user(name, password="pw-for-test-1")
    Profile.objects.create(user=user, role=role)
    client.force_login(user)
    return user


def test_board_names_top_and_bottom(client, race):
    _user(client, "viewer", "viewer")
    page = client.get("/scoring/race/?period=2024-03").content.decode()
    red, black = page.split('class="honour red-board"')[1].split('class="honour black-board"')
    assert "县1" in red and "县3" in red and "县2" in red
    assert "县5" in black.split("</section>")[0] and "县4" in black.split("</section>")[0]
    assert "缺数" in page and 'id="score-data"' in page
    assert "录入加减分" not in page  # a viewer does not adjust


def test_subject_page_shows_where_points_were_lost(client, race):
    _user(client, "viewer", "viewer")
    county2 = race["regions"][1]
    page = client.get(f"/scoring/race/subject/{county2.pk}/?period=2024-03").content.decode()
    # 县2: gy 2nd of 60 → 54 (6 lost), tz 10 → 29.33 (10.67 lost): the larger loss first.
    assert page.index("固定资产投资") < page.index("规上工业增加值")
    assert "10.67" in page and "6.00" in page and "83.33" in page


def test_export_is_a_real_workbook(client, race):
    _user(client, "viewer", "viewer")
    response = client.get("/scoring/race/export.xlsx?period=2024-03")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[1][:4] == ("位次", "代码", "对象", "得分")
    assert rows[2][:4] == (1, "330781", "县1", 100.0)
    assert rows[6][7] == "缺数"


def test_office_enters_an_adjustment_kept_with_who_and_when(client, race):
    user = _user(client, "ducha", "supervision_office")
    county5 = race["regions"][4]
    response = client.post("/scoring/race/adjustments/", {
        "subject": county5.pk, "period": "2024-03", "points": "-1.25", "reason": "数据质量问题"})
    assert response.status_code == 302
    adjustment = ScoreAdjustment.objects.get()
    assert (adjustment.region, adjustment.points, adjustment.entered_by, adjustment.actor) == (county5, -1.25, user, "ducha")
    assert adjustment.history.count() == 1
    page = client.get("/scoring/race/?period=2024-03").content.decode()
    assert "-1.25" in page and "22.75" in page
    refused = client.post("/scoring/race/adjustments/", {"subject": county5.pk, "period": "2024Q1", "points": "0", "reason": ""})
    assert refused.status_code == 200 and ScoreAdjustment.objects.count() == 1


def test_adjustments_page_is_for_the_office_only(client, race):
    _user(client, "jingxin", "viewer")
    assert client.get("/scoring/race/adjustments/").status_code == 403


def test_api_score_is_the_command_document(client, race):
    _user(client, "viewer", "viewer")
    doc = client.get("/api/scoring/score", {"scheme": "race", "period": "2024-03"}).json()
    assert doc["scheme"] == "race" and [r["score"] for r in doc["rows"]][:2] == [100.0, 88.67]
    assert client.get("/api/scoring/score", {"scheme": "race", "period": "2024Q1"}).status_code == 404
    assert [s["code"] for s in client.get("/api/scoring/schemes").json()] == ["race"]


def test_a_stale_engine_is_read_not_recomputed_and_the_board_says_it_is_being_updated(client, race, settings):
    """Reads only read: the worker recomputes (here results were never computed), the page says so."""
    from django_tasks_db.models import DBTaskResult

    from duban.monitoring.models import IndicatorStatus, PeriodSnapshot

    settings.REFRESH_ON_READ = "queue"
    _user(client, "viewer", "viewer")
    page = client.get("/scoring/race/?period=2024-03").content.decode()
    assert "数据正在更新" in page
    doc = client.get("/api/scoring/score", {"scheme": "race", "period": "2024-03"}).json()
    assert doc["updating"] is True and "数据正在更新" in doc["message"]
    assert not IndicatorStatus.objects.exists() and not PeriodSnapshot.objects.exists()
    assert DBTaskResult.objects.filter(task_path="duban.monitoring.tasks.refresh_results").exists()


def test_department_measures_from_the_engine_only_read(race, settings):
    from datetime import date

    from duban.catalogue.models import Department
    from duban.core.periods import Period
    from duban.monitoring.models import IndicatorStatus, PeriodSnapshot
    from duban.scoring import measures

    settings.REFRESH_ON_READ = "queue"
    department = Department.objects.create(name="经信局")
    race["gy"].department = department
    race["gy"].save()
    figures = measures.red_lights([department.pk], Period.parse("2024-03"), date(2024, 12, 31))
    assert figures == {department.pk: None}  # nothing stored yet: no figure, and nothing written
    assert not IndicatorStatus.objects.exists() and not PeriodSnapshot.objects.exists()
