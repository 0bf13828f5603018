"""How the web page draws a figures answer's chart (assistant/web/chart.py): the picture draws exactly the
values the answer's chart data holds — a line per kind of period, a disputed period's further value as a
point of its own —, the words under it say the same, and the PNG is a real PNG."""

from __future__ import annotations

from assistant.figures.chart import chart_data
from assistant.figures.series import build_series
from assistant.web.chart import draw
from ingest.figures import FigureRecord


def record(period: str, value: float, source: str) -> tuple[str, FigureRecord]:
    return "default", FigureRecord("专利申请量", value, "件", period, "total", "", source, "第1行", f"专利申请量{value:g}件。")


def drawn_points(figure) -> set[tuple[str, int, float]]:  # noqa: ANN001 — a matplotlib Figure
    """What the picture draws, read back from its lines: (legend name or "" for the unnamed ×, x, y)."""
    points = set()
    for line in figure.axes[0].get_lines():
        name = "" if line.get_label().startswith("_") else line.get_label()
        points |= {(name, int(x), float(y)) for x, y in zip(line.get_xdata(), line.get_ydata())}
    return points


def test_the_picture_and_its_words_show_the_chart_data_and_nothing_else() -> None:
    series = build_series([
        record("2022", 938, "2022年总结.txt"), record("2023", 1050, "2023年总结.txt"), record("2024", 1180, "2024年总结.txt"),
        record("2024", 1210, "统计公报.txt"), record("2025H1", 640, "2025年上半年总结.txt"),
    ])  # fmt: skip
    chart = chart_data(series)
    drawn = draw(chart)
    assert drawn_points(drawn.figure) == {
        ("全年", 2022, 938.0), ("全年", 2023, 1050.0), ("全年", 2024, 1180.0), ("", 2024, 1210.0), ("上半年", 2025, 640.0),
    }  # fmt: skip
    assert [t.get_text() for t in drawn.figure.axes[0].get_xticklabels()] == ["2022年", "2023年", "2024年", "2025年"]
    assert drawn.figure.axes[0].get_title() == "专利申请量（件）"
    assert drawn.caption == "图中数值 · 专利申请量（件）：2022年 938；2023年 1050；2024年 1180；2024年（另一数值） 1210；2025年上半年 640"
    assert drawn.png[:8] == b"\x89PNG\r\n\x1a\n"
