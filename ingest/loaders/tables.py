"""Spreadsheets (.xlsx) and .csv: one block per row, each value next to its column header."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell, MergedCell

from ingest.limits import check_text_length
from ingest.loaders.office import check_ooxml, corrupt_error
from ingest.loaders.rows import cell_text, render_row
from ingest.loaders.text import read_text
from ingest.model import Block, LoadedFile


def load_xlsx(path: Path, max_chars: int | None = None) -> LoadedFile:
    """Rows are streamed (read-only workbook); reading stops once the text passes max_chars."""
    check_ooxml(path, "Excel", ".xlsx")
    try:
        workbook = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except (KeyError, ValueError, OSError, zipfile.BadZipFile) as error:
        raise corrupt_error(path, "Excel", ".xlsx") from error
    try:
        blocks, chars = [], 0
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # rows as stored, not as far as a (possibly forged) <dimension> claims
            rows = ([_xlsx_cell(cell) for cell in row] for row in sheet.iter_rows())
            for block in _row_blocks(rows, f"工作表 {sheet.title} "):
                blocks.append(block)
                chars += len(block.text)
                if max_chars is not None:
                    check_text_length(path, chars, max_chars)
    finally:
        workbook.close()
    return LoadedFile(str(path), "xlsx", blocks)


def load_csv(path: Path) -> LoadedFile:
    text, encoding = read_text(path)
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|，")
    except csv.Error:
        dialect = csv.excel
    rows = ([cell_text(value) for value in row] for row in csv.reader(io.StringIO(text), dialect))
    return LoadedFile(str(path), "csv", list(_row_blocks(rows, "")), encoding)


def _xlsx_cell(cell: Cell | MergedCell) -> str:
    """Percent-formatted numbers as '12.5%', everything else as cell_text."""
    value = getattr(cell, "value", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return f"{value * 100:.10g}%"
    return cell_text(value)


def _row_blocks(rows: Iterable[list[str]], prefix: str) -> Iterable[Block]:
    """The first non-empty row is the header; every later non-empty row is rendered with it."""
    header: tuple[int, list[str]] | None = None
    has_data = False
    for number, values in enumerate(rows, start=1):
        if not any(values):
            continue
        if header is None:
            header = (number, values)
            continue
        has_data = True
        yield Block(render_row(header[1], values), "table_row", f"{prefix}第{number}行")
    if header is not None and not has_data:
        yield Block(render_row([], header[1]), "table_row", f"{prefix}第{header[0]}行")
