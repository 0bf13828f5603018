"""Which way a figure moved, in one vocabulary (language/lexicon/changes.toml): the words that say a
figure rose or fell (增长, 下降, 增幅 …), and the words a computed change is stated with."""

from __future__ import annotations

import re
from typing import Literal

from language.lexicon import derived, lexicon

Direction = Literal["rise", "fall"]
Moved = Literal["rate", "amount", "points", "noun", "reached", "points_reached", "ratio_is"]
LEXICON = "changes"


def change_words(direction: Direction, nouns: bool = True) -> tuple[str, ...]:
    """The verbs (and nouns) that say a figure moved this way."""
    entry = lexicon(LEXICON)[direction]
    return tuple(entry["verbs"]) + (tuple(entry["nouns"]) if nouns else ())


def change_alternation(direction: Direction | None = None, nouns: bool = True) -> str:
    """The change words of one direction (or both) as a regular-expression alternation, longest first."""
    found = [w for d in (("rise", "fall") if direction is None else (direction,)) for w in change_words(d, nouns)]
    return "|".join(map(re.escape, sorted(found, key=len, reverse=True)))


@derived
def _directions() -> dict[str, Direction]:
    return {word: d for d in ("fall", "rise") for word in change_words(d)}  # type: ignore[misc]


def direction_of(word: str) -> Direction | None:
    """rise for 增长, fall for 降幅, None for a word that says no direction."""
    return _directions().get(word)


def stated(direction: Direction | None, moved: Moved) -> str:
    """The word a computed change is stated with: 增长 (a rate that rose), 减少 (an amount that fell),
    提高 (a ratio that rose, in 百分点), 增加到 (the value it reached); for no change (`direction` None)
    the neutral word (变化, 保持在)."""
    return lexicon(LEXICON)["stated"][direction or "flat"][moved]


def flat() -> str:
    """The word for a figure that did not move (持平)."""
    return lexicon(LEXICON)["stated"]["flat"]["flat"]
