"""What a key event's figure counts: in 新建院士工作站1家、省级工程技术研究中心2家, 1家 counts 院士工作站 and
2家 counts 工程技术研究中心. A draft that restates the event with a figure on another thing (院士工作站2家)
is caught; one that only reorders the words (建成2家省级工程技术研究中心) is not."""

from __future__ import annotations

import re

from language.lexicon import lexicon

BOUNDARY = re.compile(r"[，；。、：:（）()“”‘’《》\n,;]")
WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def context(text: str, start: int, end: int, figures: list[tuple[int, int]]) -> str:
    """The words on both sides of text[start:end], up to a punctuation mark or another figure."""
    left = max([m.end() for m in BOUNDARY.finditer(text, 0, start)] + [e for s, e in figures if e <= start] + [0])
    right = min([m.start() for m in BOUNDARY.finditer(text, end)] + [s for s, e in figures if s >= end] + [len(text)])
    return f"{text[left:start]} {text[end:right]}"


def bigrams(text: str) -> set[str]:
    """The pairs of adjacent characters (Chinese or Latin) of the text, abbreviations written out."""
    for short, full in lexicon("draft_check")["abbreviations"].items():
        text = text.replace(short, full)
    return {text[i : i + 2] for i in range(len(text) - 1) if WORD.match(text[i]) and WORD.match(text[i + 1])}


def event_anchors(event_texts: list[str], pattern: re.Pattern[str], plain: object) -> dict[str, list[set[str]]]:
    """Each figure of the key events (as plain(figure) gives it) → the words it counts: those of the whole
    event when it is the event's only figure, else the words right around it."""
    anchors: dict[str, list[set[str]]] = {}
    for text in event_texts:
        spans = [m.span() for m in pattern.finditer(text)]
        for match in pattern.finditer(text):
            around = context(text, match.start(), match.end(), spans) if len(spans) > 1 else text
            anchors.setdefault(plain(match.group(0)), []).append(bigrams(around))
    return anchors


def anchored(words: set[str], anchors: list[set[str]], need: int = 2) -> bool:
    """Whether the words around a figure in the draft share enough (need pairs, fewer when there are
    fewer) with its words in some source."""
    return any(len(words & anchor) >= min(need, len(anchor), len(words)) for anchor in anchors)
