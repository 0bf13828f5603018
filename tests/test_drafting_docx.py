"""Page numbers of the official-format .docx as GB/T 9704-2012 places them: odd pages on the right,
even pages on the left, one character (四号, 14 pt) in from the text edge, in 宋体 四号 with w:eastAsia."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from assistant.drafting.docx_export import write_docx


def test_odd_page_numbers_right_even_page_numbers_left(tmp_path: Path):
    document = Document(str(write_docx("示范县2025年知识产权工作情况", "一、知识产权工作\n正文。", tmp_path / "d.docx")))
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert (odd.alignment, odd.paragraph_format.right_indent) == (WD_ALIGN_PARAGRAPH.RIGHT, Pt(14))
    assert (even.alignment, even.paragraph_format.left_indent) == (WD_ALIGN_PARAGRAPH.LEFT, Pt(14))
    for paragraph in (odd, even):
        assert "PAGE" in paragraph._element.xml and paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert {(r._element.rPr.rFonts.get(qn("w:eastAsia")), r.font.size) for r in paragraph.runs} == {("宋体", Pt(14))}


def test_core_properties_name_the_bureau_and_today(tmp_path: Path):
    """File › Properties: the bureau as author and today as created (python-docx's template says
    "python-docx", 2013)."""
    from datetime import UTC, datetime

    path = write_docx("示范县2025年知识产权工作情况", "正文。", tmp_path / "d.docx", author="示范县科学技术局")
    properties = Document(str(path)).core_properties
    assert properties.author == properties.last_modified_by == "示范县科学技术局"
    assert properties.title == "示范县2025年知识产权工作情况" and "python-docx" not in (properties.comments or "")
    assert properties.created.date() == datetime.now(UTC).date()
