"""Rejoin lines that a PDF wrapped mid-sentence; headings and list items keep their own lines."""

from __future__ import annotations

import re
import unicodedata

from language.lexicon import derived, words
from language.text import CLAUSE_END, CN_NUMERAL, cn_value, enumeration_markers, numbered


@derived
def _starts_block() -> re.Pattern[str]:
    """A line that starts a paragraph of its own: a heading or list marker (第一章, 一、, （一）, 1. but not
    3.5), or another mark of enumeration.toml's block_starts (附件, ①, a bullet)."""
    starts = [pattern.pattern for _, pattern in enumeration_markers()]
    starts += [numbered(pattern) for pattern in words("enumeration", "block_starts")]
    return re.compile(f"^(?:{'|'.join(starts)})")

_LIST_ITEM = re.compile(rf"^[（(]({CN_NUMERAL})[）)]")
_LIST_ITEM_INLINE = re.compile(rf"[（(]({CN_NUMERAL})[）)]")
_CLOSERS = "”’」』）)】》〉\"'"
_FULL_RATIO = 0.8
_MIN_FULL_WIDTH = 30


def rejoin_lines(lines: list[str]) -> list[str]:
    """Paragraphs from the lines of one page: a full-width line without closing punctuation continues."""
    lines = [line.strip() for line in lines if line.strip()]
    if not lines:
        return []
    full = max(_FULL_RATIO * max(map(_width, lines)), _MIN_FULL_WIDTH)
    paragraphs = [lines[0]]
    previous = lines[0]
    for line in lines[1:]:
        if _continues(previous, line, full):
            paragraphs[-1] = _glue(paragraphs[-1], line)
        else:
            paragraphs.append(line)
        previous = line
    return paragraphs


def _continues(line: str, following: str, full: float) -> bool:
    if _width(line) < full:
        return False
    if _continues_inline_list(line, following):
        return True
    if _starts_block().match(following):
        return False
    return line.rstrip(_CLOSERS)[-1:] not in CLAUSE_END + "：:…"


def _continues_inline_list(line: str, following: str) -> bool:
    """A list written inline (…（一）…；（二）…；) that the page wrapped before its next item."""
    item = _LIST_ITEM.match(following)
    if not item or not line.rstrip().endswith(("；", ";")):
        return False
    before = _LIST_ITEM_INLINE.findall(line)
    return bool(before) and _follows(before[-1], item.group(1))


def _follows(previous: str, numeral: str) -> bool:
    """（二） after （一）: the numerals count on by one."""
    try:
        return cn_value(previous) + 1 == cn_value(numeral)
    except ValueError:
        return False


def _glue(text: str, line: str) -> str:
    """Chinese joins without a space; two Latin words keep one."""
    if text[-1].isascii() and text[-1].isalpha() and line[0].isascii() and line[0].isalpha():
        return f"{text} {line}"
    return text + line


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
