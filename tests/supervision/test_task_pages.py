"""Issue 13 point 8: /tasks/ lists what the user may see with filters; the supervision office
creates and edits tasks, measures and milestones on pages, each change in the timeline."""

import pytest

from duban.supervision.models import Milestone, Task, TaskLevel


@pytest.fixture
def tasks(sample_tasks):
    return {t.number: t for t in Task.objects.all()}


def test_the_list_answers_and_filters(tasks, users, client):
    client.force_login(users["office"])
    page = client.get("/tasks/")
    assert page.status_code == 200
    assert {r["number"] for r in page.context["table"].rows} >= {"1", "1.1", "3", "5"}
    measures = client.get("/tasks/?level=measure").context["table"].rows
    assert {r["number"] for r in measures} == {t.number for t in tasks.values() if t.level == TaskLevel.MEASURE}
    found = client.get("/tasks/", {"q": tasks["5"].title[:6]}).context["table"].rows
    assert [r["id"] for r in found] == [tasks["5"].pk]


def test_a_department_sees_only_its_items(tasks, users, client):
    client.force_login(users["jingxin"])
    rows = client.get("/tasks/").context["table"].rows
    assert {r["number"] for r in rows} == {"1", "1.1", "2"}
    assert "新建重点任务" not in client.get("/tasks/").content.decode()


def test_the_office_creates_a_task_and_a_measure(tasks, users, client, departments):
    client.force_login(users["office"])
    response = client.post("/tasks/add/", {
        "plan_year": 2024, "title": "推进数字化改造", "lead": departments["经信局"].pk,
        "cooperating": [departments["商务局"].pk], "deadline_text": "2024年9月底前",
    })
    task = Task.objects.get(title="推进数字化改造")
    assert response.status_code == 302 and response["Location"] == f"/tasks/{task.pk}/"
    assert task.level == TaskLevel.TASK and str(task.due) == "2024-09-30" and task.leader == departments["经信局"].leader
    assert task.events.get().actor == users["office"]
    client.post(f"/tasks/add/?parent={task.pk}", {
        "plan_year": 2024, "parent": task.pk, "title": "每月走访企业", "lead": departments["经信局"].pk,
        "deadline_text": "每月28日前",
    })
    measure = Task.objects.get(title="每月走访企业")
    assert measure.level == TaskLevel.MEASURE and measure.number == f"{task.number}.1" and measure.recurrence == "monthly"
    assert measure.milestones.count() == 12


def test_a_bad_deadline_is_refused_naming_the_field(tasks, users, client, departments):
    client.force_login(users["office"])
    page = client.post("/tasks/add/", {"plan_year": 2024, "title": "某事", "lead": departments["经信局"].pk,
                                       "deadline_text": "尽快"})
    assert page.status_code == 200 and "无法识别的完成时限" in page.content.decode()
    assert not Task.objects.filter(title="某事").exists()


def test_the_office_edits_a_task_and_its_milestones(tasks, users, client, departments):
    client.force_login(users["office"])
    task = tasks["1.1"]
    form = client.get(f"/tasks/{task.pk}/edit/").context["form"]
    data = {name: form.initial.get(name) for name in form.fields if form.initial.get(name) is not None}
    data.update(title="新标题", deadline_text="2024年6月底前",
                cooperating=[d.pk for d in task.cooperating.all()], indicators=[])
    client.post(f"/tasks/{task.pk}/edit/", data)
    task.refresh_from_db()
    assert task.title == "新标题" and str(task.due) == "2024-06-30"
    assert "修改了名称、完成时限、截止日期" in task.events.last().text
    recurring = tasks["5"]
    client.post(f"/tasks/{recurring.pk}/milestones/", {"due": "2024-12-15"})
    added = Milestone.objects.get(task=recurring, due="2024-12-15")
    client.post(f"/tasks/milestones/{added.pk}/delete/")
    assert not Milestone.objects.filter(pk=added.pk).exists()


@pytest.mark.parametrize("who", ["jingxin", "wangming", "data_office"])
def test_only_the_office_edits(tasks, users, client, who):
    client.force_login(users[who])
    assert client.get("/tasks/add/").status_code == 403
    assert client.post(f"/tasks/{tasks['1.1'].pk}/edit/", {"title": "x"}).status_code == 403
    assert client.post(f"/tasks/{tasks['5'].pk}/milestones/", {"due": "2024-12-15"}).status_code == 403
