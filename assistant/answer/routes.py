"""Routes: answerers the `Assistant` tries in order, before retrieval QA, for a message that is not an
ordinary question (a drafting request, an enterprise's eligibility check, a question over one
indicator's figures). Each feature provides its route from its own package; the composition roots
(assistant/composition.py, used by app.py and the `bureau` command) hand the list to the Assistant, so a
bureau adds or reorders routes without touching the answer engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from llama_index.core.llms import LLM

from assistant.answer.model import Answer
from assistant.config import Settings
from assistant.knowledge import KnowledgeBase


@dataclass(frozen=True)
class RouteContext:
    """What a route may use to answer: the settings, the knowledge bases the asker may read (and no
    others) and the configured LLM (None when answering offline)."""

    settings: Settings
    knowledge_bases: list[KnowledgeBase]
    llm: LLM | None

    @property
    def kb_names(self) -> list[str]:
        return [kb.name for kb in self.knowledge_bases]


class Route(Protocol):
    """One way of answering a message, tried before retrieval QA."""

    name: str  # says which route answered, e.g. in logs and tests

    def answer(self, question: str, context: RouteContext) -> Answer | None:
        """The answer when the message is this route's to answer; None to let the next route try."""
        ...
