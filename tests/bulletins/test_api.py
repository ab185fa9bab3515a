"""/api/bulletins returns what the page shows: the list (same filters), content, files."""

from django.core.management import call_command

from duban.accounts.models import ApiToken
from duban.bulletins.models import Document


def test_api_list_content_and_file(client, county, people):
    call_command("tick", as_of="2024-04-22")
    _, key = ApiToken.issue(people["shuju"], "script")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    rows = client.get("/api/bulletins", {"kind": "monthly"}, **auth).json()
    assert [(r["kind"], r["period"]) for r in rows] == [("monthly", "2024-03")]
    assert set(rows[0]["notified"]) == {"ducha", "shuju", "jingxin", "shangwu", "wangming"} - {"shuju"}
    assert client.get("/api/bulletins", {"period": "三月"}, **auth).status_code == 400
    one = client.get(f"/api/bulletins/{rows[0]['id']}", **auth).json()
    assert one["content"]["title"] == "永康市月度调度会材料（2024年1-3月）"
    pdf = client.get(f"/api/bulletins/{rows[0]['id']}/file", {"format": "pdf"}, **auth)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(f"/api/bulletins/{rows[0]['id']}/file", {"format": "odt"}, **auth).status_code == 400
    assert Document.objects.count() == 3
