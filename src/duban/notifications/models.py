"""Outgoing messages: one row per message and recipient, keyed by a de-duplicating id."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    # Always on: the person's inbox in duban itself, delivered when it is stored.
    INBOX = "inbox", _("站内消息")
    EMAIL = "email", _("邮件")
    DINGTALK_ROBOT = "dingtalk_robot", _("钉钉群机器人")
    ZZD_WORK_NOTICE = "zzd_work_notice", _("浙政钉工作通知")


class State(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class Notification(models.Model):
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    recipient = models.CharField(_("接收人"), max_length=128, help_text=_("邮箱、浙政钉账号，群机器人为 robot"))
    # Whoever queues a message names it; the same id never goes out twice.
    message_id = models.CharField(_("消息编号"), max_length=128, unique=True)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    state = models.CharField(_("状态"), max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    # The person it is for, when it is for a person (not a group robot).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="notifications")
    link = models.CharField(_("链接"), max_length=200, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"]),
                   models.Index(fields=["user", "channel", "read_at"], name="notification_inbox")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient}：{self.subject}"
