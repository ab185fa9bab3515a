import json
from io import StringIO

from django.contrib.auth.models import User
from django.core.management import call_command

from .test_commands import data  # noqa: F401  (fixture)


def _command(*args) -> dict:
    out = StringIO()
    call_command(*args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_api_returns_the_commands_figures(client, data):  # noqa: F811
    client.force_login(User.objects.create_user("viewer"))
    status = client.get("/api/monitoring/status", {"region": "330784", "period": "2024-06"})
    rank = client.get("/api/monitoring/rank", {"indicator": "gy", "period": "2024-06", "group": "g5"})
    assert status.json() == _command("status", "--region", "330784", "--period", "2024-06")
    assert rank.json() == _command("rank", "--indicator", "gy", "--period", "2024-06", "--group", "g5")
    history = client.get("/api/monitoring/history", {"indicator": "gy", "region": "330784", "period": "2024-06"})
    periods = [p for p in history.json()["periods"] if p["ytd"] is not None]
    assert [(p["period"], p["ytd"]) for p in periods] == [("2023-06", 100.0), ("2023-12", 200.0), ("2024-06", 106.0)]
    assert client.get("/api/monitoring/rank", {"indicator": "x", "period": "2024-06", "group": "g5"}).status_code == 404


def test_anonymous_is_refused(client, data):  # noqa: F811
    assert client.get("/api/monitoring/status", {"region": "330784", "period": "2024-06"}).status_code == 401
    response = client.get("/cockpit/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_docs_load_their_assets_locally(client, db):
    client.force_login(User.objects.create_user("viewer"))
    page = client.get("/api/docs").content.decode()
    assert "cdn." not in page and "/static/ninja/" in page
    assert "/api/monitoring/status" in client.get("/api/openapi.json").content.decode()
