"""What the answer engine returns: an answer, its numbered citations, and a conversation's turns."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

AnswerMode = Literal["extractive", "llm"]


@dataclass
class Citation:
    """Source [number]: one retrieved chunk, shown verbatim, with the sentence that supports the answer."""

    number: int
    source: str
    title: str
    section: str
    text: str
    highlight: str
    chunk_id: str
    kb: str

    def as_json(self) -> dict[str, object]:
        return {"number": self.number, "source": self.source, "title": self.title, "section": self.section,
                "text": self.text, "highlight": self.highlight, "kb": self.kb}  # fmt: skip


WHOLE_YEAR = "全年"  # the name of a chart's line of whole years; a point on it is named by its year alone


def chart_value(value: float) -> str:
    """A chart's value as written beside its point: 938 for 938.0, 2.35 for 2.35."""
    return format(Decimal(repr(value)).normalize(), "f")


@dataclass
class ChartSeries:
    """One line of a chart: a value for each label of the chart, None where it has none."""

    name: str  # 全年, or the kind of period (上半年 …); 另一数值 for the further values of a disputed period
    values: list[float | None]
    line: bool = True  # False: separate points, never joined (the values documents disagree on)


@dataclass
class Chart:
    """A figures answer's line chart as data. The front ends draw it: the web page with matplotlib
    (assistant/web/chart.py), the terminal as words (`in_words`)."""

    title: str  # the indicator
    unit: str
    labels: list[str]  # the x axis: 2022年, 2023年 …
    x: list[int]  # where each label sits on the axis (its year), so that a missing year leaves a gap
    series: list[ChartSeries]

    def in_words(self) -> str:
        """What the chart draws, for those who cannot see it and for copying:
        专利申请量（件）：2022年 938；2023年 1050；2025年上半年 640；2024年（另一数值） 2150."""
        points = []
        for i, label in enumerate(self.labels):
            for line in self.series:
                if line.values[i] is None:
                    continue
                part = "" if line.name == WHOLE_YEAR else line.name if line.line else f"（{line.name}）"
                points.append(f"{label}{part} {chart_value(line.values[i])}")
        return f"{self.title}（{self.unit}）：{'；'.join(points)}"

    def as_json(self) -> dict[str, object]:
        return {"title": self.title, "unit": self.unit, "labels": self.labels, "x": self.x,
                "series": [{"name": s.name, "values": s.values, "line": s.line} for s in self.series]}  # fmt: skip


@dataclass
class Answer:
    question: str
    query: str  # the standalone query that retrieval used (a follow-up condensed with the history)
    text: str  # with inline [n] markers
    citations: list[Citation]
    mode: AnswerMode
    unverified_numbers: list[str] = field(default_factory=list)
    declined: bool = False
    notice: str | None = None  # e.g. why the LLM was not used
    draft: object | None = None  # the drafting.Draft when the request was to draft, not a question
    table: list[dict[str, object]] | None = None  # a figures answer's period-by-period table
    chart: Chart | None = None  # its chart, as data: each front end draws it

    def as_json(self) -> dict[str, object]:
        """The object `bureau ask --json` prints (with "table" and "chart" for a figures answer)."""
        chart = self.chart.as_json() if self.chart is not None else None
        figures = {"table": self.table, "chart": chart} if self.table is not None else {}
        return {
            "question": self.question,
            "answer": self.text,
            "citations": [c.as_json() for c in self.citations],
            "mode": self.mode,
            "unverified_numbers": self.unverified_numbers,
            "query": self.query,
            "declined": self.declined,
            "notice": self.notice,
        } | figures


@dataclass
class Turn:
    question: str
    query: str
    answer: str


@dataclass
class Conversation:
    """One user's dialogue; the engine reads its turns to condense follow-ups and appends each answer."""

    id: str
    turns: list[Turn] = field(default_factory=list)

    @classmethod
    def new(cls) -> Conversation:
        return cls(uuid.uuid4().hex)
