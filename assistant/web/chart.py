"""How the web page draws a figures answer's chart (assistant.answer.model.Chart): a matplotlib line chart
for the chat's gr.Plot, the same picture as a PNG to download and for the audit log, and its values in
words under it. Drawn off-screen: a Figure without pyplot needs no display."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

from matplotlib import font_manager
from matplotlib.figure import Figure

from assistant.answer.model import Chart, chart_value

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "SimHei")


@cache
def _font_family() -> list[str]:
    """A CJK font the machine has (fonts-noto-cjk on Debian), so that labels are not boxes."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in CJK_FONTS if name in installed] + ["DejaVu Sans"]


def line_chart(chart: Chart) -> Figure:
    """A line per series with each value written above its point; the values documents disagree on as
    red × beside the line."""
    figure = Figure(figsize=(7, 3.6), dpi=110)
    axes = figure.add_subplot()
    for series in chart.series:
        points = [(x, v) for x, v in zip(chart.x, series.values) if v is not None]
        xs, ys = [x for x, _ in points], [v for _, v in points]
        if not series.line:
            axes.plot(xs, ys, marker="x", color="red", linestyle="")  # no label: the legend names lines only
            continue
        axes.plot(xs, ys, marker="o", label=series.name)
        for x, value in points:
            axes.annotate(chart_value(value), (x, value), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8)
    axes.set_xticks(chart.x, chart.labels, fontfamily=_font_family())
    axes.set_title(f"{chart.title}（{chart.unit}）", fontfamily=_font_family())
    axes.grid(True, alpha=0.3)
    if sum(series.line for series in chart.series) > 1:
        axes.legend(prop={"family": _font_family()})
    figure.tight_layout()
    return figure


@dataclass
class Drawn:
    """A chart as the page shows it: the figure, its PNG (the download, and the audit log's copy of what
    the user saw) and its values in words under it (a picture's numbers cannot be read out or copied)."""

    figure: Figure
    png: bytes
    caption: str


def draw(chart: Chart) -> Drawn:
    figure = line_chart(chart)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return Drawn(figure, buffer.getvalue(), f"图中数值 · {chart.in_words()}")
