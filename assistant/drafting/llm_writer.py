"""A section written by an LLM from the computed facts and the exemplars; the caller verifies it."""

from __future__ import annotations

from assistant.config import Settings
from assistant.drafting.data import Event
from assistant.drafting.exemplars import Exemplar
from assistant.drafting.facts import Fact
from assistant.drafting.topics import Topic
from assistant.llm import complete_text
from assistant.prompts import load_prompt


def write_with_llm(
    llm: object, settings: Settings, topic: Topic, year: int, facts: list[Fact], events: list[Event],
    exemplars: list[Exemplar],
) -> str:  # fmt: skip
    """Raises LLMUnavailableError when the LLM fails (the caller then uses the template writer)."""
    prompt = load_prompt(settings, "draft").format(
        topic=topic.name,
        heading=topic.heading,
        year=year,
        facts="\n".join(f"- {f.name}：{f.figure}" for f in facts if "（上年）" not in f.name),
        events="\n".join(f"- {e.item}" for e in events) or "（无）",
        exemplars="\n\n".join(f"【{e.source} {e.section}】\n{e.text}" for e in exemplars) or "（无）",
    )
    return complete_text(llm, prompt).strip()
