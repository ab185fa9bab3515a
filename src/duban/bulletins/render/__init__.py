"""Rendering a document's content in each format: ``render(content, "docx")`` → bytes."""

from __future__ import annotations

from duban.bulletins.render.fonts import FontMissing, PdfEngineMissing, document_fonts

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "pdf": ("application/pdf", "PDF"),
    "html": ("text/html; charset=utf-8", "HTML"),
}

__all__ = ["FORMATS", "FontMissing", "PdfEngineMissing", "UnknownFormat", "render"]


class UnknownFormat(ValueError):
    def __init__(self, name: str):
        super().__init__(f"不支持的格式“{name}”，可选：{'、'.join(FORMATS)}")


def render(content: dict, fmt: str) -> bytes:
    """The document in ``fmt``; raises UnknownFormat, FontMissing or PdfEngineMissing (each naming what is wrong)."""
    if fmt not in FORMATS:
        raise UnknownFormat(fmt)
    fonts = document_fonts()
    if fmt == "docx":
        from duban.bulletins.render import word

        return word.render(content, fonts)
    if fmt == "xlsx":
        from duban.bulletins.render import excel

        return excel.render(content, fonts)
    from duban.bulletins.render import web

    return web.render_pdf(content, fonts) if fmt == "pdf" else web.render_html(content, fonts)
