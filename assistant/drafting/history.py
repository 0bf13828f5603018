"""Past values of the workbook's indicators from the figures the knowledge base's documents state
(ingest/figures.py): last year's value when the workbook has no 上年 column (or a blank cell), cited by
document and place, and the average growth of the last three to five years when they are all known."""

from __future__ import annotations

from decimal import Decimal

from assistant.indicators.facts import average_growth, is_ratio
from assistant.indicators.reader import Indicator, IndicatorData
from assistant.knowledge import KnowledgeBase
from ingest.figures import FigureRecord
from language.text import period_in

MAX_YEARS = 5  # 近五年 at most: older figures say little about this year's work


def _by_period(records: list[FigureRecord]) -> dict[str, dict[Decimal, FigureRecord]]:
    """Each period's distinct values, each with the first record stating it."""
    found: dict[str, dict[Decimal, FigureRecord]] = {}
    for record in records:
        found.setdefault(record.period, {}).setdefault(Decimal(str(record.value)).normalize(), record)
    return found


def _cite(record: FigureRecord) -> str:
    return f"{record.source}（{record.location}）"


def fill_from_figures(data: IndicatorData, indicators: list[Indicator], kb: KnowledgeBase | None) -> list[str]:
    """Fill in what the workbook lacks from the documents' figures; returns one Chinese line per value
    taken (which value, from which document and place, in which sentence)."""
    if kb is None:
        return []
    cited = []
    code = lambda year: period_in(f"{year}年{data.period}") or str(year)  # noqa: E731
    for indicator in indicators:
        kind = "share" if is_ratio(indicator) and indicator.unit == "%" else "total"
        records = [
            r for r in kb.figures.query(indicator.label)
            if r.source != data.source and r.kind == kind and r.unit == indicator.unit
        ]  # fmt: skip
        periods = _by_period(records)
        if indicator.last is None:
            values = periods.get(code(data.last_year), {})
            if len(values) == 1:  # documents that disagree are not chosen between
                (value, record), = values.items()
                indicator.last, indicator.last_cell = value, _cite(record)
                cited.append(f"{indicator.label}{data.last_year}年{data.period}数值 {value:f}{indicator.unit} 取自 "
                             f"{_cite(record)}：{record.sentence}")  # fmt: skip
        if indicator.last is None or kind != "total":
            continue
        known = {data.year: indicator.this, data.last_year: indicator.last}
        sources = [indicator.this_cell, indicator.last_cell]
        for year in range(data.last_year - 1, data.year - MAX_YEARS, -1):
            values = periods.get(code(year), {})
            if len(values) != 1:
                break
            (value, record), = values.items()
            known[year] = value
            sources.append(_cite(record))
        first = min(known)
        if len(known) >= 3:
            indicator.average = average_growth(known[first], indicator.this, data.year - first)
            indicator.average_years = data.year - first  # 2022→2025 is three years of growth: 近三年
            indicator.average_from = f"({indicator.this_cell}/{sources[-1]})^(1/{data.year - first})-1"
    return cited
