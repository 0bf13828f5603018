"""What the answer engine returns: an answer, its numbered citations, and a conversation's turns."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
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
    chart: str | None = None  # the PNG of its chart
    plot: object = field(default=None, repr=False, compare=False)  # the same chart as a matplotlib Figure

    def as_json(self) -> dict[str, object]:
        """The object `bureau ask --json` prints (with "table" and "chart" for a figures answer)."""
        figures = {"table": self.table, "chart": self.chart} if self.table is not None else {}
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
