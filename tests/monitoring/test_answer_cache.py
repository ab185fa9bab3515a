"""The monitoring API's cached answers: never older than what they read, never another user's,
and a repeated request costs a fixed handful of queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from duban.accounts.models import ApiToken, Profile, Role
from duban.monitoring import freshness
from duban.observations.models import Observation
from duban.targets.models import Target

from .test_commands import data  # noqa: F401  (fixture)

STATUS = ("/api/monitoring/status", {"region": "330784", "period": "2024-06"})
# axes' lockout check, the key's owner with their role, the change marks: nothing grows with the data.
WARM_QUERIES = 3


def _bearer(user) -> dict:
    _, key = ApiToken.issue(user, "脚本", timezone.now() + timedelta(days=1))
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _home_row(client, auth) -> dict:
    response = client.get(*STATUS, **auth)
    assert response.status_code == 200
    return response.json()["indicators"][0]


@pytest.fixture
def reader(data):  # noqa: F811
    freshness.bring_current(as_of=timezone.localdate())
    return _bearer(User.objects.create_user("reader"))


def test_a_repeated_request_is_answered_from_the_cache_in_a_few_queries(client, reader, django_assert_max_num_queries):
    first = client.get(*STATUS, **reader)
    with django_assert_max_num_queries(WARM_QUERIES):
        again = client.get(*STATUS, **reader)
    assert again.content == first.content and again["Content-Type"].startswith("application/json")


def test_a_newly_published_figure_replaces_the_cached_answer(client, reader):
    assert _home_row(client, reader)["ytd"] == 106.0
    figure = Observation.objects.get(region__code="330784", period="2024-06")
    figure.value = Decimal("150")
    figure.save()  # as an edit in the admin: the stored results are invalidated
    assert _home_row(client, reader)["ytd"] == 150.0


def test_a_changed_target_replaces_the_cached_answer(client, reader):
    assert _home_row(client, reader)["completion_pct"] == pytest.approx(100 * 106 / 220, abs=1e-3)
    target = Target.objects.get(region__code="330784", period="2024")
    target.value = Decimal("212")
    target.save()  # its history row moves the change marks
    assert _home_row(client, reader)["completion_pct"] == pytest.approx(50.0)


def test_a_user_without_rights_never_receives_a_cached_answer(client, reader):
    assert client.get(*STATUS, **reader).status_code == 200  # the answer is now cached
    assert client.get(*STATUS).status_code == 401
    assert client.get(*STATUS, HTTP_AUTHORIZATION="Bearer not-a-key").status_code == 401
    revoked_user = User.objects.create_user("revoked")
    revoked = _bearer(revoked_user)
    ApiToken.objects.get(user=revoked_user).revoke(timezone.now())
    assert client.get(*STATUS, **revoked).status_code == 401
    expired_user = User.objects.create_user("expired")
    _, key = ApiToken.issue(expired_user, "旧脚本", timezone.now() - timedelta(seconds=1))
    assert client.get(*STATUS, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    gone = User.objects.create_user("gone")
    gone_key = _bearer(gone)
    gone.is_active = False
    gone.save()
    assert client.get(*STATUS, **gone_key).status_code == 401


def test_each_role_has_its_own_cached_answer(client, reader, django_assert_max_num_queries):
    """What a role may see is part of the key: the supervision office's request builds its own answer."""
    client.get(*STATUS, **reader)
    office = User.objects.create_user("ducha")
    Profile.objects.create(user=office, role=Role.SUPERVISION_OFFICE)
    auth = _bearer(office)
    with django_assert_max_num_queries(WARM_QUERIES):
        client.get(*STATUS, **reader)
    with CaptureQueriesContext(connection) as built:
        assert client.get(*STATUS, **auth).status_code == 200
    assert len(built) > WARM_QUERIES  # built anew, not the viewer's cached answer


def test_a_stale_period_is_answered_with_what_is_stored_and_says_it_is_being_updated(client, data, settings):  # noqa: F811
    settings.REFRESH_ON_READ = "queue"
    freshness.bring_current(as_of=timezone.localdate())
    auth = _bearer(User.objects.create_user("reader"))
    Observation.objects.filter(region__code="330784", period="2024-06").update(value=Decimal("150"))
    Target.objects.get(region__code="330784", period="2024").save()  # a mark moves: the period is stale
    doc = client.get(*STATUS, **auth).json()
    assert doc["updating"] is True and "数据正在更新" in doc["message"]
    assert doc["indicators"][0]["ytd"] == 106.0  # what is stored, until the worker has run
    rank = client.get("/api/monitoring/rank", {"indicator": "gy", "period": "2024-06", "group": "g5"}, **auth).json()
    assert rank["updating"] is True and rank["rows"]
    client.cookies["django_language"] = "en"
    assert "being updated" in client.get(*STATUS, **auth).json()["message"]
    client.cookies["django_language"] = "zh-hans"
    freshness.bring_current(as_of=timezone.localdate())  # the worker's run
    doc = client.get(*STATUS, **auth).json()
    assert doc["updating"] is False and doc["message"] is None and doc["indicators"][0]["ytd"] == 150.0


def test_the_openapi_document_describes_updating(client, db):
    client.force_login(User.objects.create_user("viewer"))
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    for name in ("StatusAnswer", "RankAnswer", "HistoryAnswer"):
        assert {"updating", "message"} <= set(schemas[name]["properties"])
