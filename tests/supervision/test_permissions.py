"""Who sees and changes what, on the pages and the API, for every role.

In the sample sheet 经信局 leads 1 and 1.1 and cooperates on 2 (科技局); 商务局 leads 5;
发改局 leads 3 and 4 and cooperates on 1. 王明 is responsible for 1, 1.1, 2 and 5; 李华 for 3 and 4.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from duban.supervision.models import ProgressReport, Task
from duban.supervision.services import report_progress

ALL = {"1", "1.1", "2", "3", "4", "5"}
SEES = {
    "admin": ALL, "office": ALL, "data_office": ALL, "viewer": ALL,
    "jingxin": {"1", "1.1", "2"},
    "shangwu": {"5"},
    "fagai": {"1", "3", "4"},
    "wangming": {"1", "1.1", "2", "5"},
    "lihua": {"3", "4"},
    "task_force": {"5"},  # its member 商务局
}
# The only one who may report on an item is a reporter of its lead department.
REPORTS_ON = {"jingxin": {"1", "1.1"}, "shangwu": {"5"}, "fagai": {"3", "4"}}


@pytest.fixture
def world(sample_tasks, users):
    tasks = {t.number: t for t in Task.objects.all()}
    report_progress(users["jingxin"], tasks["1.1"], text="开工 9 个", percent=60,
                    attachment=SimpleUploadedFile("进展.txt", "经信局的进展".encode()))
    return tasks, users


@pytest.mark.parametrize("role", sorted(SEES))
def test_api_list_shows_exactly_what_the_role_may_see(world, client, role):
    tasks, users = world
    client.force_login(users[role])
    response = client.get("/api/tasks?as_of=2024-03-20")
    assert response.status_code == 200
    numbers = {Task.objects.get(pk=row["id"]).number for row in response.json()}
    assert numbers == SEES[role]


@pytest.mark.parametrize("role", sorted(SEES))
def test_task_pages_and_api_detail_are_404_outside_ones_remit(world, client, role):
    tasks, users = world
    client.force_login(users[role])
    for number in sorted(ALL):
        expected = 200 if number in SEES[role] else 404
        assert client.get(f"/tasks/{tasks[number].pk}/").status_code == expected, number
        assert client.get(f"/api/tasks/{tasks[number].pk}").status_code == expected, number


@pytest.mark.parametrize("role", sorted(SEES))
def test_only_the_lead_department_reports_progress(world, client, role):
    tasks, users = world
    client.force_login(users[role])
    for number in sorted(ALL):
        task = tasks[number]
        before = ProgressReport.objects.count()
        page = client.post(f"/tasks/{task.pk}/report/", {"text": "进展", "percent": "10"})
        api = client.post(f"/api/tasks/{task.pk}/progress", json.dumps({"text": "进展", "percent": 10}),
                          content_type="application/json")
        if number in REPORTS_ON.get(role, set()):
            assert (page.status_code, api.status_code) == (302, 201), number
            assert ProgressReport.objects.count() == before + 2
        else:
            expected = 403 if number in SEES[role] else 404
            assert (page.status_code, api.status_code) == (expected, expected), number
            assert ProgressReport.objects.count() == before


def test_another_department_cannot_read_a_departments_progress(world, client):
    tasks, users = world
    report = ProgressReport.objects.get()
    client.force_login(users["shangwu"])
    assert client.get(f"/tasks/{tasks['1.1'].pk}/").status_code == 404
    assert client.get(f"/api/tasks/{tasks['1.1'].pk}").status_code == 404
    assert client.get(f"/tasks/reports/{report.pk}/attachment/").status_code == 404
    assert "开工 9 个" not in client.get("/tasks/mine/").content.decode()
    assert all(row["id"] != tasks["1.1"].pk for row in client.get("/api/tasks").json())


def test_the_lead_and_the_office_read_the_progress_and_its_attachment(world, client):
    tasks, users = world
    report = ProgressReport.objects.get()
    for role in ("jingxin", "office", "wangming"):
        client.force_login(users[role])
        assert "开工 9 个" in client.get(f"/tasks/{tasks['1.1'].pk}/").content.decode()
        download = client.get(f"/tasks/reports/{report.pk}/attachment/")
        assert download.status_code == 200 and b"".join(download.streaming_content) == "经信局的进展".encode()


def test_cooperating_departments_see_and_comment_but_do_not_report(world, client):
    tasks, users = world
    client.force_login(users["jingxin"])  # cooperates on 2 (科技局 leads)
    page = client.get(f"/tasks/{tasks['2'].pk}/").content.decode()
    assert "提交意见" in page and "报送进展" not in page
    assert client.post(f"/tasks/{tasks['2'].pk}/comment/", {"text": "已配合提供数据"}).status_code == 302
    assert tasks["2"].comments.get().department.name == "经信局"
    client.force_login(users["shangwu"])
    assert client.post(f"/tasks/{tasks['2'].pk}/comment/", {"text": "插话"}).status_code == 404


@pytest.mark.parametrize(("role", "mine", "board", "leader", "messages"), [
    ("admin", 403, 200, 403, 200),
    ("office", 403, 200, 403, 200),
    ("data_office", 403, 200, 403, 403),
    ("viewer", 403, 200, 403, 403),
    ("jingxin", 200, 403, 403, 403),
    ("wangming", 403, 403, 200, 403),
    ("task_force", 403, 403, 403, 403),
])
def test_which_pages_each_role_opens(world, client, role, mine, board, leader, messages):
    _, users = world
    client.force_login(users[role])
    assert client.get("/tasks/mine/").status_code == mine
    assert client.get("/tasks/board/").status_code == board
    assert client.get("/tasks/leader/").status_code == leader
    assert client.get("/notifications/").status_code == messages


def test_anonymous_users_get_nothing(world, client):
    tasks, _ = world
    assert client.get("/tasks/board/").status_code == 302
    assert client.get(f"/tasks/{tasks['1'].pk}/").status_code == 302
    assert client.get("/api/tasks").status_code == 401
