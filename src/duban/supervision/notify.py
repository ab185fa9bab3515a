"""Turning escalation steps and notice steps into messages for the people who must act.

Every message goes to the person's inbox in duban and through each configured channel
(email to those with an address, 浙政钉 work notices, the DingTalk group robot). Whether a
step *was* sent is read from those messages, never assumed (``delivery_words``).
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from duban.accounts.models import Role
from duban.core.escalation import STEP_LABELS
from duban.notifications.models import Channel, State
from duban.notifications.services import Message, deliver, delivery, enabled_channels, messages_to, queue
from duban.supervision.models import EscalationStep, Notice, Step


def queue_notifications(as_of: date) -> int:
    """Queue a message per channel and person for each step sent on ``as_of``; returns how many are new."""
    steps = EscalationStep.objects.filter(as_of=as_of, sent=True).select_related("task", "task__lead", "notice")
    channels = enabled_channels()
    messages = [message for step in steps for message in messages_for(step, channels)]
    return queue(messages)


def send_step(step: EscalationStep) -> int:
    """A step the supervision office took by hand goes out now."""
    return deliver(messages_for(step, enabled_channels()))


def messages_for(step: EscalationStep, channels: list[str]) -> list[Message]:
    subject, body = _words(step)
    link = reverse("supervision:task", args=[step.task_id])
    messages = messages_to(_recipients(step), f"step-{step.pk}", subject, body, link, channels)
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
    if step.reason:
        body += f"督办事由：{step.reason}"
    if hasattr(step, "notice"):
        body += "请登录督办系统签收督办单并反馈办理情况。"
    return subject, body


def department_people(department_id):
    return Q(profile__role=Role.DEPARTMENT_REPORTER, profile__department=department_id)


def _recipients(step: EscalationStep):
    """The lead department's reporters; from the notice on, the responsible leader as well."""
    wanted = department_people(step.task.lead_id)
    if step.step in (Step.NOTICE, Step.LISTED) and step.task.leader_id:
        wanted |= Q(profile__role=Role.LEADER, profile__leader=step.task.leader_id)
    return list(get_user_model().objects.filter(wanted, is_active=True).order_by("pk"))


# -- a notice's own steps: whoever acts next hears of it -------------------------------

NEXT_WORDS = {
    "sign": ("已签收", "office"),
    "report_back": ("已反馈办理情况，请核实", "office"),
    "return": ("被督查室退回，请补充办理情况后重新反馈", "lead"),
    "verify": ("已核实，待销号", "lead"),
    "close": ("已销号", "lead"),
}


def send_notice_step(notice: Notice, action: str, event, text: str = "") -> int:
    """Tell whoever acts next (or the department, once the office has acted); ``event`` names it once."""
    words, audience = NEXT_WORDS[action]
    if audience == "office":
        wanted = Q(profile__role=Role.SUPERVISION_OFFICE)
    else:
        wanted = department_people(notice.task.lead_id)
    people = get_user_model().objects.filter(wanted, is_active=True).order_by("pk")
    subject = f"【督办单】{notice.number} {words}"
    body = f"“{notice.task.title}”（{notice.task.lead or ''}牵头）督办单 {notice.number} {words}。{text}"
    link = reverse("supervision:task", args=[notice.task_id])
    return deliver(messages_to(people, f"notice-{notice.pk}-event-{event.pk}", subject, body, link,
                               enabled_channels()))


# -- what the record says about sending -------------------------------------------------

CHANNEL_WORDS = dict(Channel.choices)


def delivery_words(step: EscalationStep) -> str:
    """站内消息 2 人已送达；邮件 1 封已发送、1 封失败 …, from the messages themselves."""
    if not step.sent:
        return "补记（未发送）"
    summary = delivery(f"step-{step.pk}-")
    if not summary:
        return "待发送"
    parts = []
    for channel in (c for c in CHANNEL_WORDS if c in summary):
        states = summary[channel]
        counts = "、".join(f"{n} 条{State(state).label}" for state, n in sorted(states.items()))
        parts.append(f"{CHANNEL_WORDS[channel]} {counts}")
    return "；".join(parts)
