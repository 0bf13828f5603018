"""Past summary passages on a topic, from the knowledge base: examples of structure and phrasing."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.drafting.topics import Topic
from assistant.knowledge import KnowledgeBase
from vectorstore.model import SearchFilters

EXEMPLARS = 3


@dataclass
class Exemplar:
    source: str
    section: str
    text: str

    def as_json(self) -> dict[str, str]:
        return {"source": self.source, "section": self.section}


def find_exemplars(kb: KnowledgeBase, topic: Topic, k: int = EXEMPLARS) -> list[Exemplar]:
    """Summary passages (doc type 总结) on the topic; none when the knowledge base holds no summary
    (a policy article is no model for a summary)."""
    query = f"{topic.name}工作 {' '.join(topic.aliases)} 同比增长"
    results = kb.search(query, k, SearchFilters(doc_type="总结"))
    return [Exemplar(r.source, r.section, r.text) for r in results]
