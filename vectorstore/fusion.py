"""Reciprocal rank fusion: one ranking from several, using ranks only (scores of BM25 and cosine
similarity are not comparable)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[Key]], weights: Sequence[float] | None = None, k: int = 60
) -> list[tuple[Key, float]]:
    """Items by Σ weight / (k + rank), best first; ties keep first-seen order."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[Key, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, key in enumerate(ranking, start=1):
            fused[key] = fused.get(key, 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda item: -item[1])
