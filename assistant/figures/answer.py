"""The chat's answer to a figures question: a period-by-period table with every value cited, the
changes computed in code, a summary line, and its chart as data (the front ends draw it). Documents
that disagree about a period are shown side by side, never averaged."""

from __future__ import annotations

from pathlib import Path

from assistant.answer.citations import Citations, markers
from assistant.answer.model import Answer
from assistant.config import Settings
from assistant.figures.chart import chart_data
from assistant.figures.question import FigureQuestion, figure_question
from assistant.figures.series import Row, Series, Value, as_indicator, build_series, figure_text
from assistant.figures.workbook import figure_records, indicator_names
from assistant.indicators.facts import Change, average_growth, change, direction
from assistant.knowledge import KnowledgeBase
from language.changes import flat, stated
from language.text import period_sort_key

NOTICE = "数值均摘自所列依据；变化量和增幅由程序计算。"


def _cite(citer: Citations, value: Value) -> list[int]:
    """The numbers of the source sentences a value stands in, each sentence numbered once."""
    return [citer.cite(record.source, Path(record.source).stem, record.location, record.sentence,
                       highlight=record.sentence, kb=kb) for kb, record in value.sources]  # fmt: skip


def change_text(moved: Change | None) -> str:
    """增加130件，增长12.4% / 提高0.12个百分点 / 持平 — words and figures from facts.change()."""
    if moved is None:
        return "—"
    if moved.direction is None or float(moved.amount.value) == 0:  # 0.0%: too small a move to state
        return flat()
    if moved.increment is None:  # a ratio moves in 百分点
        return f"{stated(moved.direction, 'points')}{moved.amount.figure}"
    return f"{stated(moved.direction, 'amount')}{moved.increment.figure}，{stated(moved.direction, 'rate')}{moved.amount.figure}"


def _values_cell(row: Row, unit: str, citer: Citations) -> tuple[str, list[dict[str, object]]]:
    parts, values = [], []
    for value in row.values:
        numbers = _cite(citer, value)
        sources = "、".join(dict.fromkeys(r.source for _, r in value.sources))
        shown = figure_text(value.number, unit)
        parts.append(f"{shown}{markers(numbers)}" + (f"（{sources}）" if row.disagrees else ""))
        values.append({"value": float(value.number), "unit": unit, "citations": numbers, "sources": sources.split("、")})
    return "；".join(parts), values


def series_table(series: Series, citer: Citations, rows: list[Row] | None = None) -> tuple[str, list[dict[str, object]]]:
    """The Markdown table of `rows` (by default all) and its JSON form (`bureau ask --json` → "table"). A
    change is shown only against a row the table shows too, so every figure in it can be checked in it."""
    rows = series.rows if rows is None else rows
    shown = {row.period for row in rows}
    lines = ["| 时期 | 数值 | 较上年同期 |", "| --- | --- | --- |"]
    table = []
    for row in rows:
        cell, values = _values_cell(row, series.unit, citer)
        moved = row.change if row.base in shown else None
        said = change_text(moved) if moved else ("数值不一致，未计算" if row.disagrees else "—")
        lines.append(f"| {row.label} | {cell} | {said} |")
        table.append({"period": row.period, "label": row.label, "values": values, "change": said if moved else None,
                      "compared_with": row.base if moved else None})  # fmt: skip
    return "\n".join(lines), table


def trend_sentence(series: Series) -> str:
    """2022年至2024年，专利申请量由938件增加到1180件，年均增长12.2%。 — whole years, one value each."""
    years = [r for r in series.whole_years() if not r.disagrees]
    if len(years) < 2:
        return ""
    first, last = years[0], years[-1]
    a, b = first.values[0].number, last.values[0].number
    way = stated(direction(a, b), "reached")
    text = f"{first.label}至{last.label}，{series.indicator}由{figure_text(a, series.unit)}{way}{figure_text(b, series.unit)}"
    span = int(last.period[:4]) - int(first.period[:4])
    growth = average_growth(a, b, span) if len(years) >= 3 and series.kind == "total" else None
    if growth is not None:
        text += f"，年均{stated('fall' if growth < 0 else 'rise', 'rate')}{abs(growth)}%"
    return text + "。"


def _disagreement(series: Series, rows: list[Row]) -> str:
    periods = [r.label for r in rows if r.disagrees]
    if not periods:
        return ""
    return f"注意：{'、'.join(periods)}的{series.indicator}各文件说法不一致，表中分别列出各自的数值和出处，未作取舍，请以权威统计为准。"


def _comparison(series: Series, asked: FigureQuestion, citer: Citations) -> tuple[str, list[Row]] | None:
    years = series.whole_years()
    if not years:
        return None
    target = years[-1]
    base_code = asked.period or (str(int(target.period[:4]) + asked.relative) if asked.relative is not None else None)
    base = series.row(base_code) if base_code else None
    if base is None or base is target:
        return None
    between = [r for r in years if period_sort_key(base.period) <= period_sort_key(r.period) <= period_sort_key(target.period)]
    rows = between if base in between else [base, target]  # the years in between too: the table hides none
    if base.disagrees or target.disagrees:
        return f"{target.label}与{base.label}的{series.indicator}各文件说法不一致，未计算变化，详见下表。", rows
    moved = change(as_indicator(series.indicator, series.unit, base, target))
    now = f"{figure_text(target.values[0].number, series.unit)}{markers(_cite(citer, target.values[0]))}"
    then = f"{figure_text(base.values[0].number, series.unit)}{markers(_cite(citer, base.values[0]))}"
    return f"{target.label}{series.indicator}为{now}，{base.label}为{then}，{change_text(moved)}。", rows


def _value(series: Series, asked: FigureQuestion, citer: Citations) -> tuple[str, list[Row]] | None:
    latest = max((int(r.period[:4]) for r in series.rows), default=None)
    relative = str(latest + asked.relative) + asked.part if latest and asked.relative is not None else None
    code = asked.period or relative
    row = series.row(code) if code else None
    if row is None:
        return None
    if row.disagrees:
        return f"{row.label}的{series.indicator}各文件说法不一致，详见下表。", [row]
    value = row.values[0]
    target = "目标" if value.sources[0][1].plan else ""
    text = f"{row.label}{series.indicator}{target}为{figure_text(value.number, series.unit)}{markers(_cite(citer, value))}"
    base = series.row(row.base) if row.base else None
    if row.change and base is not None and not target:  # the figure it is compared with, cited too
        then = f"{figure_text(base.values[0].number, series.unit)}{markers(_cite(citer, base.values[0]))}"
        text += f"，较{base.label}（{then}）{change_text(row.change)}"
    return text + "。", [row]


def figures_answer(question: str, asked: FigureQuestion, series: Series) -> Answer | None:
    """The Answer for a recognised question over a built series (None when the series cannot answer it).
    The table, the sentences and the chart show the same rows; one value is a sentence with its
    citation, with neither a one-row table nor a one-point chart."""
    citer = Citations()
    lead, rows = "", series.rows
    if asked.plan:  # targets are shown as stated; a change between two targets says nothing
        for row in series.rows:
            row.change = None
    if asked.asked == "compare":
        found = _comparison(series, asked, citer)
        if found is None:
            return None
        lead, rows = found
    elif asked.asked == "value":
        found = _value(series, asked, citer)
        if found is None:
            return None
        lead, rows = found
    elif len(series.rows) < 2:
        return None
    table_text, table = series_table(series, citer, rows)
    if asked.asked == "trend":
        lead = f"{series.indicator}（{series.unit}）各时期数值如下，变化与上年同期相比："
    one_value = len(rows) == 1 and not rows[0].disagrees
    parts = [lead, "" if one_value else table_text, trend_sentence(series) if asked.asked == "trend" else "",
             _disagreement(series, rows)]  # fmt: skip
    text = "\n\n".join(p for p in parts if p)
    answer = Answer(question, asked.indicator, text, citer.list, "extractive", notice=NOTICE)
    answer.table = table
    if len(rows) > 1:
        answer.chart = chart_data(series, rows)
    return answer


def answer_figures(settings: Settings, kbs: list[KnowledgeBase], question: str, workbook: Path | None = None) -> Answer | None:
    """The answer when the question is about figures the knowledge bases (and, for staff, the drafting
    workbook) state; None to let the ordinary answer engine take it. Reads only: nothing is stored."""
    if not kbs:
        return None
    asked = figure_question(question, indicator_names(kbs, workbook))
    if asked is None:
        return None
    series = build_series(figure_records(kbs, asked.indicator, plan=asked.plan, workbook=workbook))
    if series is None:
        return None
    return figures_answer(question, asked, series)
