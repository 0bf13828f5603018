"""A section written by an LLM from the computed facts and the exemplars; the caller verifies it."""

from __future__ import annotations

import re

from assistant.config import Settings
from assistant.drafting.exemplars import Exemplar
from assistant.drafting.topics import Topic
from assistant.indicators.facts import Fact
from assistant.indicators.reader import Event
from assistant.llm import complete_text
from assistant.prompts import load_prompt

MARKDOWN = re.compile(r"\*\*|__|^#+\s*|^[-*]\s+", re.MULTILINE)
EXEMPLAR_CHARS = 600  # per exemplar: a small model's context is short


def tidy(text: str, heading: str) -> str:
    """Plain lines without Markdown, starting with the 一、 heading (added when the LLM left it out)."""
    lines = [line.strip() for line in MARKDOWN.sub("", text).splitlines() if line.strip()]
    if not lines or not lines[0].startswith("一、"):
        lines.insert(0, f"一、{heading}")
    return "\n".join(lines)


def write_with_llm(
    llm: object, settings: Settings, topic: Topic, heading: str, when: str, facts: list[Fact], events: list[Event],
    exemplars: list[Exemplar],
) -> str:  # fmt: skip
    """Raises LLMUnavailableError when the LLM fails (the caller then uses the template writer)."""
    prompt = load_prompt(settings, "draft").format(
        topic=topic.name,
        heading=heading,
        when=when,
        facts="\n".join(f"- {f.name}：{f.figure}" for f in facts if f.kind != "last"),
        events="\n".join(f"- {e.item}" for e in events) or "（无）",
        exemplars="\n\n".join(f"【{e.source} {e.section}】\n{e.text[:EXEMPLAR_CHARS]}" for e in exemplars) or "（无）",
    )
    return tidy(complete_text(llm, prompt), heading)
