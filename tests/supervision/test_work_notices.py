"""浙政钉-style work notices: batched, de-duplicated by message id, capped per person per day."""

from datetime import timedelta

import pytest
from django.utils import timezone

from duban.notifications.models import Channel, Notification, State
from duban.notifications.services import Message, queue, send_pending


@pytest.fixture
def zzd(stand_in, settings):
    settings.ZZD_ENDPOINT = f"{stand_in.url}/message/workNotification"
    settings.ZZD_DAILY_CAP = 3
    return stand_in


def notices(person: str, count: int, prefix="m") -> list[Message]:
    return [Message(Channel.ZZD_WORK_NOTICE, person, f"{prefix}-{person}-{i}", f"标题{i}", "正文") for i in range(count)]


def test_one_batch_and_the_daily_cap(db, zzd):
    queue(notices("zhang", 5) + notices("li", 2))
    counts = send_pending()
    assert counts == {"sent": 5, "failed": 0, "deferred": 2}
    assert len(zzd.requests) == 1  # one POST for the whole batch
    sent = [m["receiverId"] for m in zzd.requests[0]["body"]["messages"]]
    assert sent.count("zhang") == 3 and sent.count("li") == 2
    waiting = Notification.objects.filter(state=State.PENDING)
    assert waiting.count() == 2 and all("上限" in n.last_error for n in waiting)

    # Later the same day the cap still holds; the next day the rest go.
    assert send_pending(timezone.now() + timedelta(minutes=1))["sent"] == 0
    assert send_pending(timezone.now() + timedelta(days=1))["sent"] == 2
    assert Notification.objects.filter(state=State.SENT).count() == 7


def test_the_same_message_id_is_queued_and_sent_once(db, zzd):
    assert queue(notices("zhang", 2)) == 2
    assert queue(notices("zhang", 2)) == 0
    send_pending()
    send_pending()
    ids = [m["bizMsgId"] for r in zzd.requests for m in r["body"]["messages"]]
    assert sorted(ids) == ["m-zhang-0", "m-zhang-1"]


def test_every_message_carries_its_id(db, zzd):
    queue(notices("zhang", 1))
    send_pending()
    assert zzd.requests[0]["body"]["messages"][0] == {
        "bizMsgId": "m-zhang-0", "receiverId": "zhang", "title": "标题0", "content": "正文",
    }
