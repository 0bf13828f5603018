"""The arithmetic of an indicator's figures, computed in code from its cells: a figure with the cells it
comes from (Fact), how the indicator moved from last year (同比 change in percent — one decimal, half
up —, 百分点 for ratios, the increment) with its direction as a field, shares and average growth."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from assistant.indicators.model import Indicator
from language.changes import Direction, stated
from language.lexicon import words

ONE_DECIMAL = Decimal("0.1")
PERCENT_UNITS = ("%", "％")
Kind = Literal["value", "last", "change", "increment", "share", "total", "event"]


@dataclass
class Fact:
    name: str
    value: str
    unit: str
    derived_from: str  # a cell (主要指标!D2) or a formula over cells
    subject: str = ""  # the indicator it belongs to (a share: the part), for checking where it is stated
    kind: Kind = "value"
    direction: Direction | None = None  # a change's way (rise/fall); None for a value or no change
    whole: str = ""  # a share's whole (专利申请量 of 发明专利申请量占专利申请量比重)

    @property
    def figure(self) -> str:
        return f"{self.value}{self.unit}"

    def as_json(self) -> dict[str, str]:
        return {"name": self.name, "value": self.value, "unit": self.unit, "derived_from": self.derived_from}


def plain(number: Decimal) -> str:
    """1356 for 1356.0, 4.82 for 4.82: the number as a report would print it."""
    text = format(number.normalize(), "f") if number == number.to_integral() else format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def is_ratio(indicator: Indicator) -> bool:
    """A share or a rate (in % or named so: 占GDP比重, 覆盖率): it moves in 百分点, never in percent."""
    return indicator.unit in PERCENT_UNITS or any(word in indicator.name for word in words("figures", "share_words"))


def percent(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * 100).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def average_growth(first: Decimal, last: Decimal, intervals: int) -> Decimal | None:
    """年均增长 in percent (one decimal, half up) over `intervals` years: (last/first)^(1/n) − 1."""
    if first <= 0 or last <= 0 or intervals < 1:
        return None
    rate = (float(last) / float(first)) ** (1 / intervals) - 1
    return (Decimal(repr(rate)) * 100).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def direction(before: Decimal, after: Decimal) -> Direction | None:
    return None if after == before else "rise" if after > before else "fall"


@dataclass
class Change:
    """How an indicator moved: up or down by so much, in percent or in 百分点."""

    direction: Direction | None  # None: no change
    amount: Fact
    increment: Fact | None

    @property
    def rising(self) -> bool:
        return self.direction != "fall"


def change(indicator: Indicator) -> Change | None:
    """The move from last year, named by its direction (同比增长/同比下降, 提高/下降 for ratios) so that
    a reader — or an LLM — of the facts alone states it the right way round."""
    name, this, last = indicator.label, indicator.this, indicator.last
    if last is None:
        return None
    way = direction(last, this)
    formula_cells = f"{indicator.this_cell}-{indicator.last_cell}"
    if is_ratio(indicator):
        points = Fact(f"{name}{stated(way, 'points')}", plain(abs(this - last)), "个百分点", formula_cells, name, "change", way)
        return Change(way, points, None)
    if last == 0:
        return None
    rate = percent(abs(this - last), last)
    fact = Fact(f"{name}同比{stated(way, 'rate')}", format(rate, "f"), "%", f"({formula_cells})/{indicator.last_cell}",
                name, "change", way)  # fmt: skip
    increment = Fact(f"{name}{stated(way, 'amount')}量", plain(abs(this - last)), indicator.unit, formula_cells, name,
                     "increment", way)  # fmt: skip
    return Change(way, fact, increment)

