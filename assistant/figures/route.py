"""The chat's figures route: a question over one indicator's figures (专利申请量这几年怎么变化？) is
answered from the figures table (answer.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.answer.model import Answer
from assistant.answer.routes import RouteContext
from assistant.figures.answer import answer_figures


@dataclass(frozen=True)
class FiguresRoute:
    name: str = "figures"
    workbook: bool = True  # the drafting workbook's figures too: internal, for staff only

    def answer(self, question: str, context: RouteContext) -> Answer | None:
        workbook = Path(context.settings.drafting.data_path) if self.workbook else None
        return answer_figures(context.knowledge_bases, question, workbook)
