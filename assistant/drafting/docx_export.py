"""A draft as a Word file in official-document format (GB/T 9704-2012): A4 with the standard margins,
方正小标宋简体 二号 title, 仿宋_GB2312 三号 body, 黑体 一、 and 楷体_GB2312 （一） headings, fixed
28.95 pt lines, page numbers “— 1 —” in the footer (odd pages right, even pages left). East-Asian
font names are set (w:eastAsia) so that Word and WPS really use them."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from language.text import CN_NUMERAL

TITLE_FONT = "方正小标宋简体"
TITLE_FALLBACK = "宋体"  # for Latin characters and where 方正小标宋简体 is not installed
BODY_FONT = "仿宋_GB2312"
HEADING_1_FONT = "黑体"
HEADING_2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
LINE = Pt(28.95)
PAGE_NUMBER_FROM_EDGE = Mm(22)  # puts the page number about 7 mm under the text area, as GB/T 9704 asks
HEADING_1 = re.compile(rf"^{CN_NUMERAL}、")
HEADING_2 = re.compile(rf"^[（(]{CN_NUMERAL}[）)]")


def set_font(run: Run, east_asian: str, size: Pt, latin: str | None = None) -> None:
    """Font for Chinese (w:eastAsia) and Latin characters, and size."""
    run.font.name = latin or east_asian
    run.font.size = size
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), latin or east_asian)


def _fixed_lines(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = LINE
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(0)


def _page_number_field(paragraph: Paragraph) -> None:
    """— PAGE —, the field Word and WPS fill in with the page number."""
    set_font(paragraph.add_run("— "), PAGE_NUMBER_FONT, SIZE_4)
    run = paragraph.add_run()
    set_font(run, PAGE_NUMBER_FONT, SIZE_4)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)
    set_font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, SIZE_4)


def _page_setup(document: Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = PAGE_NUMBER_FROM_EDGE
    # GB/T 9704 7.5: odd page numbers on the right, even ones on the left, one character in from the edge
    document.settings.odd_and_even_pages_header_footer = True
    for footer, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = side
        if side == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = SIZE_4  # 空一字: one 四号 character
        else:
            paragraph.paragraph_format.left_indent = SIZE_4
        _page_number_field(paragraph)


def _default_font(document: Document) -> None:
    """Body font for the Normal style too, so that text typed in Word or WPS later matches."""
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, SIZE_3
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), BODY_FONT)


def _properties(document: Document, title: str, author: str) -> None:
    """File › Properties: the bureau as author, created now (python-docx's template says "python-docx", 2013)."""
    properties = document.core_properties
    now = datetime.now(UTC).replace(tzinfo=None)  # python-docx writes it as UTC (…Z)
    properties.author = properties.last_modified_by = author
    properties.title, properties.comments, properties.keywords, properties.subject = title, "", "", ""
    properties.created = properties.modified = now
    properties.revision = 1
    properties.language = "zh-CN"


def write_docx(title: str, text: str, path: Path, author: str = "") -> Path:
    """The title, then one paragraph per line of text; returns the path written. `author` is the bureau."""
    document = Document()
    _properties(document, title, author)
    _default_font(document)
    _page_setup(document)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fixed_lines(heading)
    heading.paragraph_format.space_after = LINE  # one empty line under the title
    set_font(heading.add_run(title), TITLE_FONT, SIZE_2, latin=TITLE_FALLBACK)
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        paragraph = document.add_paragraph()
        _fixed_lines(paragraph)
        paragraph.paragraph_format.first_line_indent = Pt(32)  # two characters of 三号
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        font = HEADING_1_FONT if HEADING_1.match(line) else HEADING_2_FONT if HEADING_2.match(line) else BODY_FONT
        set_font(paragraph.add_run(line), font, SIZE_3)
    path = Path(path)
    document.save(str(path))
    return path
