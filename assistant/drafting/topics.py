"""Report topics: which indicators and key events belong to each, its heading, and how a chat
request names one (帮我起草今年知识产权工作的总结段落 → 知识产权)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.drafting.facts import parent_of
from assistant.indicators.reader import Event, Indicator
from language.lexicon import compile_pattern, derived, lexicon, words


@dataclass(frozen=True)
class Topic:
    name: str
    heading: str  # the 一、 heading of the section, without the numeral
    indicator_words: tuple[str, ...]
    event_categories: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    aim: str = ""  # what the work serves, for the opening sentence


@derived
def all_topics() -> tuple[Topic, ...]:
    """The topics of language/lexicon/draft_topics.toml (with a bureau's own), in their order."""
    fields = ("indicator_words", "event_categories", "aliases")
    return tuple(
        Topic(**{key: tuple(value) if key in fields else value for key, value in entry.items()})
        for entry in lexicon("draft_topics").get("topics", [])
    )


@derived
def _request_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(verbs, objects) of a drafting request."""
    verbs, objects = words("draft_topics", "request_verbs"), words("draft_topics", "request_objects")
    return compile_pattern("|".join(verbs), "draft_topics"), compile_pattern("|".join(objects), "draft_topics")


class UnknownTopicError(ValueError):
    def __init__(self, topic: str) -> None:
        names = "、".join(t.name for t in all_topics())
        super().__init__(f"不认识的主题“{topic}”。可选主题：{names}")


def find_topic(name: str) -> Topic:
    """A topic by its name or an alias (知识产权, 专利, 高企 …)."""
    for topic in all_topics():
        if name == topic.name or name in topic.aliases:
            return topic
    for topic in all_topics():
        if topic.name in name or any(alias in name for alias in topic.aliases):
            return topic
    raise UnknownTopicError(name)


def topic_from_request(text: str) -> Topic | None:
    """The topic a chat message asks to draft, or None when it is not a drafting request."""
    verbs, objects = _request_words()
    if not (verbs.search(text) and objects.search(text)):
        return None
    try:
        return find_topic(text)
    except UnknownTopicError:
        return None


def heading_for(topic: Topic, indicators: list[Indicator]) -> str:
    """The topic's 一、 heading, or a neutral one when an indicator fell: a heading must not praise a fall."""
    return topic.heading if all(i.last is None or i.this >= i.last for i in indicators) else f"{topic.name}工作情况"


def select(topic: Topic, indicators: list[Indicator], events: list[Event]) -> tuple[list[Indicator], list[Event]]:
    """The topic's indicators (by keyword in the name, with their 其中： rows) and key events (by category)."""
    named = [i for i in indicators if any(word in i.name for word in topic.indicator_words)]
    chosen = [i for i in indicators if i in named or (i.is_part and parent_of(indicators, i) in named)]
    return chosen, [e for e in events if e.category in topic.event_categories or e.category == topic.name]
