"""Which way a change goes: 专利授权量同比下降16.1% has the right figure and the wrong word when the
data says it rose. The word before each change figure is checked against the computed direction and
put right."""

from __future__ import annotations

import re

from assistant.indicators.facts import Fact
from language.changes import change_alternation, change_words, direction_of, stated
from language.lexicon import alternation, derived

CLAUSE_START = re.compile(r"[，；。\n]")


@derived
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a change word, a change verb + 到/至 at the end — 由上年的1.86%提高到2.03%)."""
    word = re.compile(change_alternation())
    to = re.compile(f"(?:{change_alternation(nouns=False)})(?:{alternation('draft_check', 'to_words')})$")
    return word, to


def rising(fact: Fact) -> bool | None:
    """True for a rise, False for a fall, None for no change or a fact that is not a change."""
    if fact.kind not in ("change", "increment") or fact.direction is None:
        return None
    return fact.direction == "rise"


def right_word(verb: str, fact: Fact, up: bool) -> str:
    """The word the fact needs, of the same kind as the one written (增幅 ↔ 降幅, 增加 ↔ 减少 …)."""
    way = "rise" if up else "fall"
    if verb not in change_words("rise", nouns=False) + change_words("fall", nouns=False):
        return stated(way, "noun")
    if fact.kind == "increment":
        return stated(way, "amount")
    return stated(way, "points" if fact.unit == "个百分点" else "rate")


def wrong_direction(
    text: str, figure: re.Match[str], facts: list[Fact], plain: object, named: str | None
) -> tuple[re.Match[str], str, Fact] | None:
    """The direction word before a change figure when it contradicts the data: (the word, the right
    word, the fact). None when the figure is no change, or it is unclear which change it is."""
    change_word, change_to = _patterns()
    value = plain(figure.group(0))
    same = [f for f in facts if plain(f.figure) == value]
    start = max((m.end() for m in CLAUSE_START.finditer(text, 0, figure.start())), default=0)
    to = change_to.search(text, start, figure.start())
    if to and same and all(f.kind == "value" for f in same):
        return _wrong_way_to(text, to.start(), facts, {f.subject for f in same})
    changes = [f for f in same if rising(f) is not None]
    if not changes or len(changes) != len(same):  # also a value or a share: no direction to check
        return None
    if named and any(f.subject == named for f in changes):
        changes = [f for f in changes if f.subject == named]
    verbs = list(change_word.finditer(text, start, figure.start()))
    if not verbs or len({rising(f) for f in changes}) != 1:
        return None
    verb, up = verbs[-1], rising(changes[0])
    if (direction_of(verb.group(0)) == "rise") == up:
        return None
    return verb, right_word(verb.group(0), changes[0], up), changes[0]


def _wrong_way_to(text: str, at: int, facts: list[Fact], subjects: set[str]) -> tuple[re.Match[str], str, Fact] | None:
    """For 增加到/下降到 this year's value: the word when the indicator moved the other way."""
    changes = [f for f in facts if f.subject in subjects and rising(f) is not None and f.kind == "change"]
    if len({rising(f) for f in changes}) != 1:
        return None
    change_word, _ = _patterns()
    verb, up = change_word.match(text, at), rising(changes[0])
    if verb is None or (direction_of(verb.group(0)) == "rise") == up:
        return None
    moved = "points" if changes[0].unit == "个百分点" else "amount"
    return verb, stated("rise" if up else "fall", moved), changes[0]
