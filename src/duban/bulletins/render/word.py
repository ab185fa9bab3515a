"""Word (.docx) after GB/T 9704 (党政机关公文格式): A4, 37/35/28/26 mm margins, a 二号
小标宋 title, 三号 仿宋 body at 22 lines a page, 黑体 and 楷体 headings, page numbers
``— 1 —`` in 四号 below the text, odd pages right and even pages left. Wide tables go to a
landscape appendix section in 五号.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Mm, Pt, RGBColor

from duban.bulletins import blocks as b
from duban.bulletins.render import charts
from duban.bulletins.render.fonts import Fonts

LINE = Pt(28.9)  # 22 lines in the 225 mm text height
INDENT = Pt(32)  # two characters of 三号
SHADE = {"red": "F6D5D5", "yellow": "FBEFC5", "green": "DCEFD8", "pending": "E4E4E4"}
CHART_WIDTH = Mm(156)
PAGE_TEXT = {False: Mm(156), True: Mm(239)}  # text width of the portrait and landscape pages


def _fonts(style, face: str, size: float, *, bold: bool = False) -> None:
    style.font.name = face
    style.font.size = Pt(size)
    style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), face)


def _style(doc, name: str, face: str, size: float, *, bold=False, align=None, indent=None, exact=True, before=0,
           after=0):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    _fonts(style, face, size, bold=bold)
    fmt = style.paragraph_format
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE
    else:
        fmt.line_spacing = 1.0
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if align is not None:
        fmt.alignment = align
    if indent is not None:
        fmt.first_line_indent = indent
    return style


def setup(doc, fonts: Fonts) -> None:
    _fonts(doc.styles["Normal"], fonts.body, 16)
    normal = doc.styles["Normal"].element.get_or_add_pPr()
    for name in ("w:autoSpaceDE", "w:autoSpaceDN"):  # no extra gap between Chinese and digits, as WPS prints
        flag = OxmlElement(name)
        flag.set(qn("w:val"), "0")
        normal.append(flag)
    # 小标宋 is a heavy face of its own; its Noto stand-in needs the bold weight to look like it.
    title = _style(doc, "DubanTitle", fonts.title, 22, align=WD_ALIGN_PARAGRAPH.CENTER, exact=False, after=6)
    title.font.bold = fonts.title.startswith("Noto")
    _style(doc, "DubanSubtitle", fonts.subheading, 16, align=WD_ALIGN_PARAGRAPH.CENTER, after=LINE.pt)
    _style(doc, "DubanHeading", fonts.heading, 16, indent=INDENT)
    _style(doc, "DubanSubheading", fonts.subheading, 16, indent=INDENT)
    _style(doc, "DubanBody", fonts.body, 16, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=INDENT)
    _style(doc, "DubanNote", fonts.body, 12, exact=False, align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=3, after=6)
    _style(doc, "DubanSignature", fonts.body, 16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _style(doc, "DubanCaption", fonts.heading, 12, exact=False, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=3)
    for suffix, size in (("", 10.5), ("Small", 9)):
        _style(doc, f"DubanCell{suffix}", fonts.body, size, exact=False)
        _style(doc, f"DubanHead{suffix}", fonts.heading, size, exact=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, "DubanPageNumber", fonts.body, 14, exact=False)
    for name in ("DubanHeading", "DubanSubheading", "DubanCaption", "DubanTitle", "DubanSubtitle"):
        doc.styles[name].paragraph_format.keep_with_next = True
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    _margins(section)
    _page_numbers(doc, section)


def _margins(section) -> None:
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)  # the number's dash line sits 7 mm below the text


def _field(paragraph, instruction: str) -> None:
    """A field such as PAGE: Word and LibreOffice fill in the number as they lay out pages."""

    def mark(tag: str, **attributes) -> OxmlElement:
        element = OxmlElement(tag)
        for name, value in attributes.items():
            element.set(qn(name), value)
        paragraph.add_run()._r.append(element)
        return element

    mark("w:fldChar", **{"w:fldCharType": "begin"})
    mark("w:instrText", **{"xml:space": "preserve"}).text = f" {instruction} "
    mark("w:fldChar", **{"w:fldCharType": "separate"})
    paragraph.add_run("1")
    mark("w:fldChar", **{"w:fldCharType": "end"})


def _page_number(footer, align) -> None:
    paragraph = footer.paragraphs[0]
    styled(paragraph, "DubanPageNumber")
    paragraph.alignment = align
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = Pt(14)
    else:
        paragraph.paragraph_format.left_indent = Pt(14)
    paragraph.add_run("— ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" —")


def _page_numbers(doc, section) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def _landscape(doc):
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(28), Mm(26)
    section.left_margin, section.right_margin = Mm(30), Mm(28)
    return section


def _portrait(doc):
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    _margins(section)
    return section


def para(doc, text: str, style: str):
    """A paragraph in one of our styles, set by id: python-docx looks a style up by name
    through every style of the template, 10 ms a paragraph."""
    paragraph = doc.add_paragraph(text)
    paragraph._p.style = style
    return paragraph


def styled(paragraph, style: str):
    paragraph._p.style = style
    return paragraph


def shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _cell_xml(text: str, width: int, style: str, *, align: str = "", fill: str = "", span: int = 1) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if fill:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    justify = f'<w:jc w:val="{align}"/>' if align else ""
    run = f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""
    return f'<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:pPr><w:pStyle w:val="{style}"/>{justify}</w:pPr>{run}</w:p></w:tc>'


def _table(doc, block: dict, small: bool, text_width: int) -> None:
    """The table as one piece of WordprocessingML, parsed once: python-docx's cell-by-cell API
    costs more than the rest of the document (see docs/benchmarks.md)."""
    head, body = ("DubanHeadSmall", "DubanCellSmall") if small else ("DubanHead", "DubanCell")
    columns = block["columns"]
    if block["title"]:
        para(doc, block["title"], "DubanCaption")
    if not block["rows"]:
        para(doc, block["empty"], "DubanBody")
        return
    total = sum(col["width"] for col in columns)
    widths = [int(Emu(int(text_width * col["width"] / total)).twips) for col in columns]
    aligns = ["" if col["kind"] == "text" else ("center" if col["kind"] == "level" else "right") for col in columns]
    rows = ['<w:tr><w:trPr><w:tblHeader/></w:trPr>'
            + "".join(_cell_xml(col["title"], w, head, fill="EDEDED") for col, w in zip(columns, widths)) + "</w:tr>"]
    for data in block["rows"]:
        if "band" in data:
            rows.append(f"<w:tr>{_cell_xml(data['band'], sum(widths), head, align='left', span=len(columns))}</w:tr>")
            continue
        cells = [
            _cell_xml(b.cell_text(col, value), w, body, align=align,
                      fill=SHADE.get(value, "") if col["kind"] == "level" else "")
            for col, value, w, align in zip(columns, data["cells"], widths, aligns)
        ]
        rows.append(f"<w:tr>{''.join(cells)}</w:tr>")
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    xml = (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
           f'<w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
           f"{''.join(rows)}</w:tbl>")
    doc.element.body._insert_tbl(parse_xml(xml))


def _chart(doc, block: dict, fonts: Fonts) -> None:
    para(doc, block["title"], "DubanCaption")
    for image in charts.draw(block, fonts.heading):
        doc.add_picture(io.BytesIO(image), width=CHART_WIDTH)
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _sentences(doc, block: dict) -> None:
    for n, item in enumerate(block["items"], 1):
        para(doc, f"{n}．{item['text']}", "DubanBody")


def _blocks(doc, blocks: list[dict], fonts: Fonts, small: bool) -> None:
    for block in blocks:
        kind = block["type"]
        if kind == "heading":
            para(doc, block["text"], "DubanSubheading")
        elif kind == "paragraph":
            style = {"note": "DubanNote", "signature": "DubanSignature"}.get(block["style"], "DubanBody")
            para(doc, block["text"], style)
        elif kind == "sentences":
            _sentences(doc, block)
        elif kind == "table":
            _table(doc, block, small, PAGE_TEXT[small])
        elif kind == "chart":
            _chart(doc, block, fonts)
        elif kind == "page_break":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _title(doc, title: str) -> None:
    """A long title breaks before its bracketed period, never inside it."""
    paragraph = para(doc, "", "DubanTitle")
    head, bracket, rest = title.partition("（")
    if bracket and len(title) > 18:
        paragraph.add_run(head).add_break()
        paragraph.add_run(bracket + rest)
    else:
        paragraph.add_run(title)


def render(content: dict, fonts: Fonts) -> bytes:
    doc = new_docx()
    setup(doc, fonts)
    core = doc.core_properties
    core.title, core.author, core.comments = content["title"], "督办 duban", content.get("period_label", "")
    _title(doc, content["title"])
    para(doc, content["subtitle"], "DubanSubtitle")
    landscape = False
    for section in content["sections"]:
        if section["landscape"] != landscape:
            (_landscape if section["landscape"] else _portrait)(doc)
            landscape = section["landscape"]
        para(doc, section["title"], "DubanHeading")
        _blocks(doc, section["blocks"], fonts, landscape)
    for note in content.get("notes", []):
        note_paragraph = para(doc, note, "DubanNote")
        note_paragraph.runs[0].font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
