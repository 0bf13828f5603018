"""Past summary passages on a topic, from the knowledge base: examples of structure and phrasing."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.drafting.topics import Topic
from assistant.knowledge import KnowledgeBase
from language.lexicon import lexicon
from vectorstore.model import SearchFilters, SearchResult

EXEMPLARS = 3


@dataclass
class Exemplar:
    source: str
    section: str
    text: str

    def as_json(self) -> dict[str, str]:
        return {"source": self.source, "section": self.section}


def topic_words(topic: Topic) -> tuple[str, ...]:
    return (topic.name, *topic.aliases, *topic.indicator_words, *topic.event_categories)


def _on_topic(result: SearchResult, words: tuple[str, ...]) -> int:
    """0 when the passage is off the topic; 2 when its heading names the topic, 1 when only its text does."""
    if any(word in result.section for word in words):
        return 2
    return 1 if any(word in result.text for word in words) else 0


def find_exemplars(kb: KnowledgeBase, topic: Topic, k: int = EXEMPLARS) -> list[Exemplar]:
    """Summary passages that are about the topic, those whose heading names it first; none rather than
    passages on other work (a passage on patents is no model for a section on 科普)."""
    words = topic_words(topic)
    query = f"{topic.name}工作 {' '.join(topic.aliases)}"
    found: list[tuple[int, SearchResult]] = []
    for doc_type in lexicon("draft_topics")["exemplar_doc_types"]:
        results = kb.search(query, 3 * k, SearchFilters(doc_type=doc_type))
        found += [(score, r) for r in results if (score := _on_topic(r, words))]
        if len(found) >= k:
            break
    found.sort(key=lambda pair: -pair[0])  # stable: the search order within each level
    exemplars: dict[tuple[str, str], Exemplar] = {}
    for _, result in found:
        key = (result.source, result.section)
        if key in exemplars:
            exemplars[key].text += result.text  # two passages of one section are one example
        elif len(exemplars) < k:
            exemplars[key] = Exemplar(result.source, result.section, result.text)
    return list(exemplars.values())
