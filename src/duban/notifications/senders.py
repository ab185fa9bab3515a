"""The three ways a message leaves: Django mail, a DingTalk group robot, 浙政钉 work notices.

Each sender takes notifications and raises ``SendError`` for the ones that did not go.
Endpoints and secrets come from settings (DUBAN_DINGTALK_*, DUBAN_ZZD_* in the environment).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.mail import send_mail

TIMEOUT_SECONDS = 10


class SendError(Exception):
    pass


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's robot signature: base64(HMAC-SHA256(secret, "timestamp\\nsecret")), URL-encoded."""
    message = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def signed_webhook_url(webhook: str, secret: str, timestamp_ms: int) -> str:
    joiner = "&" if "?" in webhook else "?"
    return f"{webhook}{joiner}timestamp={timestamp_ms}&sign={dingtalk_sign(secret, timestamp_ms)}"


def post_json(url: str, payload: dict) -> dict:
    request = urllib.request.Request(
        url, data=json.dumps(payload, ensure_ascii=False).encode(), method="POST",
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read()
    except OSError as error:  # URLError, HTTPError, timeouts
        raise SendError(f"请求失败：{error}") from None
    try:
        answer = json.loads(body or b"{}")
    except ValueError:
        raise SendError(f"应答不是 JSON：{body[:200]!r}") from None
    if answer.get("errcode", 0) != 0:
        raise SendError(f"对方拒绝：{answer.get('errcode')} {answer.get('errmsg', '')}")
    return answer


def send_email(notification) -> None:
    try:
        send_mail(notification.subject, notification.body, settings.DEFAULT_FROM_EMAIL, [notification.recipient])
    except OSError as error:
        raise SendError(f"邮件发送失败：{error}") from None


def send_dingtalk_robot(notification) -> None:
    webhook = settings.DINGTALK_WEBHOOK
    if not webhook:
        raise SendError("未配置 DUBAN_DINGTALK_WEBHOOK")
    secret = settings.DINGTALK_SECRET
    url = signed_webhook_url(webhook, secret, int(time.time() * 1000)) if secret else webhook
    post_json(url, {"msgtype": "text", "text": {"content": f"{notification.subject}\n{notification.body}"}})


def zzd_daily_cap() -> int:
    return settings.ZZD_DAILY_CAP


def send_zzd_batch(notifications: list) -> None:
    """One POST for a batch of work notices; each carries its id so the platform drops repeats."""
    endpoint = settings.ZZD_ENDPOINT
    if not endpoint:
        raise SendError("未配置 DUBAN_ZZD_ENDPOINT")
    post_json(endpoint, {
        "messages": [
            {"bizMsgId": n.message_id, "receiverId": n.recipient, "title": n.subject, "content": n.body}
            for n in notifications
        ]
    })
