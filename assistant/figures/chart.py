"""A line chart of a series: one line for whole years, one for each other kind of period (上半年 …);
a period whose documents disagree shows each value as its own marker. Rendered off-screen (Agg)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from assistant.figures.series import Row, Series
from language.text import period_label, period_year

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "SimHei")


@cache
def _font_family() -> list[str]:
    """A CJK font the machine has (fonts-noto-cjk on Debian), so that labels are not boxes."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in CJK_FONTS if name in installed] + ["DejaVu Sans"]


def line_chart(series: Series, rows: list[Row] | None = None):  # noqa: ANN201 — a matplotlib Figure
    """The chart of `rows` (by default all the series' rows) as a matplotlib Figure (what Gradio's Plot
    shows): the answer passes the rows its table shows, so that table and chart show the same values."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    rows = series.rows if rows is None else rows
    figure = Figure(figsize=(7, 3.6), dpi=110)
    axes = figure.add_subplot()
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(row.period[4:], []).append(row)
    for suffix, members in groups.items():
        xs = [period_year(r.period) for r in members]
        ys = [float(r.values[0].number) for r in members]
        label = "全年" if not suffix else period_label(members[0].period)[5:]
        axes.plot(xs, ys, marker="o", label=label)
        for row in members:
            for value in row.values[1:]:  # disagreeing documents: every value shown, none averaged
                axes.plot([period_year(row.period)], [float(value.number)], marker="x", color="red", linestyle="")
            axes.annotate(f"{row.values[0].number.normalize():f}", (period_year(row.period), float(row.values[0].number)),
                          textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8)  # fmt: skip
    years = sorted({period_year(r.period) for r in rows})
    axes.set_xticks(years, [f"{y}年" for y in years], fontfamily=_font_family())
    axes.set_title(f"{series.indicator}（{series.unit}）", fontfamily=_font_family())
    axes.grid(True, alpha=0.3)
    if len(groups) > 1:
        axes.legend(prop={"family": _font_family()})
    figure.tight_layout()
    return figure


def plotted(figure) -> list[tuple[str, int, float]]:  # noqa: ANN001 — a Figure from line_chart
    """What a chart draws, read back from the Figure: (line, year, value) for every point; a further value
    of a disputed period is on a line of its own named 另一数值. What the page writes under the chart."""
    points = []
    for line in figure.axes[0].get_lines():
        name = line.get_label()
        name = "另一数值" if name.startswith("_") else name  # the red × of a disputed period has no label
        points += [(name, int(x), float(y)) for x, y in zip(line.get_xdata(), line.get_ydata())]
    return points


def save_chart(series: Series, path: Path) -> Path:
    """The chart as a PNG file (for the audit log and for download)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line_chart(series).savefig(path, format="png")
    return path
