"""``duban bulletin``: each format written and readable; bad input is an error naming it."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from .formats import docx_text, workbook


def run(*args):
    out = StringIO()
    call_command("bulletin", *args, stdout=out)
    return out.getvalue()


def test_writes_each_format(county, tmp_path):
    for fmt in ("docx", "xlsx", "html"):
        path = tmp_path / f"b.{fmt}"
        said = run("--region", "永康市", "--period", "2024年1-3月", "--as-of", "2024-04-20", "-o", str(path))
        assert said.startswith(f"已写入 {path}（永康市主要指标完成情况通报（2024年1-3月）")
    paragraphs, _ = docx_text((tmp_path / "b.docx").read_bytes())
    assert "1．出口总额下降2.0%，低于全省5.0个百分点，居金华第5位、全省第8位，较上月金华后移1位、全省后移2位。" in paragraphs
    assert "指标完成情况表" in workbook((tmp_path / "b.xlsx").read_bytes()).sheetnames
    assert "永康市" in (tmp_path / "b.html").read_text()


def test_a_period_with_no_figures_gets_a_bulletin_that_says_so(county, tmp_path):
    path = tmp_path / "empty.docx"
    run("--region", "330784", "--period", "2022-06", "--as-of", "2024-04-20", "--format", "docx", "-o", str(path))
    paragraphs, _ = docx_text(path.read_bytes())
    assert any("永康市尚无已公布的指标数据" in p for p in paragraphs)


@pytest.mark.parametrize("args, message", [
    (["--format", "txt", "-o", "x.txt"], "不支持的格式“txt”，可选：docx、xlsx、pdf、html"),
    (["-o", "/nonexistent/dir/b.docx"], "无法写入 /nonexistent/dir/b.docx：目录 /nonexistent/dir 不存在"),
])
def test_bad_format_or_path(county, args, message):
    with pytest.raises(CommandError, match=message):
        run("--region", "永康市", "--period", "2024-03", *args)


def test_unwritable_file_and_unknown_region(county, tmp_path):
    # sysfs refuses new files even to root (the test may run as root, where a mode bit would not)
    with pytest.raises(CommandError, match="无法写入 /sys/kernel/b.docx：Permission denied"):
        run("--region", "永康市", "--period", "2024-03", "-o", "/sys/kernel/b.docx")
    with pytest.raises(CommandError, match="火星"):
        run("--region", "火星", "--period", "2024-03", "-o", str(tmp_path / "b.docx"))
    assert not list(tmp_path.glob("*.docx"))


def test_a_missing_font_is_named(county, tmp_path, settings):
    settings.DOCUMENT_FONTS = {**settings.DOCUMENT_FONTS, "body": "方正仿宋_不存在"}
    with pytest.raises(CommandError, match="字体“方正仿宋_不存在”未安装（DUBAN_FONT_BODY）"):
        run("--region", "永康市", "--period", "2024-03", "-o", str(tmp_path / "b.docx"))
    assert not (tmp_path / "b.docx").exists()


def test_a_missing_pdf_printer_is_named(county, tmp_path, settings):
    settings.CHROMIUM = "/opt/nowhere/chromium"
    with pytest.raises(CommandError, match=r"找不到 Chromium（DUBAN_CHROMIUM=/opt/nowhere/chromium）"):
        run("--region", "永康市", "--period", "2024-03", "-o", str(tmp_path / "b.pdf"))
    assert not (tmp_path / "b.pdf").exists()


def test_a_past_period_is_dated_when_it_would_have_been_circulated(county, tmp_path):
    """The clock says 2026: a 2024年1-3月 bulletin without --as-of is dated 2024-04-30, not today."""
    path = tmp_path / "b.docx"
    run("--region", "永康市", "--period", "2024年1-3月", "-o", str(path))
    paragraphs, _ = docx_text(path.read_bytes())
    assert any("2024年4月30日" in p for p in paragraphs)
    assert not any("2026年" in p for p in paragraphs)
