"""Word 2007+ (.docx): paragraphs and tables in document order, heading styles kept."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.styles.style import BaseStyle
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

from ingest.loaders.office import check_ooxml, corrupt_error
from ingest.loaders.rows import cell_text, render_row
from ingest.model import Block, LoadedFile
from language.lexicon import alternation, derived


@derived
def _style_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(heading N, title) paragraph style names, English or as a Chinese Word names them (documents.toml)."""
    heading, title = alternation("documents", "heading_styles"), alternation("documents", "title_styles")
    return re.compile(rf"^(?:{heading})\s*(\d)$", re.IGNORECASE), re.compile(rf"^(?:{title})$", re.IGNORECASE)


def load_docx(path: Path) -> LoadedFile:
    check_ooxml(path, "Word", ".docx")
    try:
        document = docx.Document(str(path))
    except (KeyError, ValueError, zipfile.BadZipFile) as error:
        raise corrupt_error(path, "Word", ".docx") from error
    blocks: list[Block] = []
    paragraphs = tables = 0
    levels: dict[str | None, int | None] = {}  # per style id: python-docx looks a style up by scanning them all
    for item in _body_items(document):
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if not text:
                continue
            paragraphs += 1
            style_id = item._p.style
            if style_id not in levels:
                levels[style_id] = heading_level(item.style)
            level = levels[style_id]
            kind = "para" if level is None else "heading"
            blocks.append(Block(text, kind, f"第{paragraphs}段", level))
        else:
            tables += 1
            blocks.extend(_table_blocks(item, tables))
    return LoadedFile(str(path), "docx", blocks)


def heading_level(style: BaseStyle | None) -> int | None:
    """0 for a Title style, N for Heading N / 标题 N (also through styles based on them), else None."""
    while style is not None:
        name = (style.name or "").strip()
        heading, title = _style_patterns()
        if title.match(name):
            return 0
        match = heading.match(name)
        if match:
            return int(match.group(1))
        style = style.base_style
    return None


def _body_items(document: DocxDocument) -> Iterator[Paragraph | Table]:
    """Top-level paragraphs and tables in reading order, including those inside content controls."""
    body = document.element.body

    def walk(element: BaseOxmlElement) -> Iterator[Paragraph | Table]:
        for child in element.iterchildren():
            if child.tag == qn("w:p"):
                yield Paragraph(child, document._body)
            elif child.tag == qn("w:tbl"):
                yield Table(child, document._body)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from walk(content)

    yield from walk(body)


def _table_blocks(table: Table, number: int) -> list[Block]:
    """One block per data row, each value next to its header from the first row."""
    rows = [_row_values(row) for row in table.rows]
    rows = [(index, values) for index, values in enumerate(rows, start=1) if any(values)]
    if not rows:
        return []
    if len(rows) == 1:
        index, values = rows[0]
        return [Block(render_row([], values), "table_row", f"表{number}第{index}行")]
    _, headers = rows[0]
    return [
        Block(render_row(headers, values), "table_row", f"表{number}第{index}行")
        for index, values in rows[1:]
    ]


def _row_values(row: _Row) -> list[str]:
    """Cell texts of a row; a horizontally merged cell counts once."""
    values, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        values.append(cell_text(cell.text))
    return values
