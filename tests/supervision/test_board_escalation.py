"""Issue 13 points 4 and 6: from the board the supervision office urges, issues a numbered
督办单 and lists an item, always with a reason; each is delivered at once to the lead
department's people (inbox, and email to those with an address) and the record says 已发送
only for what the channel took."""

import io

import pytest
from docx import Document as open_docx

from duban.notifications.models import Channel, Notification, State
from duban.supervision.models import EscalationStep, Notice, Task
from duban.supervision.notify import delivery_words


@pytest.fixture
def tasks(sample_tasks):
    return {t.number: t for t in Task.objects.all()}


def escalate(client, tasks, step, reason="一季度项目开工滞后", numbers=("1.1",), as_of="2024-04-05"):
    return client.post(f"/tasks/board/escalate/?as_of={as_of}",
                       {"task": [tasks[n].pk for n in numbers], "step": step, "reason": reason}, follow=True)


def test_the_office_issues_a_notice_with_its_reason(tasks, users, client, mailoutbox):
    client.force_login(users["office"])
    page = escalate(client, tasks, "notice", numbers=("1.1", "4"))
    notice = Notice.objects.get()
    assert notice.task == tasks["1.1"] and notice.number == "督办〔2024〕第1号"
    text = page.content.decode()
    assert "已下发督办单 1 项：督办〔2024〕第1号" in text and "未逾期或已办结" in text
    step = notice.step
    assert step.reason == "一季度项目开工滞后" and step.by == users["office"]
    inboxes = Notification.objects.filter(channel=Channel.INBOX, message_id__startswith=f"step-{step.pk}-")
    assert {n.user.username for n in inboxes} == {"jingxin", "wangming"}
    assert all(n.state == State.SENT and n.link == f"/tasks/{tasks['1.1'].pk}/" for n in inboxes)
    assert [m.to for m in mailoutbox] == [["jingxin@example.test"]]
    assert "一季度项目开工滞后" in mailoutbox[0].body
    assert delivery_words(step) == "站内消息 2 条已发送；邮件 1 条已发送"
    assert "事由：一季度项目开工滞后" in tasks["1.1"].events.last().text
    word = open_docx(io.BytesIO(client.get(f"/bulletins/notices/{notice.pk}/docx/").content))
    rows = {row.cells[0].text: row.cells[1].text for row in word.tables[0].rows}
    assert rows["督办事由"] == "一季度项目开工滞后"  # the printed notice says why, as the office wrote it


def test_a_failed_email_is_not_called_sent(tasks, users, client, settings):
    # A mail server that is not there: the connection is refused.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    client.force_login(users["office"])
    escalate(client, tasks, "urge")
    step = EscalationStep.objects.get()
    assert delivery_words(step) == "站内消息 1 条已发送；邮件 1 条发送失败"
    assert "邮件 1 条发送失败" in client.get(f"/tasks/{tasks['1.1'].pk}/").content.decode()


def test_urge_and_listing_once_per_node_and_a_reason_is_needed(tasks, users, client):
    client.force_login(users["office"])
    assert "请写明督办事由" in escalate(client, tasks, "urge", reason=" ").content.decode()
    escalate(client, tasks, "urge")
    second = escalate(client, tasks, "urge").content.decode()
    assert "已催办过" in second
    escalate(client, tasks, "listed", as_of="2024-04-20")
    assert list(EscalationStep.objects.values_list("step", flat=True)) == ["urge", "listed"]


def test_the_board_links_the_notice_register(tasks, users, client):
    client.force_login(users["office"])
    page = client.get("/tasks/board/").content.decode()
    assert "/bulletins/notices/" in page and 'name="reason"' in page


def test_a_notice_a_first_tick_only_recorded_is_sent_from_the_board(tasks, users, client):
    from django.core.management import call_command

    call_command("tick", as_of="2024-04-20")  # first run: 1.1's notice is caught up (numbered, never sent)
    recorded = Notice.objects.get(task=tasks["1.1"])
    assert not recorded.step.sent and delivery_words(recorded.step) == "补记（未发送）"
    client.force_login(users["office"])
    page = escalate(client, tasks, "notice", as_of="2024-04-22").content.decode()
    assert f"已下发督办单 1 项：{recorded.number}" in page
    step = EscalationStep.objects.get(pk=recorded.step.pk)
    assert step.sent and step.by == users["office"] and step.reason == "一季度项目开工滞后"
    assert Notice.objects.filter(task=tasks["1.1"]).count() == 1
    assert Notification.objects.filter(channel=Channel.INBOX, message_id__startswith=f"step-{step.pk}-").count() == 2
    assert "已督办过" in escalate(client, tasks, "notice", as_of="2024-04-22").content.decode()
