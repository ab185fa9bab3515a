"""Throttling of password and API-key guessing, on top of django-axes.

Logins (``/login/``, ``/admin/login/``) go through axes' authentication backend. API keys do
not pass through Django's ``authenticate``, so ``TokenAuth`` asks here before it looks a key
up and reports a wrong key here: a wrong key has no account, so it counts against the
address only. Every lockout is logged in Chinese.
"""

from __future__ import annotations

import logging

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.shortcuts import render

log = logging.getLogger("duban.security")

API_KEY_SENDER = "duban.api"


class ThrottledBackend(AxesStandaloneBackend):
    """axes' check before the password check. A call without a request (a script or a
    management command calling ``authenticate`` directly) has no address to count and is
    not a login through a page: it goes straight to the password check."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request) -> str:
    """REMOTE_ADDR; behind DUBAN_PROXIES reverse proxies, the address the outermost of them saw.

    Each proxy appends to X-Forwarded-For the address it received the request from, so the
    last N entries are ours and trustworthy; anything left of them the client may have forged.
    """
    address = request.META.get("REMOTE_ADDR", "")
    if settings.PROXIES:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= settings.PROXIES:
            address = forwarded[-settings.PROXIES]
    return address


def lockout_parameters(request, credentials) -> list[str]:
    """By account and by address; a wrong API key has no account, so by address alone
    (counting every keyless failure under one empty name would lock everyone out)."""
    return ["username", "ip_address"] if (credentials or {}).get("username") else ["ip_address"]


def lockout_minutes(request) -> int:
    cool_off = get_cool_off(request)
    return max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0


def lockout_message(request, credentials=None) -> str:
    return (f"尝试次数过多（{get_failure_limit(request, credentials)} 次），"
            f"该账号或本机地址已暂时锁定，请 {lockout_minutes(request)} 分钟后再试")


def lockout_page(request, original_response=None, credentials=None):
    """The page a locked-out login gets (AXES_LOCKOUT_CALLABLE): 429, in Chinese."""
    return render(request, "registration/locked_out.html", {
        "failure_limit": get_failure_limit(request, credentials), "cooloff_minutes": lockout_minutes(request),
    }, status=429)


def api_key_allowed(request) -> bool:
    return AxesProxyHandler.is_allowed(request, {})


def api_key_failed(request) -> None:
    user_login_failed.send(sender=API_KEY_SENDER, credentials={}, request=request)


@receiver(user_locked_out)
def _log_lockout(sender, request, username, ip_address, **kwargs):
    what = f"账号“{username}”" if username else "API 密钥"
    log.warning("登录失败次数过多，已暂时锁定：%s，地址 %s，路径 %s", what, ip_address,
                getattr(request, "path", ""))
