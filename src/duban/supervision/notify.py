"""Turning escalation steps into messages for the people who must act."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Q

from duban.accounts.models import Role
from duban.core.escalation import STEP_LABELS
from duban.notifications.models import Channel
from duban.notifications.services import Message, enabled_channels, queue
from duban.supervision.models import EscalationStep, Step


def queue_notifications(as_of: date) -> int:
    """Queue a message per channel and person for each step sent on ``as_of``; returns how many are new."""
    steps = EscalationStep.objects.filter(as_of=as_of, sent=True).select_related("task", "task__lead", "notice")
    channels = enabled_channels()
    messages = [message for step in steps for message in messages_for(step, channels)]
    return queue(messages)


def messages_for(step: EscalationStep, channels: list[str]) -> list[Message]:
    subject, body = _words(step)
    messages = []
    for user in _recipients(step):
        if Channel.EMAIL in channels and user.email:
            messages.append(Message(Channel.EMAIL, user.email, f"step-{step.pk}-email-{user.pk}", subject, body))
        if Channel.ZZD_WORK_NOTICE in channels:
            messages.append(Message(Channel.ZZD_WORK_NOTICE, user.username, f"step-{step.pk}-zzd-{user.pk}", subject,
                                    body))
    if Channel.DINGTALK_ROBOT in channels:
        messages.append(Message(Channel.DINGTALK_ROBOT, "robot", f"step-{step.pk}-robot", subject, body))
    return messages


def _words(step: EscalationStep) -> tuple[str, str]:
    task = step.task
    label = STEP_LABELS[step.step]
    number = f"{step.notice.number} " if hasattr(step, "notice") else ""
    subject = f"【{label}】{number}{task.title}"
    late = (step.as_of - step.due).days
    when = f"已逾期 {late} 天" if late > 0 else f"将于 {step.due:%Y年%m月%d日} 到期"
    body = f"{task.lead or ''}牵头的“{task.title}”（完成时限：{task.deadline_text}）{when}，请及时办理并报送进展。"
    return subject, body


def _recipients(step: EscalationStep):
    """The lead department's reporters; from the notice on, the responsible leader as well."""
    wanted = Q(profile__role=Role.DEPARTMENT_REPORTER, profile__department=step.task.lead_id)
    if step.step in (Step.NOTICE, Step.LISTED) and step.task.leader_id:
        wanted |= Q(profile__role=Role.LEADER, profile__leader=step.task.leader_id)
    return list(get_user_model().objects.filter(wanted, is_active=True).order_by("pk"))
