"""Guessing passwords or API keys is throttled by account and by address (django-axes):
after the limit even the right password is refused, in Chinese, and the lockout is logged."""

import logging

import pytest
from django.test import Client

from duban.accounts.models import ApiToken

LIMIT = 5


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def _login(path, username, password, address="10.0.0.1"):
    client = Client(REMOTE_ADDR=address)
    if path == "/admin/login/":
        return client, client.post(path, {"username": username, "password": password, "next": "/admin/"})
    return client, client.post(path, {"username": username, "password": password})


@pytest.mark.parametrize("path", ["/login/", "/admin/login/"])
def test_twenty_wrong_passwords_then_the_right_one_is_refused(personas, password, path, caplog):
    user = "admin"
    for _ in range(20):
        _, page = _login(path, user, "wrong")
        assert page.status_code in (200, 429)
    with caplog.at_level(logging.WARNING):
        client, page = _login(path, user, password)
    assert page.status_code == 429
    text = page.content.decode()
    assert "登录失败次数过多" in text and "分钟" in text
    assert "_auth_user_id" not in client.session
    assert any("登录失败次数过多" in r.getMessage() for r in caplog.records)


def test_an_account_is_locked_whatever_the_address(personas, password):
    for attempt in range(LIMIT):
        _login("/login/", "jingxin", "wrong", address=f"10.0.1.{attempt}")
    _, page = _login("/login/", "jingxin", password, address="10.0.2.1")
    assert page.status_code == 429
    # Another account from yet another address is untouched.
    _, other = _login("/login/", "shangwu", password, address="10.0.2.2")
    assert other.status_code == 302


def test_an_address_is_locked_whatever_the_account(personas, password):
    for name in ["a1", "a2", "a3", "a4", "a5"]:
        _login("/login/", name, "wrong", address="10.0.3.1")
    _, page = _login("/login/", "shangwu", password, address="10.0.3.1")
    assert page.status_code == 429
    _, elsewhere = _login("/login/", "shangwu", password, address="10.0.3.2")
    assert elsewhere.status_code == 302


def test_a_few_mistakes_then_success_start_afresh(personas, password):
    for _ in range(LIMIT - 1):
        _login("/login/", "ducha", "wrong")
    assert _login("/login/", "ducha", password)[1].status_code == 302
    for _ in range(LIMIT - 1):
        _login("/login/", "ducha", "wrong")
    assert _login("/login/", "ducha", password)[1].status_code == 302


def test_wrong_bearer_tokens_lock_the_address(personas, caplog):
    from datetime import timedelta

    from django.utils import timezone

    _, key = ApiToken.issue(personas["shuju"], "脚本", timezone.now() + timedelta(days=1))
    guesser = Client(REMOTE_ADDR="10.0.4.1")
    for attempt in range(20):
        answer = guesser.get("/api/me", headers={"Authorization": f"Bearer guess-{attempt}"})
        assert answer.status_code in (401, 429)
    with caplog.at_level(logging.WARNING):
        locked = guesser.get("/api/me", headers={"Authorization": f"Bearer {key}"})
    assert locked.status_code == 429 and "尝试次数过多" in locked.json()["detail"]
    assert any("登录失败次数过多" in r.getMessage() for r in caplog.records)
    honest = Client(REMOTE_ADDR="10.0.4.2").get("/api/me", headers={"Authorization": f"Bearer {key}"})
    assert honest.status_code == 200


def test_behind_a_proxy_the_forwarded_address_counts_not_a_forged_one(personas, password, settings):
    settings.PROXIES = 1
    proxy = "10.9.9.9"
    for attempt in range(LIMIT):  # the guesser forges a new address in front each time
        Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"1.2.3.{attempt}, 203.0.113.7").post(
            "/login/", {"username": f"x{attempt}", "password": "wrong"})
    locked = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7").post(
        "/login/", {"username": "shangwu", "password": password})
    assert locked.status_code == 429
    colleague = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.8").post(
        "/login/", {"username": "shangwu", "password": password})
    assert colleague.status_code == 302  # another client behind the same proxy is not locked out
