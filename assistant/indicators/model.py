"""The data a draft is written from: indicators with their cells, key events, and the table they
came from. Errors in that data name the sheet and cell (DraftDataError)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from language.lexicon import alternation, derived


@derived
def part_mark() -> re.Pattern[str]:
    """What starts the name of a row that is a part of the row above (其中：, language/lexicon/draft_table.toml)."""
    return re.compile(rf"^(?:{alternation('draft_table', 'part_marks')})")


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
    average: Decimal | None = None  # 年均增长 over the last `average_years` intervals, from the figures table
    average_years: int = 0
    average_from: str = ""
    growth_note: str = ""  # the table's own growth cell disagreed with the computed growth: what and where

    @property
    def label(self) -> str:
        """The name without a leading 其中："""
        return part_mark().sub("", self.name).strip()

    @property
    def is_part(self) -> bool:
        return bool(part_mark().match(self.name))


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
    period: str = ""  # 上半年, 前三季度, 1—11月 …; "" when the columns are whole years
    title: tuple[str, ...] = ()  # the lines above the table (示范县2025年科技工作主要指标, 填报单位：…)

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
