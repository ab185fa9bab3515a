"""A supervision notice is signed for and answered by the lead department, verified and
closed (销号) by the supervision office; each step is recorded with time and person."""

import pytest
from django.core.management import call_command

from duban.supervision.models import Notice, NoticeState, Task, TaskState

STEPS = [("sign", "jingxin"), ("report_back", "jingxin"), ("verify", "office"), ("close", "office")]


@pytest.fixture
def notice(sample_tasks, users):
    call_command("tick", as_of="2024-04-08")  # 1.1 (due 3-31) reaches its notice
    return Notice.objects.get(task__number="1.1")


def act(client, user, notice, action, **data):
    client.force_login(user)
    return client.post(f"/tasks/notices/{notice.pk}/{action}/", data)


def test_the_full_cycle_closes_the_item(notice, users, client):
    for action, who in STEPS:
        assert act(client, users[who], notice, action, feedback="已开工 15 个").status_code == 302
    notice.refresh_from_db()
    assert notice.state == NoticeState.CLOSED and notice.feedback == "已开工 15 个"
    task = Task.objects.get(number="1.1")
    assert task.status == TaskState.CLOSED
    events = list(task.events.filter(kind__startswith="notice_").values_list("kind", "actor__username"))
    assert events == [("notice_sign", "jingxin"), ("notice_report_back", "jingxin"),
                      ("notice_verify", "ducha"), ("notice_close", "ducha")]
    call_command("tick", as_of="2024-04-20")  # closed: no listing
    assert not task.escalations.filter(step="listed").exists()


@pytest.mark.parametrize(("action", "who"), [
    ("sign", "office"), ("sign", "fagai"), ("sign", "wangming"), ("sign", "viewer"),
])
def test_only_the_lead_department_signs(notice, users, client, action, who):
    expected = 404 if who == "fagai" else 403  # 发改局 is not involved in 1.1 at all
    assert act(client, users[who], notice, action).status_code == expected
    notice.refresh_from_db()
    assert notice.state == NoticeState.ISSUED


def test_only_the_office_verifies_and_closes(notice, users, client):
    act(client, users["jingxin"], notice, "sign")
    act(client, users["jingxin"], notice, "report_back", feedback="办结")
    assert act(client, users["jingxin"], notice, "verify").status_code == 403
    assert act(client, users["wangming"], notice, "verify").status_code == 403
    notice.refresh_from_db()
    assert notice.state == NoticeState.REPORTED_BACK


def test_steps_cannot_be_skipped(notice, users, client):
    act(client, users["office"], notice, "close")
    notice.refresh_from_db()
    assert notice.state == NoticeState.ISSUED


def test_task_page_shows_the_timeline(notice, users, client):
    client.force_login(users["office"])
    page = client.get(f"/tasks/{notice.task_id}/").content.decode()
    for words in ("督办〔2024〕第", "提醒", "催办", "由导入文件"):
        assert words in page
