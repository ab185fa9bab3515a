"""API tokens: issued in the admin or by `duban token`, the key shown once and only its hash
kept; revoked or expired tokens no longer open the API."""

import hashlib
import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from duban.accounts.models import ApiToken


def _add_in_admin(client, user, name):
    expires = timezone.localtime() + timedelta(days=30)
    return client.post("/admin/accounts/apitoken/add/", {
        "user": user.pk, "name": name,
        "expires_at_0": f"{expires:%Y-%m-%d}", "expires_at_1": f"{expires:%H:%M:%S}",
    })


def _me(client, key):
    return client.get("/api/me", headers={"Authorization": f"Bearer {key}"})


def _key_on(page) -> str:
    html = page.content.decode()
    start = html.index('id="api-key"')
    return html[html.index(">", start) + 1:html.index("</code>", start)]


def test_admin_issues_a_key_once_and_keeps_only_its_hash(client, personas):
    client.force_login(personas["admin"])
    assert client.get("/admin/accounts/apitoken/add/").status_code == 200
    page = _add_in_admin(client, personas["jingxin"], "经信局同步脚本")
    assert page.status_code == 200 and "只显示这一次" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    key = _key_on(page)
    token = ApiToken.objects.get(name="经信局同步脚本")
    assert len(key) >= 40 and token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:8] and key not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    # The change page never shows the key again.
    assert key not in client.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    # A second token is an ordinary second add, not a 500 on an empty hash.
    second = _add_in_admin(client, personas["jingxin"], "第二个脚本")
    assert second.status_code == 200 and _key_on(second) != key

    client.logout()
    answer = _me(client, key)
    assert answer.status_code == 200 and answer.json()["username"] == "jingxin"


def test_revoked_in_the_admin_the_key_stops_working(client, personas):
    token, key = ApiToken.issue(personas["shangwu"], "脚本", timezone.now() + timedelta(days=1))
    assert _me(client, key).status_code == 200
    client.force_login(personas["admin"])
    page = client.post("/admin/accounts/apitoken/", {"action": "revoke_tokens", "_selected_action": [token.pk]})
    assert page.status_code == 302
    client.logout()
    assert _me(client, key).status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None and token.state(timezone.now()) == "已吊销"


def test_expired_key_is_refused(client, personas):
    _, key = ApiToken.issue(personas["shangwu"], "旧脚本", timezone.now() - timedelta(seconds=1))
    assert _me(client, key).status_code == 401


def test_token_command_issues_lists_and_revokes(client, personas):
    out, err = io.StringIO(), io.StringIO()
    call_command("token", "issue", "wangming", "--name", "驾驶舱大屏", "--days", "7", stdout=out, stderr=err)
    key = out.getvalue().strip()
    assert "只显示这一次" in err.getvalue() and "\n" not in key
    token = ApiToken.objects.get(name="驾驶舱大屏")
    assert token.key_hash == ApiToken.hash_key(key)
    assert timedelta(days=6, hours=23) < token.expires_at - timezone.now() <= timedelta(days=7)
    assert _me(client, key).status_code == 200

    listing = io.StringIO()
    call_command("token", "list", stdout=listing)
    assert token.prefix in listing.getvalue() and key not in listing.getvalue() and "有效" in listing.getvalue()

    call_command("token", "revoke", token.prefix, stdout=io.StringIO())
    assert _me(client, key).status_code == 401


def test_token_command_refuses_unknown_user_and_past_dates(personas):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="没有启用的用户"):
        call_command("token", "issue", "nobody", "--name", "x")
    with pytest.raises(CommandError, match="已经过去"):
        call_command("token", "issue", "admin", "--name", "x", "--expires", "2020-01-01")
    assert not ApiToken.objects.exists()


def test_keys_never_start_like_an_option():
    """`duban token revoke PREFIX` took a prefix starting with "-" for an option (1 key in 64)."""
    import re

    keys = [ApiToken.new_key() for _ in range(500)]
    assert all(re.fullmatch(r"[0-9a-f]{64}", key) for key in keys)  # 256 bits, never "-" or "_"
