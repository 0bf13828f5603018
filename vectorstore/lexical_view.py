"""All chunks of a knowledge base in memory: the BM25 index plus what filters and results need."""

from __future__ import annotations

import numpy as np

from vectorstore.lexical import BM25Index, document_openings
from vectorstore.model import SearchFilters, StoredChunk


class LexicalView:
    """Built at one version of the knowledge base; rows are positions in `chunks`."""

    def __init__(self, chunks: list[StoredChunk], version: int, bm25: BM25Index) -> None:
        self.chunks = chunks
        self.version = version
        self.row_of = {chunk.id: row for row, chunk in enumerate(chunks)}
        self.bm25 = bm25
        self.openings = document_openings(chunks)
        self.columns = {
            "source": np.array([c.source for c in chunks], dtype=object),
            "doc_type": np.array([c.metadata.get("doc_type") for c in chunks], dtype=object),
            "year": np.array([c.metadata.get("year") for c in chunks], dtype=object),
        }

    def mask(self, filters: SearchFilters) -> np.ndarray | None:
        """Rows matching every filter, or None when there is no filter."""
        wanted = filters.as_dict()
        if not wanted:
            return None
        mask = np.ones(len(self.chunks), dtype=bool)
        for key, value in wanted.items():
            mask &= self.columns[key] == value
        return mask

    def search(self, tokens: list[str], k: int, filters: SearchFilters) -> list[tuple[int, float]]:
        return self.bm25.top(tokens, k, self.mask(filters))
