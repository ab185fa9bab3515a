"""A failed send is kept, shown and retried with a growing delay; nothing is lost."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from duban.notifications.models import Channel, Notification, State
from duban.notifications.services import BACKOFF, MAX_ATTEMPTS, Message, queue, retry, send_pending


@pytest.fixture
def robot(stand_in, settings):
    settings.DINGTALK_WEBHOOK = f"{stand_in.url}/robot/send?access_token=tok"
    return stand_in


def one_robot_message():
    queue([Message(Channel.DINGTALK_ROBOT, "robot", "x-1", "【催办】甲任务", "请办理")])


def test_failure_is_recorded_then_retried_after_the_backoff(db, robot):
    robot.failures_left = 1
    one_robot_message()
    now = timezone.now()
    assert send_pending(now)["failed"] == 1
    failed = Notification.objects.get()
    assert (failed.state, failed.attempts) == (State.FAILED, 1)
    assert "500" in failed.last_error and failed.next_attempt_at == now + BACKOFF

    assert send_pending(now + timedelta(seconds=30))["sent"] == 0  # not before the backoff
    assert send_pending(now + BACKOFF)["sent"] == 1
    sent = Notification.objects.get()
    assert (sent.state, sent.attempts, sent.last_error) == (State.SENT, 2, "")
    assert len(robot.requests) == 2


def test_after_the_last_attempt_it_waits_for_a_person(db, robot):
    robot.failures_left = 99
    one_robot_message()
    now = timezone.now()
    for attempt in range(MAX_ATTEMPTS + 2):
        send_pending(now + timedelta(days=attempt))
    failed = Notification.objects.get()
    assert (failed.state, failed.attempts) == (State.FAILED, MAX_ATTEMPTS)
    robot.failures_left = 0
    assert retry(Notification.objects.all()) == 1
    assert send_pending()["sent"] == 1


def test_unreachable_endpoint_is_a_failure_not_a_crash(db, settings):
    settings.DINGTALK_WEBHOOK = "http://127.0.0.1:9/robot/send"  # discard port: nobody listens
    one_robot_message()
    assert send_pending()["failed"] == 1
    assert "请求失败" in Notification.objects.get().last_error


def test_failed_messages_are_listed_for_the_office(users, client):
    Notification.objects.create(channel=Channel.EMAIL, recipient="a@example.test", message_id="e-1", subject="催办",
                                body="…", state=State.FAILED, attempts=2, last_error="连接被拒绝")
    client.force_login(users["office"])
    page = client.get("/notifications/?state=failed")
    assert page.status_code == 200 and "连接被拒绝" in page.content.decode()
    client.force_login(users["jingxin"])
    assert client.get("/notifications/").status_code == 403


def test_failed_messages_are_listed_in_the_admin(users, client):
    Notification.objects.create(channel=Channel.EMAIL, recipient="a@example.test", message_id="e-1", subject="催办",
                                body="…", state=State.FAILED, attempts=2, last_error="连接被拒绝")
    client.force_login(users["admin"])
    page = client.get("/admin/notifications/notification/?state__exact=failed")
    assert page.status_code == 200 and "连接被拒绝" in page.content.decode()


def test_email_goes_through_djangos_mail(sample_tasks, users):
    from django.core.management import call_command

    call_command("tick", as_of="2024-03-28")  # 1.1 (经信局) is reminded
    subjects = [m.subject for m in mail.outbox if m.to == ["jingxin@example.test"]]
    assert "【提醒】一季度开工技改项目15个" in subjects
    assert Notification.objects.filter(channel=Channel.EMAIL, state=State.SENT).count() == len(mail.outbox)
