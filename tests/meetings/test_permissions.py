"""Only the supervision office and administrators turn meeting reports into tasks; others get a Chinese 403."""

import json
from datetime import date

import pytest

from duban.meetings import services
from duban.meetings.models import Report

from .conftest import SEED_ONE

pytestmark = pytest.mark.django_db
OTHERS = ["shuju", "jingxin", "shangwu", "wangming"]


@pytest.fixture
def report(users):
    return services.create_report(users["ducha"], text=SEED_ONE.read_text(encoding="utf-8"), given_date=date(2024, 2, 22))


@pytest.mark.parametrize("login", ["ducha", "admin"])
def test_the_office_and_admin_use_the_pages(client, users, report, login):
    client.force_login(users[login])
    assert client.get("/meetings/").status_code == 200
    page = client.get(f"/meetings/{report.pk}/").content.decode()
    assert "候选任务" in page and 'href="/meetings/"' in client.get("/catalogue/").content.decode()


@pytest.mark.parametrize("login", OTHERS)
def test_everyone_else_gets_a_chinese_403(client, users, report, login):
    client.force_login(users[login])
    for response in (client.get("/meetings/"), client.get(f"/meetings/{report.pk}/"),
                     client.post("/meetings/", {"text": "要加快项目建设。", "given_date": "2024-03-01"}),
                     client.post(f"/meetings/{report.pk}/merge/", {"candidate": []})):
        assert response.status_code == 403
        assert "仅供<strong>督查室</strong>和<strong>系统管理员</strong>使用" in response.content.decode()
    assert 'href="/meetings/"' not in client.get("/catalogue/").content.decode()
    assert Report.objects.count() == 1


@pytest.mark.parametrize("login", OTHERS)
def test_the_api_refuses_everyone_else(client, users, report, login):
    client.force_login(users[login])
    response = client.post("/api/reports", json.dumps({"text": "要加快项目建设。", "report_date": "2024-03-01"}),
                           content_type="application/json")
    assert response.status_code == 403 and "仅供督查室和系统管理员使用" in response.json()["detail"]
    assert client.get(f"/api/reports/{report.pk}").status_code == 403
    candidate = report.candidates.first()
    accept = client.post(f"/api/reports/{report.pk}/accept", json.dumps(
        {"candidates": [{"id": candidate.pk, "version": candidate.version, "lead": "经信局", "deadline_text": "年内"}]}),
        content_type="application/json")
    assert accept.status_code == 403


def test_anonymous_is_sent_to_log_in(client, report):
    response = client.get("/meetings/")
    assert response.status_code == 302 and "/login/" in response["Location"]
