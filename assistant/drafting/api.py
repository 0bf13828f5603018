"""The drafting assistant's entry points: draft a topic's section, re-check an edited draft, export it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import Settings
from assistant.drafting.docx_export import write_docx
from assistant.drafting.exemplars import Exemplar, find_exemplars
from assistant.drafting.facts import event_figures, event_total, facts_for
from assistant.drafting.history import fill_from_figures
from assistant.drafting.place import fix_level_words
from assistant.drafting.template_writer import write_section
from assistant.drafting.topics import Topic, all_topics, find_topic, heading_for, select
from assistant.drafting.verify import verify_draft
from assistant.indicators.facts import Fact
from assistant.indicators.place import place_level
from assistant.indicators.reader import DraftDataError, read_indicator_data
from assistant.knowledge import KnowledgeBase


@dataclass
class Draft:
    topic: str
    title: str
    text: str
    facts: list[Fact]
    exemplars: list[Exemplar] = field(default_factory=list)
    unverified_numbers: list[str] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)  # what the number check did, in Chinese
    mode: str = "template"  # or "llm"
    notice: str | None = None  # why the LLM was not used, when it failed
    event_texts: list[str] = field(default_factory=list)
    years: tuple[int, ...] = ()
    event_facts: list[Fact] = field(default_factory=list)  # the figures the key events state, with their cells
    cited: list[str] = field(default_factory=list)  # values taken from the documents' figures, with where

    @property
    def sources(self) -> list[Fact]:
        """Every figure the draft may state, with its cell: computed ones, then those of the key events."""
        return self.facts + self.event_facts

    def as_json(self) -> dict[str, object]:
        """The object `bureau draft --json` prints."""
        return {
            "topic": self.topic,
            "text": self.text,
            "facts": [f.as_json() for f in self.facts],
            "event_facts": [f.as_json() for f in self.event_facts],
            "unverified_numbers": self.unverified_numbers,
            "exemplars": [e.as_json() for e in self.exemplars],
            "title": self.title,
            "mode": self.mode,
            "corrections": self.corrections,
            "notice": self.notice,
            "cited": self.cited,
        }


def draft_section(
    settings: Settings, data_path: Path, topic: str | Topic, kb: KnowledgeBase | None = None, llm: object = None
) -> Draft:
    """Draft one topic's section from the data file; the LLM writes it when given, else the template.
    Raises DraftDataError (bad data, named by cell) and UnknownTopicError."""
    chosen_topic = topic if isinstance(topic, Topic) else find_topic(topic)
    data = read_indicator_data(data_path)
    indicators, events = select(chosen_topic, data.indicators, data.events)
    if not indicators and not events:
        raise DraftDataError(f"{data.source} 中没有与“{chosen_topic.name}”有关的指标或重点工作，请换一个主题或补充数据")
    cited = fill_from_figures(data, indicators, kb)
    facts = facts_for(indicators, data.indicators) + [total for e in events if (total := event_total(e))]
    exemplars = find_exemplars(kb, chosen_topic) if kb is not None else []
    place = place_level(data, (settings.drafting.region, settings.bureau_name))
    title = f"{place.name}{data.when}{chosen_topic.name}工作情况"
    template = write_section(chosen_topic, data, indicators, events, place.level)
    event_texts, years = [e.item for e in events], {data.year, data.last_year}
    text, mode, notice, leveled = template, "template", None, []
    if llm is not None:
        # Deferred: the LLM client libraries load only when an LLM is configured (offline is the default).
        from assistant.drafting.llm_writer import write_with_llm
        from assistant.llm import LLMUnavailableError

        try:
            heading = heading_for(chosen_topic, indicators)
            text, leveled = fix_level_words(
                write_with_llm(llm, settings, chosen_topic, heading, data.when, facts, events, exemplars), place.level)
            mode = "llm"
        except LLMUnavailableError as error:
            notice = f"{error} 已改用模板起草。"
    checked = verify_draft(text, facts, event_texts, years)
    typed = [i.growth_note for i in indicators if i.growth_note]  # the table's own growth cells that disagree
    if mode == "llm" and facts and not any(f.figure in checked.text for f in facts):
        notice = "大模型写出的草稿没有用上数据中的数字，已改用模板起草；可换用更强的模型后重试。"
        mode, checked = "template", verify_draft(template, facts, event_texts, years)
    typed += leveled if mode == "llm" else []  # the LLM's level words put right
    stated = [f for e in events for f in event_figures(e)]
    return Draft(chosen_topic.name, title, checked.text, facts, exemplars, checked.unverified, typed + checked.corrections,
                 mode, notice, event_texts, tuple(sorted(years)), event_facts=stated, cited=cited)  # fmt: skip


def topics_for(data_path: Path) -> list[Topic]:
    """The topics the data file has indicators or key events for (what a topic picker should offer).
    Raises DraftDataError when the file itself is bad."""
    data = read_indicator_data(data_path)
    return [t for t in all_topics() if any(select(t, data.indicators, data.events))]


def recheck(draft: Draft, text: str) -> list[str]:
    """Figures in an edited draft that the original draft's data does not back (unknown, or stated
    for the wrong indicator)."""
    return verify_draft(text, draft.facts, draft.event_texts, set(draft.years)).unverified


def export_docx(draft: Draft, path: Path, title: str | None = None, author: str = "") -> Path:
    """The draft as an official-format .docx (GB/T 9704-2012), `author` (the bureau) in its properties;
    returns the path written."""
    return write_docx(title or draft.title, draft.text, path, author)
