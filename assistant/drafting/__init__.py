"""The drafting assistant: indicator data → computed facts → exemplars from the knowledge base →
template or LLM writer → number verification → a .docx in official format."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistant.answer.numbers import figures
from assistant.config import Settings
from assistant.drafting.data import DraftDataError, read_indicator_data
from assistant.drafting.docx_export import write_docx
from assistant.drafting.exemplars import Exemplar, find_exemplars
from assistant.drafting.facts import Fact, facts_for
from assistant.drafting.template_writer import place_level, write_section
from assistant.drafting.topics import TOPICS, Topic, UnknownTopicError, find_topic, topic_from_request
from assistant.drafting.verify import verify_draft
from assistant.knowledge import KnowledgeBase

__all__ = [
    "TOPICS", "Draft", "DraftDataError", "UnknownTopicError", "draft_section", "export_docx", "recheck",
    "topic_from_request",
]  # fmt: skip


@dataclass
class Draft:
    topic: str
    title: str
    text: str
    facts: list[Fact]
    exemplars: list[Exemplar] = field(default_factory=list)
    unverified_numbers: list[str] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)
    mode: str = "template"
    notice: str | None = None
    event_figures: list[str] = field(default_factory=list)
    years: tuple[int, ...] = ()

    def as_json(self) -> dict[str, object]:
        """The object `bureau draft --json` prints."""
        return {
            "topic": self.topic,
            "text": self.text,
            "facts": [f.as_json() for f in self.facts],
            "unverified_numbers": self.unverified_numbers,
            "exemplars": [e.as_json() for e in self.exemplars],
            "title": self.title,
            "mode": self.mode,
            "corrections": self.corrections,
            "notice": self.notice,
        }


def draft_section(
    settings: Settings, data_path: Path, topic: str | Topic, kb: KnowledgeBase | None = None, llm: object = None
) -> Draft:
    """Draft one topic's section from the data file; the LLM writes it when given, else the template."""
    chosen_topic = topic if isinstance(topic, Topic) else find_topic(topic)
    data = read_indicator_data(data_path)
    indicators = [i for i in data.indicators if any(w in i.name for w in chosen_topic.indicator_words)]
    events = [e for e in data.events if e.category in chosen_topic.event_categories or e.category == chosen_topic.name]
    if not indicators and not events:
        raise DraftDataError(f"{data.source} 中没有与“{chosen_topic.name}”有关的指标或重点工作，请换一个主题或补充数据")
    facts = facts_for(indicators, data.indicators)
    exemplars = find_exemplars(kb, chosen_topic) if kb is not None else []
    place, _ = place_level(data)
    title = f"{place}{data.year}年{chosen_topic.name}工作情况"
    text, mode, notice = write_section(chosen_topic, data, indicators, events), "template", None
    if llm is not None:
        from assistant.drafting.llm_writer import write_with_llm
        from assistant.llm import LLMUnavailableError

        try:
            text, mode = write_with_llm(llm, settings, chosen_topic, data.year, facts, events, exemplars), "llm"
        except LLMUnavailableError as error:
            notice = f"{error} 已改用模板起草。"
    checked = verify_draft(text, facts, [e.item for e in events], {data.year, data.last_year})
    return Draft(chosen_topic.name, title, checked.text, facts, exemplars, checked.unverified, checked.corrections,
                 mode, notice, [f for e in events for f in figures(e.item)], (data.last_year, data.year))  # fmt: skip


def recheck(draft: Draft, text: str) -> list[str]:
    """Figures in an edited draft that trace to no cell or derivation of the original draft's data."""
    allowed = {f.figure for f in draft.facts} | set(draft.event_figures) | {f"{y}年" for y in draft.years}
    return [figure for figure in figures(text) if figure not in allowed]


def export_docx(draft: Draft, path: Path, title: str | None = None) -> Path:
    return write_docx(title or draft.title, draft.text, path)
