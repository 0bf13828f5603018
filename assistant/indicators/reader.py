"""This year's figures for a draft: an indicator table — read by what its headers mean
(assistant/indicators/table.py) — and an optional key-events sheet (类别, 事项), from .xlsx, .xls, .csv
or a table in a .docx, validated cell by cell. The last-year column (or a cell of it) may be missing:
drafting then takes the value from the figures the knowledge base's documents state
(assistant/drafting/history.py)."""

from __future__ import annotations

from pathlib import Path

from assistant.indicators.model import (
    DraftDataError,
    Event,
    Indicator,
    IndicatorData,
    column_letter,
)
from assistant.indicators.sheets import Sheet, read_sheets
from assistant.indicators.table import header_text, is_indicator_sheet, parse_table
from language.lexicon import words

__all__ = ["DraftDataError", "Event", "Indicator", "IndicatorData", "column_letter", "read_indicator_data"]


def _event_header(rows: list[list[object]]) -> int | None:
    wanted = set(words("draft_table", "event_headers"))
    return next((n for n, row in enumerate(rows[:10]) if wanted <= {header_text(c) for c in row}), None)


def parse_events(sheet: Sheet) -> list[Event]:
    top = _event_header(sheet.rows)
    if top is None:
        return []
    headers = [header_text(c) for c in sheet.rows[top]]
    category, item = words("draft_table", "event_headers")
    category_col, item_col = headers.index(category), headers.index(item)
    return [
        Event(str(row[category_col] or "").strip(), str(row[item_col]).strip(), f"{sheet.name}!{column_letter(item_col)}{n}")
        for n, row in enumerate(sheet.rows[top + 1 :], start=top + 2)
        if len(row) > item_col and row[item_col]
    ]


def read_indicator_data(path: Path) -> IndicatorData:
    """Read and validate a workbook (.xlsx, .xls), CSV file or Word table of indicators."""
    path = Path(path)
    sheets = read_sheets(path)
    events = [e for sheet in sheets if _event_header(sheet.rows) is not None for e in parse_events(sheet)]
    candidates = [s for s in sheets if _event_header(s.rows) is None]
    if not candidates:
        raise DraftDataError(f"{path.name}：没有找到指标表（表头应有 指标、单位 和本期、上期的数值列）")
    chosen = next((s for s in candidates if is_indicator_sheet(s)), candidates[0])
    table = parse_table(chosen, path.name)
    return IndicatorData(path.name, table.last_year, table.year, table.indicators, events, table.period, table.title)
