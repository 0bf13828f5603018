"""The chat's eligibility route: an enterprise's 我们公司…能不能申请？ gets the checklist (chat.py)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer.model import Answer
from assistant.answer.routes import RouteContext
from assistant.eligibility.chat import eligibility_answer


@dataclass(frozen=True)
class EligibilityRoute:
    name: str = "eligibility"

    def answer(self, question: str, context: RouteContext) -> Answer | None:
        return eligibility_answer(context.settings, context.kb_names, question, context.llm)
