"""The supervision board: overdue first, filters, bulk urge; the leader's and department's lists."""

import pytest

from duban.supervision.models import EscalationStep, Task


@pytest.fixture
def tasks(sample_tasks):
    return {t.number: t for t in Task.objects.all()}


def titles(response):
    return [row["title"] for row in response.context["table"].rows]


def test_overdue_items_come_first(tasks, users, client):
    client.force_login(users["office"])
    rows = client.get("/tasks/board/?as_of=2024-04-05").context["table"].rows
    states = [row["state"] for row in rows]
    assert states == sorted(states, key=lambda s: s != "overdue")
    assert rows[0]["state"] == "overdue"


def test_filters_by_leader_department_and_state(tasks, users, client):
    client.force_login(users["office"])
    lihua = tasks["3"].leader.pk
    assert set(titles(client.get(f"/tasks/board/?leader={lihua}"))) == {tasks["3"].title, tasks["4"].title}
    department = tasks["5"].lead.pk
    assert titles(client.get(f"/tasks/board/?department={department}")) == [tasks["5"].title]
    overdue = titles(client.get("/tasks/board/?state=overdue&as_of=2024-04-05"))
    assert set(overdue) == {tasks["1.1"].title, tasks["3"].title, tasks["5"].title}


def test_bulk_urge_urges_late_items_once(tasks, users, client):
    client.force_login(users["office"])
    chosen = [tasks["1.1"].pk, tasks["4"].pk]  # 4 is not late: nothing to urge
    urge = {"task": chosen, "step": "urge", "reason": "进度滞后"}
    client.post("/tasks/board/escalate/?as_of=2024-04-02", urge)
    client.post("/tasks/board/escalate/?as_of=2024-04-02", urge)
    urged = EscalationStep.objects.filter(step="urge")
    assert [(s.task.number, s.by.username) for s in urged] == [("1.1", "ducha")]


def test_bulk_urge_is_for_the_office_only(tasks, users, client):
    for role in ("viewer", "jingxin", "wangming"):
        client.force_login(users[role])
        urge = {"task": [tasks["1.1"].pk], "step": "urge", "reason": "进度滞后"}
        assert client.post("/tasks/board/escalate/?as_of=2024-04-02", urge).status_code == 403
    assert not EscalationStep.objects.exists()


def test_leader_view_lists_the_leaders_items(tasks, users, client):
    client.force_login(users["lihua"])
    assert set(titles(client.get("/tasks/leader/"))) == {tasks["3"].title, tasks["4"].title}


def test_my_tasks_lists_open_lead_and_cooperating_items(tasks, users, client):
    client.force_login(users["jingxin"])
    page = client.get("/tasks/mine/?as_of=2024-03-30")
    assert {r["title"] for r in page.context["lead"].rows} == {tasks["1"].title, tasks["1.1"].title}
    assert [r["title"] for r in page.context["cooperating"].rows] == [tasks["2"].title]
    assert "报送" in page.content.decode()


def test_a_report_on_a_recurring_item_settles_its_earliest_milestone(tasks, users, client):
    client.force_login(users["shangwu"])
    client.post(f"/tasks/{tasks['5'].pk}/report/", {"text": "参展 12 家次", "percent": "30"})
    milestones = list(tasks["5"].milestones.all())
    assert milestones[0].done_at is not None and milestones[1].done_at is None
