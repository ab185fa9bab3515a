"""Export any selection to xlsx in the long layout; importing it back changes nothing."""

import json

from django.core.management import call_command
from django.urls import reverse

from duban.observations.models import Observation, ObservationRevision


def test_export_then_import_is_unchanged(users, store, tmp_path, capsys):
    store("gyzjz", "330784", "2024-02", 48.12, 8.1)
    store("gyzjz", "330784", "2024-03", 75.3, 8.4)
    store("gdzctz", "330782", "2024-03", None, -3.4)
    store("gxjsqys", "330784", "2024-03", 652, basis="period")
    store("shxfpls", "330784", "2024-03", "9999999999999999.9999", 5.3)  # the most digits a figure may have (20)
    target = tmp_path / "out.xlsx"
    call_command("export", "--indicators", "gyzjz,固定资产投资,gxjsqys,shxfpls", "--regions", "330784,义乌市",
                 "--periods", "2024", "-o", str(target))
    capsys.readouterr()
    revisions = ObservationRevision.objects.count()
    call_command("import", str(target), "--kind", "observations", "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["rows"] == 5 and report["unchanged"] == 5
    assert ObservationRevision.objects.count() == revisions


def test_export_selection_by_period(users, store, tmp_path):
    store("gyzjz", "330784", "2024-02", 48.12, 8.1)
    store("gyzjz", "330784", "2024-03", 75.3, 8.4)
    from openpyxl import load_workbook

    target = tmp_path / "march.xlsx"
    call_command("export", "--periods", "2024年1-3月", "-o", str(target))
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0] == ("指标代码", "区划代码", "期间", "口径", "数值", "增速（%）", "位次",
                       "指标名称", "区域名称", "单位", "状态", "来源")  # Chinese headers (issue 13), read back by the importer
    assert [r[2:4] for r in rows[1:]] == [("2024-03", "累计")] and rows[1][10] == "已发布"


def test_download_button(client, users, store):
    store("gyzjz", "330784", "2024-03", 75.3, 8.4)
    client.force_login(users["office"])
    response = client.get(reverse("observations:export") + "?periods=2024-03")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert Observation.objects.count() == 1
