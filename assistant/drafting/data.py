"""This year's figures for a draft: an indicator sheet (指标, 单位, last year, this year, 备注) and an
optional key-events sheet (类别, 事项), from .xlsx, .csv or a table in a .docx — validated cell by cell.
The last-year column (or a cell of it) may be missing: drafting then takes the value from the figures
the knowledge base's documents state (assistant/drafting/history.py)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ingest.loaders.encoding import UndecodableText, decode_text
from language.text import CN_NUMERAL, PERIOD, YEAR_NUMBER

YEAR_HEADER = re.compile(rf"^\s*({YEAR_NUMBER})\s*年?(?:度)?\s*({PERIOD})?\s*$")
MONTHS_TO_PERIOD = {"3": "一季度", "6": "上半年", "9": "前三季度", "12": ""}
NAME_HEADERS = ("指标", "指标名称", "项目")
UNIT_HEADERS = ("单位", "计量单位")
NOTE_HEADERS = ("备注", "说明")
EVENT_HEADERS = ("类别", "事项")
HEADER_SCAN = 10  # a title row or two (示范县2025年科技工作主要指标) may stand above the header
# A row with a name but no unit and no values: a note under the table or a group heading (一、知识产权).
NOTE_ROW = re.compile(rf"^(?:注|说明|备注|数据来源|资料来源)|^{CN_NUMERAL}、|^[（(]{CN_NUMERAL}[）)]")


class DraftDataError(ValueError):
    """Bad input data; the message names the sheet and cell and says how to fix it."""


@dataclass
class Indicator:
    name: str
    unit: str
    last: Decimal | None  # None: no 上年 column or a blank cell (drafting looks it up in the figures table)
    this: Decimal
    note: str
    last_cell: str  # e.g. 主要指标!C2, or the document and place last year's value was taken from
    this_cell: str
    average: Decimal | None = None  # 年均增长 over the last `average_years` years, from the figures table
    average_years: int = 0
    average_from: str = ""

    @property
    def label(self) -> str:
        """The name without a leading 其中："""
        return re.sub(r"^其中[：:]", "", self.name).strip()

    @property
    def is_part(self) -> bool:
        return bool(re.match(r"^其中[：:]", self.name))


@dataclass
class Event:
    category: str
    item: str
    cell: str


@dataclass
class IndicatorData:
    source: str
    last_year: int
    year: int
    indicators: list[Indicator]
    events: list[Event] = field(default_factory=list)
    period: str = ""  # 上半年, 前三季度 …; "" when the columns are whole years

    @property
    def when(self) -> str:
        """2025年 or 2025年上半年: what the draft reports on."""
        return f"{self.year}年{self.period}"


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _find(headers: list[str], names: tuple[str, ...]) -> int | None:
    for i, header in enumerate(headers):
        if header.strip() in names:
            return i
    return None


def _headers(row: list[object]) -> list[str]:
    """Header texts without any blank inside (指 标 → 指标, 2025\n年 → 2025年)."""
    return [re.sub(r"\s+", "", "" if h is None else str(h)) for h in row]


def header_row(rows: list[list[object]], names: tuple[str, ...]) -> int | None:
    """The index of the header row: the first of the top rows holding one of the names."""
    return next((n for n, row in enumerate(rows[:HEADER_SCAN]) if _find(_headers(row), names) is not None), None)


@dataclass
class UncomputedFormula:
    """A formula cell saved without its result (written by a program, never opened in Excel or WPS)."""

    formula: str


def _number(value: object, cell: str) -> Decimal:
    if isinstance(value, UncomputedFormula):
        raise DraftDataError(f"{cell} 是公式“{value.formula}”，但文件中没有保存计算结果，请用 Excel 或 WPS 打开后保存再试")
    text = str(value).strip().replace(",", "").replace("，", "").rstrip("%％") if value is not None else ""
    try:
        if not text:
            raise InvalidOperation
        return Decimal(text)
    except InvalidOperation:
        shown = "空白" if not text else f"“{value}”"
        raise DraftDataError(f"{cell} 的值{shown}不是数字，请填写数字（不带单位）") from None


def _blank(value: object) -> bool:
    return value is None or not str(value).strip()


def period_of(text: str | None) -> str:
    """上半年 for 上半年 or 1-6月, 一季度 for 第一季度 or 1-3月, "" for a whole year."""
    if not text:
        return ""
    months = re.search(r"(\d{1,2})月$", text)
    if months:
        return MONTHS_TO_PERIOD.get(months.group(1), f"1—{months.group(1)}月")
    return text.removeprefix("第")


def parse_indicators(sheet: str, rows: list[list[object]]) -> tuple[int, int, str, list[Indicator]]:
    """The two years, the period they cover (上半年; "" for whole years) and the indicators of a sheet
    (its header may have a title row above it)."""
    if not rows:
        raise DraftDataError(f"工作表「{sheet}」是空的，请按 指标、单位、上年、本年、备注 填写")
    top = header_row(rows, NAME_HEADERS) or 0
    headers = _headers(rows[top])
    name_col, unit_col = _find(headers, NAME_HEADERS), _find(headers, UNIT_HEADERS)
    for column, label in ((name_col, "指标"), (unit_col, "单位")):
        if column is None:
            raise DraftDataError(f"工作表「{sheet}」第{top + 1}行（表头）缺少“{label}”列，请在表头加上该列")
    matches = [(i, m) for i, h in enumerate(headers) if (m := YEAR_HEADER.match(h))]
    years = [(i, int(m.group(1))) for i, m in matches]
    periods = {period_of(m.group(2)) for _, m in matches}
    if len(years) not in (1, 2) or len({y for _, y in years}) != len(years) or len(periods) != 1:
        found = "、".join(f"{column_letter(i)}{top + 1}“{headers[i]}”" for i, _ in years) or "没有"
        raise DraftDataError(
            f"工作表「{sheet}」表头的年份列不明确（找到 {found}）：需要本年一列（可再加上年一列）、同一时段，"
            "如“2024年”“2025年”或“2024年上半年”“2025年上半年”"
        )
    if len(years) == 1:  # no 上年 column: last year's values come from the figures of the documents
        (this_col, year), (last_col, last_year) = years[0], (None, years[0][1] - 1)
    else:
        (last_col, last_year), (this_col, year) = sorted(years, key=lambda item: item[1])
    note_col = _find(headers, NOTE_HEADERS)
    indicators = []
    for number, row in enumerate(rows[top + 1 :], start=top + 2):
        cells = list(row) + [None] * (len(headers) - len(row))
        name = str(cells[name_col] or "").strip()
        if not name or (NOTE_ROW.match(name) and all(_blank(cells[c]) for c in (unit_col, last_col, this_col))):
            continue
        ref = lambda col, number=number: f"{sheet}!{column_letter(col)}{number}"  # noqa: E731
        unit = str(cells[unit_col] or "").strip().replace("％", "%")
        if not unit:
            raise DraftDataError(f"{ref(unit_col)} 的单位是空白，请填写“{name}”的单位（如 件、家、名、个、项、万元、亿元、%）")
        known_last = last_col is not None and not _blank(cells[last_col])
        indicators.append(
            Indicator(
                name=name,
                unit=unit,
                last=_number(cells[last_col], ref(last_col)) if known_last else None,
                this=_number(cells[this_col], ref(this_col)),
                note=str(cells[note_col] or "").strip() if note_col is not None else "",
                last_cell=ref(last_col) if known_last else "",
                this_cell=ref(this_col),
            )
        )
    if not indicators:
        raise DraftDataError(f"工作表「{sheet}」没有任何指标行")
    return last_year, year, periods.pop(), indicators


def parse_events(sheet: str, rows: list[list[object]]) -> list[Event]:
    top = header_row(rows, ("事项",))
    headers = _headers(rows[top]) if top is not None else []
    category_col, item_col = _find(headers, ("类别",)), _find(headers, ("事项",))
    if top is None or category_col is None or item_col is None:
        return []
    return [
        Event(str(row[category_col] or "").strip(), str(row[item_col]).strip(), f"{sheet}!{column_letter(item_col)}{n}")
        for n, row in enumerate(rows[top + 1 :], start=top + 2)
        if len(row) > item_col and row[item_col]
    ]


def _is_events(rows: list[list[object]]) -> bool:
    top = header_row(rows, ("事项",))
    return top is not None and set(_headers(rows[top])) >= set(EVENT_HEADERS)


def read_indicator_data(path: Path) -> IndicatorData:
    """Read and validate a workbook, CSV file or Word table of indicators."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        sheets = _xlsx_sheets(path)
    elif suffix == ".csv":
        sheets = [(path.stem, _csv_rows(path))]
    elif suffix == ".docx":
        sheets = _docx_tables(path)
    else:
        raise DraftDataError(f"{path.name}：不支持 {suffix or '无扩展名'} 文件，请提供 .xlsx、.csv 或含表格的 .docx")
    indicator_sheets = [(name, rows) for name, rows in sheets if not _is_events(rows)]
    if not indicator_sheets:
        raise DraftDataError(f"{path.name}：没有找到指标表（表头应有 指标、单位 和两个年份列）")
    sheet, rows = indicator_sheets[0]
    last_year, year, period, indicators = parse_indicators(sheet, rows)
    events = [e for name, rows in sheets if _is_events(rows) for e in parse_events(name, rows)]
    return IndicatorData(path.name, last_year, year, indicators, events, period)


def _xlsx_sheets(path: Path) -> list[tuple[str, list[list[object]]]]:
    import openpyxl

    try:
        values = openpyxl.load_workbook(path, data_only=True)
        formulas = openpyxl.load_workbook(path)
    except Exception as error:  # noqa: BLE001 — openpyxl raises many kinds on a bad file
        raise DraftDataError(f"{path.name}：无法读取这个 Excel 文件（{type(error).__name__}），请用 Excel 或 WPS 另存为 .xlsx 后再试") from error
    return [
        (sheet.title, [[_xlsx_value(c, formulas[sheet.title][c.coordinate]) for c in row] for row in sheet.iter_rows()])
        for sheet in values.worksheets
    ]


def _xlsx_value(cell: object, formula_cell: object) -> object:
    """A cell's value as the sheet shows it: 0.0203 formatted as a percentage is 2.03, float noise goes."""
    value = cell.value
    if value is None and isinstance(formula_cell.value, str) and formula_cell.value.startswith("="):
        return UncomputedFormula(formula_cell.value)
    if isinstance(value, float):
        value = Decimal(repr(round(value, 10)))
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        value = Decimal(str(value)) * 100
    return value


def _csv_rows(path: Path) -> list[list[object]]:
    try:
        text, _ = decode_text(path.read_bytes())
    except UndecodableText:
        raise DraftDataError(f"{path.name}：无法识别文字编码，请另存为 UTF-8 编码的 CSV") from None
    return [list(row) for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]


def _docx_tables(path: Path) -> list[tuple[str, list[list[object]]]]:
    import docx

    document = docx.Document(str(path))
    return [
        (f"表{n}", [[cell.text.strip() for cell in row.cells] for row in table.rows])
        for n, table in enumerate(document.tables, start=1)
    ]
