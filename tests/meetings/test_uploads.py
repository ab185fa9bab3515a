"""A report comes pasted, as .txt (UTF-8 or GBK), .docx or a PDF with a text layer; anything else is refused clearly."""

import io
from datetime import date

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from duban.meetings.models import Report, Source

from .conftest import MEETINGS, SEED_ONE

pytestmark = pytest.mark.django_db
UPLOADS = MEETINGS / "uploads"


def post(client, **data):
    return client.post("/meetings/", data)


def upload(name: str, content: bytes, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_pasted_column_text_with_the_date_given(office):
    response = post(office, text=SEED_ONE.read_text(encoding="utf-8"), given_date="2024-02-22")
    report = Report.objects.get()
    assert response.status_code == 302 and response.url == f"/meetings/{report.pk}/"
    assert (report.source, report.meeting_date, report.title) == (Source.PASTE, date(2024, 2, 21), "市委常委会扩大会议（2月21日）")
    assert all("\n" not in p for p in report.paragraphs)


def test_a_text_without_a_year_asks_for_the_date_and_keeps_nothing(office):
    response = post(office, text=SEED_ONE.read_text(encoding="utf-8"))
    assert response.status_code == 200
    assert "报道中只有“2月21日”，没有年份" in response.content.decode()
    assert not Report.objects.exists()


def test_a_gbk_text_file(office):
    text = (MEETINGS / "04_fangxun.txt").read_text(encoding="utf-8")
    post(office, file=upload("防汛会议.txt", text.encode("gb18030")))
    report = Report.objects.get()
    assert report.source == Source.TEXT and report.meeting_date == date(2024, 5, 9)
    assert report.candidates.count() >= 6


def test_a_word_document(office):
    document = docx.Document()
    for paragraph in (MEETINGS / "10_kaifang.txt").read_text(encoding="utf-8").split("\n\n"):
        document.add_paragraph(paragraph.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    post(office, file=upload("开放提升大会.docx", buffer.getvalue()))
    report = Report.objects.get()
    assert report.source == Source.DOCX and report.meeting_date == date(2024, 3, 15)
    assert report.file.name.endswith(".docx")  # the original is kept
    assert report.candidates.filter(text__contains="上半年组织企业参加境外展会").get().due == date(2024, 6, 30)


def test_a_pdf_set_in_two_columns(office):
    post(office, file=upload("常委会.pdf", (UPLOADS / "report-two-columns.pdf").read_bytes()))
    report = Report.objects.get()
    assert report.source == Source.PDF and report.meeting_date == date(2024, 4, 2)
    texts = list(report.candidates.values_list("text", flat=True))
    # Words broken over a column's lines come back whole, and the font's radicals (⽇) read as 日.
    assert any("力争6月底前扭转落后位次" in t for t in texts)
    assert "贯彻落实《永康市2024年营商环境优化提升行动实施方案》" in texts


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scanned.pdf", (UPLOADS / "scanned.pdf").read_bytes(), "没有文字层"),
        ("broken.pdf", b"%PDF-1.4 not really", "不是有效的 PDF"),
        ("broken.docx", b"PK not a zip", "不是有效的 Word"),
        ("old.doc", b"\xd0\xcf\x11\xe0", "另存为 .docx"),
        ("table.xlsx", b"PK", "只能上传 .txt、.docx 或 .pdf"),
        ("empty.txt", b"   \n", "没有文字"),
    ],
)
def test_unreadable_files_are_refused_by_name(office, name, content, message):
    response = post(office, file=upload(name, content))
    page = response.content.decode()
    assert response.status_code == 200 and name in page and message in page
    assert not Report.objects.exists()


def test_text_and_file_together_are_refused(office):
    response = post(office, text="要加快项目建设。", file=upload("a.txt", "要加快。".encode()))
    assert "二者选一" in response.content.decode()
