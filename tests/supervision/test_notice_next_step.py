"""Issue 13 point 5: every state of a notice has a next action for someone until it is closed;
a 100% report no longer strands it."""

import pytest
from django.core.management import call_command

from duban.notifications.models import Channel, Notification
from duban.supervision.models import Notice, NoticeState, TaskState
from duban.supervision.services import NEXT_STEP, NOTICE_ACTIONS, notice_actions_for


@pytest.fixture
def notice(sample_tasks, users):
    call_command("tick", as_of="2024-04-08")  # 1.1 (due 3-31) reaches its notice
    return Notice.objects.get(task__number="1.1")


def test_every_open_state_has_someone_to_act(notice, users):
    for state in NoticeState.values:
        notice.state = state
        anyone = notice_actions_for(users["jingxin"], notice) + notice_actions_for(users["office"], notice)
        assert bool(anyone) == (state != NoticeState.CLOSED), state
        assert NEXT_STEP[state]
    assert {needs for needs, *_ in NOTICE_ACTIONS.values()} == set(NoticeState.values) - {NoticeState.CLOSED}


def test_a_100_percent_report_lets_the_office_verify_and_close(notice, users, client):
    client.force_login(users["jingxin"])
    client.post(f"/tasks/{notice.task_id}/report/", {"text": "15 个项目全部开工", "percent": "100"})
    notice.refresh_from_db()
    assert notice.state == NoticeState.REPORTED_BACK and notice.feedback == "15 个项目全部开工"
    assert notice.task.status == TaskState.DONE
    told = Notification.objects.filter(channel=Channel.INBOX, user=users["office"])
    assert [n.subject for n in told] == [f"【督办单】{notice.number} 已反馈办理情况，请核实"]
    client.force_login(users["office"])
    page = client.get(f"/tasks/{notice.task_id}/").content.decode()
    assert 'data-action="verify"' in page and "待督查室核实" in page
    client.post(f"/tasks/notices/{notice.pk}/verify/")
    client.post(f"/tasks/notices/{notice.pk}/close/")
    notice.refresh_from_db()
    notice.task.refresh_from_db()
    assert notice.state == NoticeState.CLOSED and notice.task.status == TaskState.CLOSED


def test_the_lead_answers_even_after_the_item_is_done(notice, users, client):
    notice.task.status = TaskState.DONE
    notice.task.save()
    client.force_login(users["jingxin"])
    client.post(f"/tasks/notices/{notice.pk}/sign/")
    client.post(f"/tasks/notices/{notice.pk}/report_back/", {"feedback": "已完成"})
    notice.refresh_from_db()
    assert notice.state == NoticeState.REPORTED_BACK


def test_the_office_returns_an_answer_with_a_reason(notice, users, client):
    client.force_login(users["jingxin"])
    client.post(f"/tasks/notices/{notice.pk}/sign/")
    client.post(f"/tasks/notices/{notice.pk}/report_back/", {"feedback": "在推进"})
    client.force_login(users["office"])
    assert "退回须说明原因" in client.post(f"/tasks/notices/{notice.pk}/return/", follow=True).content.decode()
    client.post(f"/tasks/notices/{notice.pk}/return/", {"feedback": "请写明开工数量"})
    notice.refresh_from_db()
    assert notice.state == NoticeState.SIGNED
    told = Notification.objects.filter(channel=Channel.INBOX, user=users["jingxin"]).first()
    assert "退回" in told.subject and "请写明开工数量" in told.body


def test_an_empty_answer_is_refused(notice, users, client):
    client.force_login(users["jingxin"])
    client.post(f"/tasks/notices/{notice.pk}/sign/")
    client.post(f"/tasks/notices/{notice.pk}/report_back/", {"feedback": "  "})
    notice.refresh_from_db()
    assert notice.state == NoticeState.SIGNED
