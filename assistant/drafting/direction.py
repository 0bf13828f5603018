"""Which way a change goes: 专利授权量同比下降16.1% has the right figure and the wrong word when the
data says it rose. The word before each change figure is checked against the computed direction and
put right."""

from __future__ import annotations

import re

from assistant.drafting.facts import Fact
from language.lexicon import alternation, derived, words

CLAUSE_START = re.compile(r"[，；。\n]")
RISING_NOUN, FALLING_NOUN = "增幅", "降幅"


def change_verbs() -> str:
    """The verbs of a change, either way, as an alternation (language/lexicon/draft_check.toml)."""
    return f"{alternation('draft_check', 'rising_verbs')}|{alternation('draft_check', 'falling_verbs')}"


@derived
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    """(a change word, a change verb + 到/至 at the end — 由上年的1.86%提高到2.03%, the rising words)."""
    word = re.compile(f"{change_verbs()}|{RISING_NOUN}|{FALLING_NOUN}")
    to = re.compile(f"(?:{change_verbs()})(?:到|至)$")
    return word, to, frozenset(words("draft_check", "rising_verbs")) | {RISING_NOUN}


def rising(fact: Fact) -> bool | None:
    """True for a rise, False for a fall, None for no change or a fact that is not a change."""
    if fact.kind not in ("change", "increment"):
        return None
    if fact.name.endswith(("同比增长", "增加量", "提高")):
        return True
    if fact.name.endswith(("同比下降", "减少量", "下降")):
        return False
    return None


def right_word(verb: str, fact: Fact, up: bool) -> str:
    """The word the fact needs, of the same kind as the one written (增幅 ↔ 降幅, 增加 ↔ 减少 …)."""
    if verb in (RISING_NOUN, FALLING_NOUN):
        return RISING_NOUN if up else FALLING_NOUN
    if fact.kind == "increment":
        return "增加" if up else "减少"
    if fact.unit == "个百分点":
        return "提高" if up else "下降"
    return "增长" if up else "下降"


def wrong_direction(
    text: str, figure: re.Match[str], facts: list[Fact], plain: object, named: str | None
) -> tuple[re.Match[str], str, Fact] | None:
    """The direction word before a change figure when it contradicts the data: (the word, the right
    word, the fact). None when the figure is no change, or it is unclear which change it is."""
    change_word, change_to, rising_words = _patterns()
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
    if (verb.group(0) in rising_words) == up:
        return None
    return verb, right_word(verb.group(0), changes[0], up), changes[0]


def _wrong_way_to(text: str, at: int, facts: list[Fact], subjects: set[str]) -> tuple[re.Match[str], str, Fact] | None:
    """For 增加到/下降到 this year's value: the word when the indicator moved the other way."""
    changes = [f for f in facts if f.subject in subjects and rising(f) is not None and f.kind == "change"]
    if len({rising(f) for f in changes}) != 1:
        return None
    change_word, _, rising_words = _patterns()
    verb, up = change_word.match(text, at), rising(changes[0])
    if verb is None or (verb.group(0) in rising_words) == up:
        return None
    ratio = changes[0].unit == "个百分点"
    return verb, ("提高" if up else "下降") if ratio else ("增加" if up else "减少"), changes[0]
