"""/api/projects: read by every signed-in user, written with the pages' permissions."""

import json

import pytest
from django.test import Client

from duban.imports.base import import_file
from duban.projects.models import Milestone, ProjectMonth

from .conftest import PASSWORD
from .test_import import EXAMPLES


@pytest.fixture
def loaded(world):
    assert import_file(EXAMPLES / "projects-2024.csv", "projects").ok
    assert import_file(EXAMPLES / "project-progress-2024-06.csv", "project_progress").ok
    return world


def client(name):
    c = Client()
    c.login(username=name, password=PASSWORD)
    return c


def put(c, url, body):
    return c.put(url, json.dumps(body), content_type="application/json")


def test_read(loaded):
    c = client("ducha")
    assert [p["code"] for p in c.get("/api/projects/").json()] == ["YK2024-S01", "YK2024-S02", "YK2024-S03"]
    detail = c.get("/api/projects/YK2024-S02").json()
    assert detail["plans"][0]["annual_plan"] == "18000.00" and len(detail["plans"][0]["months"]) == 12
    assert [m["kind"] for m in detail["milestones"]] == ["签约", "供地", "开工", "竣工", "投产"]
    status = c.get("/api/projects/status?period=2024-06").json()
    assert status["period"] == "2024-06" and status["projects"][1]["colour"] == "yellow"
    assert c.get("/api/projects/status?period=2024Q2").status_code == 422
    assert Client().get("/api/projects/").status_code == 401


def test_write_month_with_version_and_workflow(loaded):
    c = client("jingxin")
    url = "/api/projects/YK2024-S01/months/2024-07"
    first = put(c, url, {"completed_ytd": "21000", "milestones": {"竣工": None}})
    assert first.status_code == 200 and first.json()["version"] == 1
    assert put(c, url, {"completed_ytd": "21500", "version": 1}).json()["version"] == 2
    stale = put(c, url, {"completed_ytd": "22000", "version": 1})
    assert stale.status_code == 409 and stale.json()["theirs"]["completed_ytd"] == "21500.00"
    assert put(client("shangwu"), url, {"completed_ytd": "1", "version": 2}).status_code == 403
    assert put(c, url, {"completed_ytd": "100", "version": 2}).status_code == 422  # below June's 17500
    t = "/api/projects/YK2024-S01/months/2024-07/transition"
    assert c.post(t, json.dumps({"action": "submit"}), content_type="application/json").json()["status"] == "submitted"
    assert c.post(t, json.dumps({"action": "approve"}), content_type="application/json").status_code == 403
    ok = client("shuju").post(t, json.dumps({"action": "approve"}), content_type="application/json")
    assert ok.json()["status"] == "approved"
    assert ProjectMonth.objects.get(project__code="YK2024-S01", period="2024-07").status == "approved"


def test_milestones_planned_by_office_actual_by_lead(loaded):
    url = "/api/projects/YK2024-S01/milestones/竣工"
    lead = put(client("jingxin"), url, {"planned_date": "2025-06-30"})
    assert lead.status_code == 403
    assert put(client("shuju"), url, {"planned_date": "2025-06-30"}).status_code == 200
    done = put(client("jingxin"), url, {"planned_date": "2025-06-30", "actual_date": "2025-05-20"})
    assert done.json() == {"kind": "竣工", "planned_date": "2025-06-30", "actual_date": "2025-05-20"}
    assert Milestone.objects.get(project__code="YK2024-S01", kind="竣工").actual_date.isoformat() == "2025-05-20"
    assert put(client("shuju"), "/api/projects/YK2024-S01/milestones/封顶", {}).status_code == 422
