"""HTML and PDF from one template (``bulletins/document.html``); the PDF is headless Chromium's
print of the same HTML, so both say the same thing in the same layout.
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

from duban.bulletins import blocks as b
from duban.bulletins.render import charts
from duban.bulletins.render.fonts import Fonts, PdfEngineMissing

PDF_TIMEOUT_SECONDS = 180

NUMERIC = {"number", "signed", "int", "rank", "change"}
# A figure and its unit stay on one line (第8 | 位 is a break Chinese readers do not accept).
FIGURE = re.compile(r"[第\-−]?\d[\d.,]*(?:%|个百分点|位|项|天|家|件|个|月|日|年|号)?")


def _unbroken(text: str) -> str:
    return mark_safe(FIGURE.sub(lambda m: f'<span class="nb">{m.group(0)}</span>', escape(text)))


def _body(block: dict) -> str:
    """The rows of a table as HTML, built in one pass (the template engine is slow per cell)."""
    columns = block["columns"]
    width = len(columns)
    out = []
    for row in block["rows"]:
        if "band" in row:
            out.append(f'<tr><td class="band" colspan="{width}">{escape(row["band"])}</td></tr>')
            continue
        cells = []
        for col, value in zip(columns, row["cells"]):
            css = "num" if col["kind"] in NUMERIC else ""
            if col["kind"] == "level":
                css = f"level level-{escape(value or 'none')}"
            cells.append(f'<td class="{css}">{escape(b.cell_text(col, value))}</td>')
        out.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe("\n".join(out))


def _prepared(content: dict, fonts: Fonts) -> dict:
    sections = []
    for section in content["sections"]:
        prepared = []
        for block in section["blocks"]:
            block = dict(block)
            if block["type"] == "paragraph":
                block["html"] = _unbroken(block["text"])
            elif block["type"] == "sentences":
                block["items"] = [dict(item, html=_unbroken(item["text"])) for item in block["items"]]
            elif block["type"] == "table":
                total = sum(col["width"] for col in block["columns"])
                block["columns"] = [dict(col, share=round(100 * col["width"] / total, 2)) for col in block["columns"]]
                block["body_html"] = _body(block)
            elif block["type"] == "chart":
                block["images"] = [base64.b64encode(png).decode() for png in charts.draw(block, fonts.heading)]
            prepared.append(block)
        sections.append(dict(section, blocks=prepared))
    head, bracket, rest = content["title"].partition("（")
    return dict(content, sections=sections, title_head=head if bracket else content["title"],
                title_period=bracket + rest if bracket else "")


def _font_context(fonts: Fonts) -> dict:
    return {
        **{f"{role}_stack": fonts.css_stack(role) for role in ("title", "heading", "subheading", "body")},
        "title_weight": "bold" if fonts.title.startswith("Noto") else "normal",
    }


def render_html(content: dict, fonts: Fonts) -> bytes:
    html = render_to_string("bulletins/document.html", {"doc": _prepared(content, fonts), "fonts": _font_context(fonts)})
    return html.encode()


def render_pdf(content: dict, fonts: Fonts) -> bytes:
    """Chromium (headless) prints the HTML: the same template, CSS paged media (A4, the ``— 1 —``
    margin boxes, landscape named pages), real text in the PDF."""
    html = render_html(content, fonts)
    browser = settings.CHROMIUM if "/" in settings.CHROMIUM else shutil.which(settings.CHROMIUM)
    if not browser or not Path(browser).exists():
        raise PdfEngineMissing(f"找不到 Chromium（DUBAN_CHROMIUM={settings.CHROMIUM}）：生成 PDF 需要它，"
                               "请安装 Debian 的 chromium 软件包或指定其路径")
    with tempfile.TemporaryDirectory(prefix="duban-pdf-") as folder:
        source, target = Path(folder) / "document.html", Path(folder) / "document.pdf"
        source.write_bytes(html)
        # Our own escaped HTML with inline images only: nothing is fetched, so no sandbox is needed
        # (and none is available to root).
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer",
                   "--disable-background-networking", "--disable-component-update", "--disable-extensions",
                   f"--user-data-dir={folder}/profile", f"--print-to-pdf={target}", source.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, timeout=PDF_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            raise PdfEngineMissing(f"Chromium 在 {PDF_TIMEOUT_SECONDS} 秒内未生成 PDF") from None
        if not target.exists():
            raise PdfEngineMissing(f"Chromium 未生成 PDF：{done.stderr.decode(errors='replace')[-300:]}")
        return target.read_bytes()
