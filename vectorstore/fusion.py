"""Fusion of the lexical and dense rankings into one, by their scores scaled to a common range."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)


def _unit_range(scores: dict[Key, float]) -> dict[Key, float]:
    """Scores scaled to 0..1 over this result list (the best is 1)."""
    low, high = min(scores.values()), max(scores.values())
    span = high - low or 1.0
    return {key: (score - low) / span for key, score in scores.items()}


def score_fusion(
    lexical: Sequence[tuple[Key, float]], dense: Sequence[tuple[Key, float]], dense_weight: float
) -> list[tuple[Key, float]]:
    """Items by BM25 score / best BM25 score + dense_weight × cosine scaled to 0..1 over the dense list.

    Unlike rank fusion this keeps how much better the first BM25 hit is than the rest, so a clear
    lexical match is not pulled down by a weak dense ranking."""
    if not lexical and not dense:
        return []
    best = max((score for _, score in lexical), default=0.0) or 1.0
    fused = {key: score / best for key, score in lexical}
    for key, score in (_unit_range(dict(dense)) if dense else {}).items():
        fused[key] = fused.get(key, 0.0) + dense_weight * score
    return sorted(fused.items(), key=lambda item: -item[1])
