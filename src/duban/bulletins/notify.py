"""Telling people: a stored document to its subscribers, a warning to its indicator's owners.

Messages go through the notifications app's ``queue`` under ids that name the document (or
warning change) and the person, so a repeated tick queues nothing twice.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from duban.accounts.models import Role
from duban.notifications.models import Channel
from duban.notifications.services import Message, enabled_channels, queue


def _audience(subscriptions) -> Q:
    wanted = Q(pk__in=[])
    for s in subscriptions:
        if s.role:
            wanted |= Q(profile__role=s.role) | (Q(is_superuser=True) if s.role == Role.ADMIN else Q(pk__in=[]))
        elif s.department_id:
            wanted |= Q(profile__department=s.department_id)
        elif s.leader_id:
            wanted |= Q(profile__leader=s.leader_id)
    return wanted


def subscribers(schedule) -> list:
    wanted = _audience(schedule.subscriptions.all())
    return list(get_user_model().objects.filter(wanted, is_active=True).distinct().order_by("pk"))


def _messages(prefix: str, users, subject: str, body: str, *, robot: bool) -> tuple[list[Message], dict[int, list[str]]]:
    channels = enabled_channels()
    messages, used = [], {}
    for user in users:
        mine = []
        if Channel.EMAIL in channels and user.email:
            messages.append(Message(Channel.EMAIL, user.email, f"{prefix}-email-{user.pk}", subject, body))
            mine.append(Channel.EMAIL)
        if Channel.ZZD_WORK_NOTICE in channels:
            messages.append(Message(Channel.ZZD_WORK_NOTICE, user.username, f"{prefix}-zzd-{user.pk}", subject, body))
            mine.append(Channel.ZZD_WORK_NOTICE)
        used[user.pk] = mine
    if robot and Channel.DINGTALK_ROBOT in channels:
        messages.append(Message(Channel.DINGTALK_ROBOT, "robot", f"{prefix}-robot", subject, body))
    return messages, used


def notify_document(document, schedule) -> int:
    """Queue the document's notice to every subscriber; record who was sent it. Returns how many."""
    from duban.bulletins.models import Delivery

    content = document.content
    subject = f"【{document.get_kind_display()}】{document.title}"
    body = (f"{content['subtitle']}，{content['title']}已生成（数据截至{content['period_label']}）。"
            f"请登录督办系统查看：{reverse('bulletins:detail', args=[document.pk])}")
    users = subscribers(schedule)
    messages, used = _messages(f"doc-{document.pk}", users, subject, body, robot=schedule.notify_robot)
    queue(messages)
    Delivery.objects.bulk_create(
        [Delivery(document=document, user=u, channels="、".join(map(_channel_word, used[u.pk])) or "—")
         for u in users],
        ignore_conflicts=True,
    )
    return len(users)


def _channel_word(channel: str) -> str:
    return str(Channel(channel).label)


def owners(indicator) -> list:
    """The indicator's department reporters and its leader in charge."""
    wanted = Q(pk__in=[])
    if indicator.department_id:
        wanted |= Q(profile__role=Role.DEPARTMENT_REPORTER, profile__department=indicator.department_id)
    if indicator.leader_id:
        wanted |= Q(profile__role=Role.LEADER, profile__leader=indicator.leader_id)
    return list(get_user_model().objects.filter(wanted, is_active=True).order_by("pk"))


def notify_warning(change) -> int:
    """Queue a message to the owners of an indicator that turned red or pending."""
    from duban.bulletins.blocks import LEVEL_WORDS

    indicator = change.indicator
    subject = f"【{LEVEL_WORDS[change.level]}】{indicator.name}（{change.period}）"
    was = LEVEL_WORDS.get(change.previous_level, "未评价") if change.previous_level else "未评价"
    body = f"{indicator.name}{change.period}预警由“{was}”转为“{LEVEL_WORDS[change.level]}”：{'；'.join(change.reasons)}。"
    users = owners(indicator)
    messages, _ = _messages(f"warn-{change.pk}", users, subject, body, robot=False)
    return queue(messages)
