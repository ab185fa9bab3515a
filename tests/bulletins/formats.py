"""Opening generated documents again: the text of a .docx, .xlsx and .pdf."""

import io
import subprocess
import tempfile
from pathlib import Path

from docx import Document as open_docx
from openpyxl import load_workbook


def docx_text(data: bytes) -> tuple[list[str], list[list[str]]]:
    """Paragraph texts and, for every table, its rows as lists of cell texts (joined by |)."""
    doc = open_docx(io.BytesIO(data))
    tables = [["|".join(cell.text for cell in row.cells) for row in table.rows] for table in doc.tables]
    return [p.text for p in doc.paragraphs], tables


def pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(data)
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))
