"""Table rows as self-contained text: each value next to its column header."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

PLACEHOLDERS = frozenset("-－—–/／\\") | {"——", "--", "－－"}  # a cell that says "nothing here"


def cell_text(value: object) -> str:
    """A cell value as a person would read it: 1180 not 1180.0, dates as 2025-03-01."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != datetime.time() else value.strftime("%Y-%m-%d")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    return " ".join(str(value).split())


def render_row(headers: Sequence[str], values: Sequence[str]) -> str:
    """'指标：专利申请量；单位：件；…' — empty cells (and dashes standing for nothing, 备注：—) are left out,
    a value without header stands alone."""
    parts = []
    for index, value in enumerate(values):
        if not value or value.strip() in PLACEHOLDERS:
            continue
        header = headers[index] if index < len(headers) else ""
        parts.append(f"{header}：{value}" if header and header != value else value)
    return "；".join(parts)
