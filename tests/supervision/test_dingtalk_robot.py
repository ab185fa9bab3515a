"""Escalations reach a DingTalk group robot as signed requests, once each."""

import base64
import hashlib
import hmac
import urllib.parse
from datetime import date

import pytest
from django.core.management import call_command

from duban.notifications.models import Channel, Notification, State
from duban.notifications.senders import dingtalk_sign
from duban.supervision.models import Notice

SECRET = "SECtest-secret"


@pytest.fixture
def robot(stand_in, settings):
    settings.DINGTALK_WEBHOOK = f"{stand_in.url}/robot/send?access_token=tok"
    settings.DINGTALK_SECRET = SECRET
    return stand_in


def test_the_signature_follows_dingtalks_documented_scheme():
    expected = base64.b64encode(
        hmac.new(SECRET.encode(), f"1700000000000\n{SECRET}".encode(), hashlib.sha256).digest()
    ).decode()
    assert urllib.parse.unquote_plus(dingtalk_sign(SECRET, 1700000000000)) == expected


def test_tick_sends_signed_requests(sample_tasks, robot):
    call_command("tick", as_of="2024-03-28")  # 1.1 is reminded; the monthly items catch up
    assert robot.requests, "the stand-in received nothing"
    for request in robot.requests:
        path, query = request["path"].split("?")
        params = urllib.parse.parse_qs(query)
        assert path == "/robot/send" and params["access_token"] == ["tok"]
        timestamp = params["timestamp"][0]
        digest = hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(), hashlib.sha256).digest()
        assert params["sign"] == [base64.b64encode(digest).decode()]
        assert request["body"]["msgtype"] == "text"
    contents = [r["body"]["text"]["content"] for r in robot.requests]
    assert any(c.startswith("【提醒】一季度开工技改项目15个") for c in contents)
    assert Notification.objects.filter(channel=Channel.DINGTALK_ROBOT, state=State.SENT).count() == len(contents)


def test_ticking_twice_sends_nothing_twice(sample_tasks, robot):
    call_command("tick", as_of="2024-03-28")
    sent = len(robot.requests)
    call_command("tick", as_of="2024-03-28")
    assert len(robot.requests) == sent


def test_a_month_of_ticks_sends_each_step_once(sample_tasks, robot):
    from .conftest import days

    for day in days(date(2024, 4, 1), date(2024, 4, 30)):
        call_command("tick", as_of=day.isoformat())
    subjects = [r["body"]["text"]["content"].split("\n")[0] for r in robot.requests]
    assert len(robot.requests) == Notification.objects.filter(channel=Channel.DINGTALK_ROBOT).count()
    measure = [s for s in subjects if "一季度开工技改项目15个" in s]
    notice = Notice.objects.get(task__number="1.1")
    assert measure == [
        "【催办】一季度开工技改项目15个",
        f"【督办】{notice.number} 一季度开工技改项目15个",
        "【通报】一季度开工技改项目15个",
    ]
