"""A follow-up (那实用新型呢？ 申报时间呢？) becomes a standalone query before retrieval.

Offline, the previous topic is carried over: a new subject replaces the old one (那实用新型呢 after
发明专利授权后资助多少 asks 实用新型授权后资助多少), a new aspect is asked of the old subject
(申报时间呢 after 专利资助标准 asks 专利资助 申报时间). With an LLM, the LLM rewrites it.
"""

from __future__ import annotations

import re

import jieba.posseg as pseg

from assistant.answer.model import Turn
from language.lexicon import derived, lexicon

SUBJECT_FLAGS = ("n", "l", "b", "j", "vn", "nz", "eng")


@derived
def _patterns() -> dict[str, re.Pattern[str]]:
    words = lexicon("follow_up")
    return {
        "follow_up": re.compile(rf"^{words['lead']}?[\s，,]*(?P<focus>.{{1,16}}?)\s*{words['tail']}?[？?。！!]*$"),
        "lead": re.compile(rf"^{words['lead']}[\s，,]*"),
        "tail": re.compile(rf"\s*{words['tail']}?[？?。！!\s]*$"),
        "cues": re.compile(words["cues"]),
        "pronoun": re.compile(f"^{words['pronouns']}"),
        "aspects": re.compile(words["aspects"]),
    }


def is_follow_up(question: str) -> bool:
    text = question.strip()
    return len(text) <= lexicon("follow_up")["max_chars"] and bool(_patterns()["cues"].search(text))


def _subject(query: str) -> tuple[str, str]:
    """The leading noun phrase of a query and the rest: (发明专利, 授权后每件能拿到多少资助？)."""
    words = pseg.lcut(query)
    taken = 0
    for word, flag in words:
        if not flag.startswith(SUBJECT_FLAGS):
            break
        taken += len(word)
    return query[:taken], query[taken:]


def asked(question: str) -> str:
    """What a question asks in its own words, without a follow-up's lead-in, tail words and pronoun
    (language/lexicon/follow_up.toml): 那实用新型呢？ → 实用新型, 它的期限呢 → 期限."""
    patterns = _patterns()
    text = question.strip()
    match = patterns["follow_up"].match(text)
    focus = match["focus"] if match else patterns["tail"].sub("", patterns["lead"].sub("", text))
    return patterns["pronoun"].sub("", focus.strip())


def carry_over(question: str, previous: Turn) -> str:
    """The offline rewrite of a follow-up, from the previous standalone query."""
    patterns = _patterns()
    focus = asked(question)
    subject, rest = _subject(previous.query)
    if not focus:
        return previous.query
    if not subject:
        return f"{previous.query.rstrip('？?。')}，{focus}"
    if patterns["aspects"].search(focus):
        return f"{subject}{focus}"
    return f"{focus}{rest}"


def condense_offline(question: str, history: list[Turn]) -> str:
    if not history or not is_follow_up(question):
        return question
    return carry_over(question, history[-1])
