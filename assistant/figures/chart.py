"""A series' chart as data (assistant.answer.model.Chart): one line for whole years, one for each other
kind of period (上半年 …); a period whose documents disagree keeps its first value on the line and each
further value as a point of its own, none averaged. Drawing it is the front ends' business."""

from __future__ import annotations

from assistant.answer.model import WHOLE_YEAR, Chart, ChartSeries
from assistant.figures.series import Row, Series
from language.text import period_label, period_year

OTHER_VALUE = "另一数值"  # the points of a disputed period's further values


def chart_data(series: Series, rows: list[Row] | None = None) -> Chart:
    """The chart of `rows` (by default all the series' rows): the answer passes the rows its table shows,
    so that table and chart show the same values."""
    rows = series.rows if rows is None else rows
    years = sorted({period_year(r.period) for r in rows})
    at = {year: i for i, year in enumerate(years)}
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.period[4:], []).append(row)
    lines = []
    for suffix, members in groups.items():
        name = WHOLE_YEAR if not suffix else period_label(members[0].period)[5:]
        for rank in range(max(len(r.values) for r in members)):  # rank 0 is the line; the others, points
            values: list[float | None] = [None] * len(years)
            for row in members:
                if rank < len(row.values):
                    values[at[period_year(row.period)]] = float(row.values[rank].number)
            lines.append(ChartSeries(name, values) if rank == 0 else ChartSeries(OTHER_VALUE, values, line=False))
    return Chart(series.indicator, series.unit, [period_label(str(y)) for y in years], years, lines)
