"""The cells of an indicator file as rows of values, whatever its format: .xlsx (openpyxl), legacy .xls
(xlrd), .csv (UTF-8 or GBK) and the tables of a .docx. A merged cell's value fills every cell it
covers (a 2025年 merged over 完成值 and 增速 heads both), a cell shown as a percentage is its
percentage (0.0203 shown 2.03% is 2.03), and a cell indented in the sheet starts with one ideographic
blank per indent level, as a typed indent would."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from assistant.indicators.model import DraftDataError
from ingest.loaders.encoding import UndecodableText, decode_text

INDENT = "\u3000"
SUFFIXES = (".xlsx", ".xls", ".csv", ".docx")


@dataclass
class UncomputedFormula:
    """A formula cell saved without its result (written by a program, never opened in Excel or WPS)."""

    formula: str


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]
    above: list[str] = field(default_factory=list)  # text before the table (a Word table's title paragraphs)


def read_sheets(path: Path) -> list[Sheet]:
    """Every sheet (or Word table) of the file. Raises DraftDataError for a file that cannot be read."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_sheets(path)
    if suffix == ".xls":
        return _xls_sheets(path)
    if suffix == ".csv":
        return [Sheet(path.stem, _csv_rows(path))]
    if suffix == ".docx":
        return _docx_tables(path)
    raise DraftDataError(f"{path.name}：不支持 {suffix or '无扩展名'} 文件，请提供 .xlsx、.xls、.csv 或含表格的 .docx")


def _number(value: float, percent: bool) -> Decimal:
    number = Decimal(repr(round(value, 10))) * (100 if percent else 1)
    return number.quantize(Decimal(1)) if number == number.to_integral() else number  # 376.0 is 376


def _fill_merged(rows: list[list[object]], ranges: list[tuple[int, int, int, int]]) -> None:
    """Each merged range (first row, last row, first column, last column; 0-based, inclusive) takes
    its top-left value everywhere."""
    for top, bottom, left, right in ranges:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            row.extend([None] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                row[c] = value


def _xlsx_sheets(path: Path) -> list[Sheet]:
    import openpyxl

    try:
        values = openpyxl.load_workbook(path, data_only=True)
        formulas = openpyxl.load_workbook(path)
    except Exception as error:
        raise DraftDataError(f"{path.name}：无法读取这个 Excel 文件（{type(error).__name__}），请用 Excel 或 WPS 另存为 .xlsx 后再试") from error
    sheets = []
    for sheet in values.worksheets:
        rows = [[_xlsx_value(c, formulas[sheet.title][c.coordinate]) for c in row] for row in sheet.iter_rows()]
        ranges = [(r.min_row - 1, r.max_row - 1, r.min_col - 1, r.max_col - 1) for r in sheet.merged_cells.ranges]
        _fill_merged(rows, ranges)
        sheets.append(Sheet(sheet.title, rows))
    return sheets


def _xlsx_value(cell: object, formula_cell: object) -> object:
    """A cell's value as the sheet shows it: 0.0203 formatted as a percentage is 2.03, float noise goes."""
    value = cell.value
    if value is None and isinstance(formula_cell.value, str) and formula_cell.value.startswith("="):
        return UncomputedFormula(formula_cell.value)
    percent = "%" in (cell.number_format or "")
    if isinstance(value, float):
        return _number(value, percent)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value) * 100 if percent else value
    indent = int(getattr(cell.alignment, "indent", 0) or 0)
    if isinstance(value, str) and indent:
        return INDENT * indent + value
    return value


def _xls_sheets(path: Path) -> list[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except Exception as error:
        raise DraftDataError(f"{path.name}：无法读取这个 .xls 文件（{type(error).__name__}），请用 Excel 或 WPS 另存为 .xlsx 后再试") from error
    sheets = []
    for sheet in book.sheets():
        rows = [[_xls_value(book, sheet, r, c) for c in range(sheet.ncols)] for r in range(sheet.nrows)]
        _fill_merged(rows, [(rlo, rhi - 1, clo, chi - 1) for rlo, rhi, clo, chi in sheet.merged_cells])
        sheets.append(Sheet(sheet.name, rows))
    return sheets


def _xls_value(book: object, sheet: object, row: int, column: int) -> object:
    import xlrd

    cell = sheet.cell(row, column)
    xf = book.xf_list[cell.xf_index]
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        number_format = book.format_map.get(xf.format_key)
        return _number(cell.value, "%" in (number_format.format_str if number_format else ""))
    if cell.ctype == xlrd.XL_CELL_TEXT:
        indent = xf.alignment.indent_level if xf.alignment else 0
        return INDENT * indent + cell.value if indent else cell.value
    return None if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK) else cell.value


def _csv_rows(path: Path) -> list[list[object]]:
    try:
        text, _ = decode_text(path.read_bytes())
    except UndecodableText:
        raise DraftDataError(f"{path.name}：无法识别文字编码，请另存为 UTF-8 编码的 CSV") from None
    return [list(row) for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]


def _docx_tables(path: Path) -> list[Sheet]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    sheets, above = [], []
    for block in document.element.body.iterchildren():
        if block.tag.endswith("}p"):
            text = Paragraph(block, document).text.strip()
            above = (above + [text])[-3:] if text else above
        elif block.tag.endswith("}tbl"):
            table = Table(block, document)
            rows = [[cell.text.strip(" \t\r\n") for cell in row.cells] for row in table.rows]  # a typed indent stays
            sheets.append(Sheet(f"表{len(sheets) + 1}", rows, above))
            above = []
    return sheets
