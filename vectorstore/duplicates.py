"""Near-duplicate passages (a compilation repeats an article; two files share a paragraph) shown once."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
NOT_WORD = re.compile(r"[^0-9a-z\u4e00-\u9fff]")
SHINGLE = 3


def shingles(text: str) -> frozenset[str]:
    """Character 3-grams of the text without punctuation and spaces."""
    bare = NOT_WORD.sub("", text.lower())
    return frozenset(bare[i : i + SHINGLE] for i in range(max(len(bare) - SHINGLE + 1, 1)))


def near_duplicate(a: frozenset[str], b: frozenset[str], threshold: float) -> bool:
    """Overlap coefficient: a passage mostly contained in another counts as its duplicate."""
    return len(a & b) >= threshold * min(len(a), len(b))


def collapse_duplicates(
    items: Sequence[Item], text: Callable[[Item], str], threshold: float = 0.8, limit: int | None = None
) -> list[Item]:
    """Keep the first (best-ranked) of each group of near-duplicates, in order; stop once `limit` are kept
    (the comparisons grow with the square of the kept items)."""
    kept: list[Item] = []
    kept_shingles: list[frozenset[str]] = []
    for item in items:
        if limit is not None and len(kept) >= limit:
            break
        current = shingles(text(item))
        if not any(near_duplicate(current, other, threshold) for other in kept_shingles):
            kept.append(item)
            kept_shingles.append(current)
    return kept
