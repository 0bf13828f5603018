"""What the stores hold and what a search returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SearchMode = Literal["hybrid", "bm25", "dense"]


@dataclass
class StoredChunk:
    """A chunk as the knowledge base keeps it; `id` is unique across files (source key + chunk id)."""

    id: str
    chunk_id: str
    source: str
    doc_id: str
    text: str
    search_text: str
    heading_path: list[str]
    location: str
    metadata: dict[str, object]
    position: int = 0  # in its file's reading order

    @property
    def title(self) -> str:
        return str(self.metadata.get("title", ""))

    @property
    def section(self) -> str:
        return " › ".join(self.heading_path)


@dataclass
class SearchFilters:
    """Metadata a result must match; None matches anything."""

    doc_type: str | None = None
    year: int | None = None
    source: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {k: v for k, v in vars(self).items() if v is not None}


@dataclass
class SearchResult:
    """One retrieved passage: verbatim text, where it comes from and how well it matched."""

    text: str
    source: str
    title: str
    section: str
    score: float
    location: str
    chunk_id: str
    metadata: dict[str, object]
    opening: str = ""  # the opening of the passage's document (its place, issuer and subject)

    def as_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "source": self.source,
            "title": self.title,
            "section": self.section,
            "score": round(self.score, 6),
            "location": self.location,
            "chunk_id": self.chunk_id,
            "metadata": self.metadata,
        }
