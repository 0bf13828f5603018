"""One indicator's records lined up period by period. Changes are computed with the
core's change arithmetic (assistant/indicators/facts.py), against the same period of the year before;
values that documents state differently for one period are all kept, never averaged."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from assistant.indicators.facts import Change, change, plain
from assistant.indicators.reader import Indicator
from ingest.figures import FigureRecord
from language.text import is_dated, is_whole_year, period_label, period_sort_key, period_year

KIND_PREFERENCE = ("total", "share", "increase", "rate")


@dataclass
class Value:
    """A value for a period and every source that states it: (knowledge base, record)."""

    number: Decimal
    sources: list[tuple[str, FigureRecord]] = field(default_factory=list)


@dataclass
class Row:
    period: str
    values: list[Value]
    change: Change | None = None  # against `base`, when both periods have one value
    base: str | None = None

    @property
    def label(self) -> str:
        return period_label(self.period)

    @property
    def disagrees(self) -> bool:
        return len(self.values) > 1


@dataclass
class Series:
    indicator: str
    unit: str
    kind: str
    rows: list[Row]

    def row(self, period: str) -> Row | None:
        return next((r for r in self.rows if r.period == period), None)

    def whole_years(self) -> list[Row]:
        return [r for r in self.rows if is_whole_year(r.period)]


def number(record: FigureRecord) -> Decimal:
    return Decimal(str(record.value)).normalize()


def as_indicator(name: str, unit: str, last: Row, this: Row) -> Indicator:
    """Two rows as the core's Indicator, so that its change() computes the move."""
    return Indicator(name, unit, last.values[0].number, this.values[0].number, "", last.label, this.label)


def _same_period_before(period: str) -> str:
    return str(period_year(period) - 1) + period[4:]


def build_series(records: list[tuple[str, FigureRecord]], kind: str | None = None) -> Series | None:
    """The series of one indicator's records (of one kind and unit: the most frequent), or None. A record
    whose year its document does not give (20__年) has no place in a series and is left out."""
    records = [(kb, r) for kb, r in records if is_dated(r.period)]
    if not records:
        return None
    kinds = Counter(r.kind for _, r in records)
    chosen = kind if kind in kinds else next(k for k in KIND_PREFERENCE if k in kinds)
    of_kind = [(kb, r) for kb, r in records if r.kind == chosen]
    unit = Counter(r.unit for _, r in of_kind).most_common(1)[0][0]
    by_period: dict[str, list[Value]] = {}
    for kb, record in of_kind:
        if record.unit != unit:
            continue
        values = by_period.setdefault(record.period, [])
        value = next((v for v in values if v.number == number(record)), None)
        if value is None:
            values.append(value := Value(number(record)))
        if not any(r.source == record.source and r.location == record.location for _, r in value.sources):
            value.sources.append((kb, record))
    rows = [Row(p, by_period[p]) for p in sorted(by_period, key=period_sort_key)]
    name = of_kind[0][1].indicator
    index = {r.period: r for r in rows}
    for row in rows:
        base = index.get(_same_period_before(row.period))
        if base is not None and not base.disagrees and not row.disagrees:
            row.base, row.change = base.period, change(as_indicator(name, unit, base, row))
    return Series(name, unit, chosen, rows)


def figure_text(value: Decimal, unit: str) -> str:
    return f"{plain(value)}{unit}"
