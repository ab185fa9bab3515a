"""POST /api/reports returns the candidates; POST /api/reports/{id}/accept takes the reviewed list."""

import json

import pytest

from duban.accounts.models import ApiToken
from duban.meetings.models import Report, Status
from duban.supervision.models import Task

from .conftest import SEED_ONE

pytestmark = pytest.mark.django_db


def post(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def created(office, task_list):
    response = post(office, "/api/reports", {"text": SEED_ONE.read_text(encoding="utf-8"), "report_date": "2024-02-22"})
    assert response.status_code == 201, response.content
    return response.json()


def test_a_report_in_candidates_out(created):
    assert created["meeting_date"] == "2024-02-21" and created["plan_year"] == 2024
    first = created["candidates"][0]
    paragraph, start, end = first["spans"][0]
    assert created["paragraphs"][paragraph][start:end] == first["source_text"]
    assert first["lead_hint"]["office_choice"] is True
    assert {c["status"] for c in created["candidates"]} == {"pending"}
    plan = created["candidates"][-1]
    assert (plan["kind"], plan["text"]) == ("plan", "贯彻落实《永康市开展“五战双强”行动实施方案》")
    deadlines = {c["deadline_text"]: c["due"] for c in created["candidates"] if c["due"]}
    assert deadlines == {"首季": "2024-03-31"}


def test_the_reviewed_list_becomes_tasks(office, created):
    by_start = {c["text"][:6]: c for c in created["candidates"]}
    service, plan = by_start["服务要再优化"], created["candidates"][-1]
    reject = by_start["我们要倍加珍"]
    response = post(office, f"/api/reports/{created['id']}/accept", {"candidates": [
        {"id": service["id"], "version": service["version"], "title": "落实惠企政策", "lead": "经信局",
         "cooperating": ["商务局", "财政局"], "deadline_text": "6月底前", "parent_id": None},
        {"id": plan["id"], "version": plan["version"], "lead": "发改局", "deadline_text": "年内"},
        {"id": reject["id"], "version": reject["version"], "action": "reject", "reason": "表态性要求"},
    ]})
    assert response.status_code == 200, response.content
    document = response.json()
    assert [(t["title"], t["lead"], t["due"]) for t in document["tasks"]] == [
        ("落实惠企政策", "经信局", "2024-06-30"),
        ("贯彻落实《永康市开展“五战双强”行动实施方案》", "发改局", "2024-12-31"),
    ]
    assert document["rejected"] == [reject["id"]]
    task = Task.objects.get(pk=document["tasks"][0]["task_id"])
    assert sorted(task.cooperating.values_list("name", flat=True)) == ["商务局", "财政局"]
    assert Report.objects.get().candidates.filter(status=Status.ACCEPTED).count() == 2


def test_one_bad_item_keeps_nothing_and_names_the_candidate(office, created):
    good, bad = created["candidates"][1], created["candidates"][2]
    tasks = Task.objects.count()
    response = post(office, f"/api/reports/{created['id']}/accept", {"candidates": [
        {"id": good["id"], "version": good["version"], "lead": "经信局", "deadline_text": "6月底前"},
        {"id": bad["id"], "version": bad["version"], "lead": "不存在局", "deadline_text": "某天"},
    ]})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert f"候选 {bad['id']}" in detail and "不存在局" in detail
    assert Task.objects.count() == tasks
    assert not Report.objects.get().candidates.exclude(status=Status.PENDING).exists()


def test_a_stale_version_is_a_conflict(office, created):
    item = created["candidates"][1]
    body = {"candidates": [{"id": item["id"], "version": item["version"] - 1, "lead": "经信局", "deadline_text": "年内"}]}
    response = post(office, f"/api/reports/{created['id']}/accept", body)
    assert response.status_code == 400 and "已被他人修改" in response.json()["detail"]


def test_a_script_with_a_token(client, users, task_list):
    _, key = ApiToken.issue(users["ducha"], "会议脚本")
    response = post(client, "/api/reports", {"text": "本报讯 2024年5月9日，防汛会议召开。水利局要在5月31日前完成山塘整治。"},
                    HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 201
    [candidate] = response.json()["candidates"]
    assert (candidate["due"], candidate["lead"]) == ("2024-05-31", "水利局")


def test_an_undatable_report_is_a_clear_400(office):
    response = post(office, "/api/reports", {"text": SEED_ONE.read_text(encoding="utf-8")})
    assert response.status_code == 400 and "没有年份" in response.json()["detail"]


def test_both_endpoints_are_documented(office):
    paths = office.get("/api/openapi.json").json()["paths"]
    assert "post" in paths["/api/reports"] and "post" in paths["/api/reports/{report_id}/accept"]
