"""How `bureau figures` shows the figures table: a terminal table, or one JSON object per line."""

from __future__ import annotations

import json
from decimal import Decimal

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from assistant.indicators.facts import plain
from ingest.figures import FigureRecord
from language.text import period_label

KIND_LABELS = {"total": "总量", "increase": "增量", "rate": "增速", "share": "占比"}


def figures_json(records: list[FigureRecord]) -> list[str]:
    """One line per record, with exactly the keys indicator, value, unit, period, kind, region, source,
    location, sentence."""
    return [json.dumps(r.as_json(), ensure_ascii=False) for r in records]


def render_figures(console: Console, records: list[FigureRecord], plans: bool = False) -> None:
    if not records:
        console.print("没有找到指标数据：请确认已导入工作总结等文件，或换一个指标名称（--indicator）再试。")
        return
    table = Table(title="计划目标" if plans else "指标数据", show_lines=False)
    for column in ("指标", "时期", "数值", "类型", "地区", "出处"):
        table.add_column(column)
    for r in records:
        value = plain(Decimal(str(r.value)))
        table.add_row(escape(r.indicator), period_label(r.period), f"{value}{r.unit}", KIND_LABELS.get(r.kind, r.kind),
                      escape(r.region), escape(f"{r.source} {r.location}"))  # fmt: skip
    console.print(table)
    console.print(f"共 {len(records)} 条")
