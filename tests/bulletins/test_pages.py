"""The bulletins page: list with filters, preview, a download in each format, who was notified;
only the supervision office, the data office and administrators make bulletins on request."""

from datetime import date

import pytest
from django.core.management import call_command

from duban.bulletins.models import Document

from .conftest import PASSWORD
from .formats import docx_text, workbook


@pytest.fixture
def ticked(county, people):
    call_command("tick", as_of="2024-04-22")  # a Monday after the 20th: daily, weekly and monthly
    return Document.objects.all()


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_list_filters_and_downloads(client, ticked, people):
    login(client, people["jingxin"])
    page = client.get("/bulletins/").content.decode()
    assert "永康市月度调度会材料（2024年1-3月）" in page and "永康市重点指标日跟踪（2024年4月22日）" in page
    only_monthly = client.get("/bulletins/", {"kind": "monthly"}).content.decode()
    assert "月度调度会材料" in only_monthly and "日跟踪（" not in only_monthly
    assert "月度调度会材料" in client.get("/bulletins/", {"period": "2024年1-3月"}).content.decode()
    assert "没有符合条件的通报" in client.get("/bulletins/", {"period": "2023-01"}).content.decode()

    monthly = ticked.get(kind="monthly")
    docx = client.get(f"/bulletins/{monthly.pk}/file/docx/")
    assert docx["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    paragraphs, _ = docx_text(docx.content)
    assert paragraphs[0] == "永康市月度调度会材料\n（2024年1-3月）"
    assert "附件 落后部门调度页" in paragraphs  # the dispatch pack's department pages
    assert "部门调度页" in workbook(client.get(f"/bulletins/{monthly.pk}/file/xlsx/").content).sheetnames
    assert client.get(f"/bulletins/{monthly.pk}/file/pdf/").content.startswith(b"%PDF")
    preview = client.get(f"/bulletins/{monthly.pk}/file/html/", {"inline": 1})
    assert preview["Content-Disposition"].startswith("inline") and "调度会材料" in preview.content.decode()
    assert client.get(f"/bulletins/{monthly.pk}/file/rtf/").status_code == 404


def test_detail_shows_who_was_notified(client, ticked, people):
    login(client, people["ducha"])
    monthly = ticked.get(kind="monthly")
    page = client.get(f"/bulletins/{monthly.pk}/").content.decode()
    for name in ("ducha", "jingxin", "shangwu", "wangming"):
        assert f"<td>{name}</td>" in page
    assert "已通知（4 人）" in page and "邮件" in page and "已发送" in page
    assert f'src="/bulletins/{monthly.pk}/file/html/?inline=1"' in page


def test_making_a_bulletin_on_request(client, county, people):
    login(client, people["jingxin"])
    assert client.post("/bulletins/generate/", {"kind": "bulletin", "period": "2024-03",
                                                 "as_of": "2024-04-20"}).status_code == 403
    login(client, people["ducha"])
    response = client.post("/bulletins/generate/", {"kind": "bulletin", "period": "2024年1-3月", "as_of": "2024-04-20"})
    document = Document.objects.get()
    assert response.url == f"/bulletins/{document.pk}/"
    assert (document.kind, document.period, document.as_of, document.created_by) == (
        "bulletin", "2024-03", date(2024, 4, 20), people["ducha"])
    client.post("/bulletins/generate/", {"kind": "bulletin", "period": "2024-03", "as_of": "2024-04-20"})
    assert Document.objects.count() == 1  # the same day's copy is replaced, not duplicated


def test_anonymous_is_sent_to_login(client, ticked):
    assert client.get("/bulletins/").status_code == 302
