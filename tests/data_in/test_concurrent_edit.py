"""Two people editing one figure: the second save is refused with both values; never a silent overwrite."""

import json
from decimal import Decimal

from django.urls import reverse

from duban.observations.models import Observation


def test_second_save_on_stale_version_is_refused_showing_both(client, users, catalogue, store):
    row = store("gyzjz", "330784", "2024-03", 75.3, 8.4, status="draft")
    loaded_version = row.version
    url = reverse("observations:entry", args=[catalogue["industry"].pk, "2024-03"])
    field = f"value-{row.indicator_id}"
    client.force_login(users["industry"])
    first = {field: "76.0", f"yoy-{row.indicator_id}": "8.4", f"version-{row.indicator_id}": loaded_version, "action": "save"}
    assert client.post(url, first).status_code == 302
    client.force_login(users["office"])  # loaded the same version before the first save
    second = dict(first, **{field: "77.5"})
    page = client.post(url, second)
    html = page.content.decode()
    assert page.status_code == 200 and "保存被拒绝" in html
    assert "对方的值：数值 76" in html and "您的值：数值 77.5" in html
    row.refresh_from_db()
    assert row.value == 76 and row.version == loaded_version + 1
    # Saving again from the refreshed page is a knowing overwrite against their version.
    third = dict(second, **{f"version-{row.indicator_id}": row.version})
    assert client.post(url, third).status_code == 302
    row.refresh_from_db()
    assert row.value == Decimal("77.5") and list(row.revisions.values_list("action", flat=True)) == ["create", "entry", "entry"]


def test_api_returns_409_with_both_values(client, users, store):
    row = store("gyzjz", "330784", "2024-03", 75.3, 8.4, status="draft")
    body = {"indicator": "gyzjz", "region": "330784", "period": "2024-03", "value": "76", "yoy_pct": "8.4",
            "version": row.version}
    client.force_login(users["industry"])
    assert client.put("/api/observations/", json.dumps(body), content_type="application/json").status_code == 200
    stale = client.put("/api/observations/", json.dumps(dict(body, value="80")), content_type="application/json")
    assert stale.status_code == 409
    payload = stale.json()
    assert float(payload["theirs"]["value"]) == 76 and float(payload["yours"]["value"]) == 80
    assert Observation.objects.get(pk=row.pk).value == 76
