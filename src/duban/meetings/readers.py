"""The text of an uploaded report: plain text, a Word document, or a PDF with a text layer.

PDFs are read with pdfminer.six: it ships the Adobe CJK character maps, so Chinese
PDFs whose fonts carry no ToUnicode table (common in office-made PDFs) still read,
and its layout analysis keeps a column's lines in reading order.
"""

from __future__ import annotations

import io
import logging
import zipfile
from pathlib import PurePath

from duban.meetings.models import Source

MAX_BYTES = 10 * 1024 * 1024


class UnreadableReport(ValueError):
    """An upload duban cannot take text from; the message names the file and says why."""


def read_report(name: str, data: bytes) -> tuple[str, str]:
    """(text, source kind) of an uploaded file."""
    suffix = PurePath(name).suffix.lower()
    if len(data) > MAX_BYTES:
        raise UnreadableReport(f"{name}：文件超过 10 MB，请只上传会议报道本身")
    if suffix == ".txt":
        return _text(name, data), Source.TEXT
    if suffix == ".docx":
        return _docx(name, data), Source.DOCX
    if suffix == ".pdf":
        return _pdf(name, data), Source.PDF
    if suffix == ".doc":
        raise UnreadableReport(f"{name}：旧版 Word（.doc）文件请在 Word 或 WPS 中另存为 .docx 后上传")
    raise UnreadableReport(f"{name}：只能上传 .txt、.docx 或 .pdf 文件")


def _text(name: str, data: bytes) -> str:
    # Files saved on Chinese Windows are often GB18030 (GBK), not UTF-8.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return _not_empty(name, data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise UnreadableReport(f"{name}：无法识别文本编码（应为 UTF-8 或 GBK）")


def _docx(name: str, data: bytes) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise UnreadableReport(f"{name}：不是有效的 Word（.docx）文件") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines += [cell.text for cell in row.cells]
    return _not_empty(name, "\n".join(lines))


def _pdf(name: str, data: bytes) -> str:
    from pdfminer.high_level import extract_text

    # pdfminer logs a warning per glyph of fonts it measures roughly: noise for a user.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        text = extract_text(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise UnreadableReport(f"{name}：PDF 已加密，请先解除密码") from None
    except (PDFSyntaxError, PSException, ValueError, TypeError):
        raise UnreadableReport(f"{name}：不是有效的 PDF 文件") from None
    if not text.strip():
        raise UnreadableReport(
            f"{name}：PDF 中没有文字层（可能是扫描件或图片），请先用 OCR 识别，或直接粘贴报道文字"
        )
    return text.replace("\f", "\n")


def _not_empty(name: str, text: str) -> str:
    if not text.strip():
        raise UnreadableReport(f"{name}：文件中没有文字")
    return text
