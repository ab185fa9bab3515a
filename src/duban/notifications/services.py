"""Queueing messages once and sending them with retries, a daily cap and nothing lost.

A message is queued under a message id chosen by the caller; queueing the same id
again does nothing, which is what makes a repeated ``duban tick`` send nothing twice.
A failed send stays in the table as ``failed`` with its error and is tried again
after a growing delay, up to ``MAX_ATTEMPTS``; after that it waits for a person
(the admin list and the 消息 page show it, with a retry action).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from duban.notifications import senders
from duban.notifications.models import Channel, Notification, State

MAX_ATTEMPTS = 5
BACKOFF = timedelta(minutes=2)
# While a worker sends a message nobody else picks it up.
LEASE = timedelta(minutes=5)


@dataclass(frozen=True)
class Message:
    channel: str
    recipient: str
    message_id: str
    subject: str
    body: str
    user_id: int | None = None  # the person, when it is for a person
    link: str = ""  # where in duban the person acts on it


def queue(messages: list[Message]) -> int:
    """Store new messages; ids already known are ignored. Returns how many were new.

    An inbox message is delivered by being stored: it is ``sent`` at once. The others wait
    for the worker, and say ``sent`` only once their channel has taken them.
    """
    known = set(Notification.objects.filter(message_id__in=[m.message_id for m in messages]).values_list(
        "message_id", flat=True))
    fresh = {m.message_id: m for m in messages if m.message_id not in known}
    now = timezone.now()
    Notification.objects.bulk_create(
        [Notification(channel=m.channel, recipient=m.recipient, message_id=m.message_id, subject=m.subject,
                      body=m.body, user_id=m.user_id, link=m.link,
                      **({"state": State.SENT, "sent_at": now} if m.channel == Channel.INBOX else {}))
         for m in fresh.values()],
        ignore_conflicts=True,
    )
    return len(fresh)


# How a channel is named inside message ids (the ids already sent must stay the same).
ID_PARTS = {Channel.INBOX: "inbox", Channel.EMAIL: "email", Channel.ZZD_WORK_NOTICE: "zzd"}


def messages_to(users, key: str, subject: str, body: str, link: str, channels: list[str]) -> list[Message]:
    """One message per person and channel they can be reached on; ``key`` names the event once."""
    messages = []
    for user in users:
        reach = {Channel.INBOX: user.username, Channel.EMAIL: user.email, Channel.ZZD_WORK_NOTICE: user.username}
        for channel in channels:
            if reach.get(channel):
                messages.append(Message(channel, reach[channel], f"{key}-{ID_PARTS[channel]}-{user.pk}", subject,
                                        body, user.pk, link))
    return messages


def deliver(messages: list[Message]) -> int:
    """Queue now and hand the outgoing ones to the worker (a person acted: no waiting for the tick)."""
    from duban.notifications.tasks import send_notifications

    count = queue(messages)
    if any(m.channel != Channel.INBOX for m in messages):
        send_notifications.enqueue()
    return count


def delivery(message_prefix: str) -> dict[str, dict[str, int]]:
    """What became of the messages of one event: {channel: {state: count}}."""
    summary: dict[str, dict[str, int]] = {}
    for channel, state in Notification.objects.filter(message_id__startswith=message_prefix).values_list(
            "channel", "state"):
        summary.setdefault(channel, {}).setdefault(state, 0)
        summary[channel][state] += 1
    return summary


def inbox(user):
    return Notification.objects.filter(user=user, channel=Channel.INBOX)


def unread_count(user) -> int:
    return inbox(user).filter(read_at__isnull=True).count()


def enabled_channels() -> list[str]:
    channels = [Channel.INBOX, Channel.EMAIL]
    if settings.DINGTALK_WEBHOOK:
        channels.append(Channel.DINGTALK_ROBOT)
    if settings.ZZD_ENDPOINT:
        channels.append(Channel.ZZD_WORK_NOTICE)
    return channels


def due_for_sending(now: datetime):
    return Notification.objects.filter(
        Q(state=State.PENDING) | Q(state=State.FAILED, attempts__lt=MAX_ATTEMPTS),
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
    ).order_by("created_at", "pk")


def send_pending(now: datetime | None = None) -> dict[str, int]:
    """Send what is due now; returns counts by outcome."""
    now = now or timezone.now()
    counts = {"sent": 0, "failed": 0, "deferred": 0}
    claimed = [n for n in due_for_sending(now) if _claim(n, now)]
    zzd = [n for n in claimed if n.channel == Channel.ZZD_WORK_NOTICE]
    for notification in claimed:
        if notification.channel == Channel.ZZD_WORK_NOTICE:
            continue
        sender = senders.send_email if notification.channel == Channel.EMAIL else senders.send_dingtalk_robot
        try:
            sender(notification)
        except senders.SendError as error:
            _failed([notification], str(error), now, counts)
        else:
            _sent([notification], now, counts)
    if zzd:
        _send_zzd(zzd, now, counts)
    return counts


def _claim(notification: Notification, now: datetime) -> bool:
    claimed = Notification.objects.filter(
        pk=notification.pk, state=notification.state, next_attempt_at=notification.next_attempt_at
    ).update(next_attempt_at=now + LEASE)
    return claimed == 1


def _send_zzd(notifications: list[Notification], now: datetime, counts: dict[str, int]) -> None:
    """Batch the work notices, keeping each person under the daily cap; the rest wait a day."""
    day_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    cap = senders.zzd_daily_cap()
    sent_today: dict[str, int] = {}
    batch, deferred = [], []
    for notification in notifications:
        person = notification.recipient
        if person not in sent_today:
            sent_today[person] = Notification.objects.filter(
                channel=Channel.ZZD_WORK_NOTICE, recipient=person, state=State.SENT, sent_at__gte=day_start
            ).count()
        if sent_today[person] >= cap:
            deferred.append(notification)
            continue
        sent_today[person] += 1
        batch.append(notification)
    if deferred:
        Notification.objects.filter(pk__in=[n.pk for n in deferred]).update(
            next_attempt_at=day_start + timedelta(days=1), last_error=f"已达每人每日 {cap} 条上限，顺延至次日"
        )
        counts["deferred"] += len(deferred)
    if not batch:
        return
    try:
        senders.send_zzd_batch(batch)
    except senders.SendError as error:
        _failed(batch, str(error), now, counts)
    else:
        _sent(batch, now, counts)


def _sent(notifications: list[Notification], now: datetime, counts: dict[str, int]) -> None:
    for n in notifications:
        Notification.objects.filter(pk=n.pk).update(
            state=State.SENT, sent_at=now, attempts=n.attempts + 1, last_error="", next_attempt_at=None
        )
    counts["sent"] += len(notifications)


def _failed(notifications: list[Notification], error: str, now: datetime, counts: dict[str, int]) -> None:
    for n in notifications:
        attempts = n.attempts + 1
        Notification.objects.filter(pk=n.pk).update(
            state=State.FAILED, attempts=attempts, last_error=error,
            next_attempt_at=now + BACKOFF * 2 ** (attempts - 1),
        )
    counts["failed"] += len(notifications)


def retry(notifications) -> int:
    """A person's 重发: give failed messages a fresh set of attempts, now."""
    return notifications.filter(state=State.FAILED).update(attempts=0, next_attempt_at=None, state=State.PENDING)
