"""A department reporter sees and edits only its own indicators, on the page and through the API."""

import json

from django.urls import reverse

from duban.observations.models import Observation, ObservationRevision, Status


def _entry_url(department, period="2024-03"):
    return reverse("observations:entry", args=[department.pk, period])


def test_reporter_sees_own_grid_and_not_others(client, users, catalogue):
    client.force_login(users["industry"])
    page = client.get(_entry_url(catalogue["industry"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "规上工业增加值" in html and "社会消费品零售总额" not in html
    assert 'inputmode="decimal"' in html
    assert client.get(_entry_url(catalogue["commerce"])).status_code == 403
    assert client.post(_entry_url(catalogue["commerce"]), {"action": "save"}).status_code == 403


def test_entry_index_sends_reporter_to_own_department(client, users, catalogue):
    client.force_login(users["commerce"])
    response = client.get(reverse("observations:entry_index"))
    assert response.status_code == 302 and f"/entry/{catalogue['commerce'].pk}/" in response["Location"]
    client.force_login(users["viewer"])
    assert client.get(reverse("observations:entry_index")).status_code == 403


def test_save_draft_then_submit(client, users, catalogue):
    client.force_login(users["industry"])
    gyzjz = catalogue["industry"].indicators.get(code="gyzjz")
    form = {f"value-{gyzjz.pk}": "７５.３", f"yoy-{gyzjz.pk}": "8.4%", f"version-{gyzjz.pk}": "", "action": "save"}
    assert client.post(_entry_url(catalogue["industry"]), form).status_code == 302
    row = Observation.objects.get(indicator=gyzjz)
    assert (str(row.value), str(row.yoy_pct), row.status, row.basis) == ("75.3000", "8.4000", Status.DRAFT, "ytd")
    assert ObservationRevision.objects.get(observation=row).action == "entry"
    form.update({f"version-{gyzjz.pk}": str(row.version), "action": "submit"})
    client.post(_entry_url(catalogue["industry"]), form)
    row.refresh_from_db()
    assert row.status == Status.SUBMITTED


def test_text_in_a_cell_is_refused_with_chinese_reason(client, users, catalogue):
    client.force_login(users["industry"])
    gyzjz = catalogue["industry"].indicators.get(code="gyzjz")
    page = client.post(_entry_url(catalogue["industry"]), {f"value-{gyzjz.pk}": "七十五", "action": "save"})
    assert page.status_code == 200 and "七十五" in page.content.decode()
    assert not Observation.objects.exists()


def test_check_cell_endpoint(client, users, catalogue):
    client.force_login(users["industry"])
    gyzjz = catalogue["industry"].indicators.get(code="gyzjz")
    url = reverse("observations:check_cell")
    ok = client.post(url, {"indicator": gyzjz.pk, "field": "value", f"value-{gyzjz.pk}": "1.2万元"}).content.decode()
    assert "0.00012" in ok and "亿元" in ok
    bad = client.post(url, {"indicator": gyzjz.pk, "field": "value", f"value-{gyzjz.pk}": "abc"}).content.decode()
    assert "cell-error" in bad


def test_api_enforces_department(client, users, catalogue, store):
    store("shxfpls", "330784", "2024-03", 52.18, 5.3, status=Status.DRAFT)
    client.force_login(users["industry"])
    listed = client.get("/api/observations/").json()
    assert listed == []  # 社零 belongs to 商务局, and its draft is not published (published figures are public)
    response = client.put("/api/observations/", json.dumps(
        {"indicator": "shxfpls", "region": "330784", "period": "2024-03", "value": "1"}), content_type="application/json")
    assert response.status_code == 403
    response = client.put("/api/observations/", json.dumps(
        {"indicator": "gyzjz", "region": "330784", "period": "2024年1-3月", "value": "75.3", "yoy_pct": "8.4"}),
        content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "draft" and response.json()["basis"] == "ytd"


def test_viewer_reads_only_published_through_api(client, users, store):
    store("gyzjz", "330784", "2024-02", 48.1, 8.1, status=Status.DRAFT)
    store("gyzjz", "330784", "2024-03", 75.3, 8.4)
    client.force_login(users["viewer"])
    assert [o["period"] for o in client.get("/api/observations/").json()] == ["2024-03"]


def test_check_cell_escapes_what_was_typed(client, users, catalogue):
    client.force_login(users["industry"])
    gyzjz = catalogue["industry"].indicators.get(code="gyzjz")
    html = client.post(reverse("observations:check_cell"),
                       {"indicator": gyzjz.pk, "field": "value", f"value-{gyzjz.pk}": "<script>x</script>"}).content.decode()
    assert "<script>" not in html and "&lt;script&gt;" in html
