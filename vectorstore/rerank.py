"""Optional second pass: a cross-encoder from a local folder scores (query, passage) pairs."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sentence_transformers import CrossEncoder


@lru_cache(maxsize=2)
def load_reranker(path: str) -> CrossEncoder:
    """One CrossEncoder per path and process, never downloaded (torch is imported only here)."""
    from sentence_transformers import CrossEncoder

    return CrossEncoder(path, device="cpu", local_files_only=True)


def rerank_scores(path: str, query: str, texts: list[str]) -> list[float]:
    """Higher is more relevant."""
    if not texts:
        return []
    return [float(s) for s in load_reranker(path).predict([(query, t) for t in texts], show_progress_bar=False)]
