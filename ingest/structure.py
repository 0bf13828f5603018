"""Heading hierarchy of Chinese government writing: which lines are headings, and each passage's path."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.model import Block, BlockKind, Document, Heading
from language.text import CLAUSE_END, LINE_END, SENTENCE_END, article_rank, cn_value, enumeration_markers

HEADING_MAX_CHARS = 40  # a whole-line heading is at most this long (after its marker)
LEAD_MAX_CHARS = 30  # a leading heading sentence followed by body text is at most this long
LEAD_MIN_CHARS = 2
# Where a heading sentence ends: sentence punctuation, or a space before more text (web dumps).
LEAD_END = re.compile(rf"[{CLAUSE_END}]|\s+(?=\S)")
WRAPPED_LINE_CHARS = 200  # a line this long that stops mid-sentence was wrapped: the next line continues it
# An inline marker may start only after whitespace or a sentence end.
INLINE_START = re.compile(rf"(?<=[\s{SENTENCE_END}])(?=\S)")


@dataclass
class Marker:
    rank: int
    ordinal: int
    end: int  # index just past the marker


@dataclass
class Passage:
    """A piece of body text with the headings it sits under (title first)."""

    text: str
    kind: BlockKind
    location: str
    path: list[str]


@dataclass
class Outline:
    """A document's heading tree (Heading.level = depth, 1 = top) and its body passages in order."""

    headings: list[Heading] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)


@dataclass
class _Line:
    """One line after inline splitting, classified."""

    text: str
    kind: BlockKind
    location: str
    rank: int | None = None  # set for every marker line, heading or not
    heading: str | None = None  # heading text, marker kept
    has_body: bool = True


@lru_cache(maxsize=1024)  # asked for every marker-like spot of every line: a few hundred distinct numerals
def ordinal(numeral: str) -> int | None:
    """The whole number a heading or part ordinal writes (十二 → 12, 3 → 3); None for what is no
    single number (三四)."""
    try:
        number = cn_value(numeral)
    except ValueError:
        return None
    return int(number) if number == number.to_integral_value() else None


def find_marker(text: str) -> Marker | None:
    """The heading marker that starts `text`, if any."""
    for rank, pattern in enumeration_markers():
        match = pattern.match(text)
        if match and match.end() < len(text) and (number := ordinal(match.group(1))) is not None:
            return Marker(rank, number, match.end())
    return None


def heading_text(text: str, marker: Marker) -> tuple[str | None, bool]:
    """(heading with its marker, whether body text follows on the same line) for a marker line."""
    if marker.rank == article_rank():
        return text[: marker.end].strip(), True
    rest = text[marker.end :].strip()
    end = LEAD_END.search(rest)
    if end is None or end.end() == len(rest):
        title = rest.rstrip(CLAUSE_END)
        if LEAD_MIN_CHARS <= len(title) <= HEADING_MAX_CHARS:
            return text[: marker.end].strip() + title, False
        return None, True
    lead = rest[: end.start()]
    if LEAD_MIN_CHARS <= len(lead) <= LEAD_MAX_CHARS:
        return text[: marker.end].strip() + lead, True
    return None, True


def _plausible(marker: Marker, counters: dict[int, int], after_space: bool) -> bool:
    """An inline marker continues its sequence, or starts a new list after a space."""
    return marker.ordinal == counters.get(marker.rank, 0) + 1 or (marker.ordinal == 1 and after_space)


def _count(marker: Marker, counters: dict[int, int]) -> None:
    counters[marker.rank] = marker.ordinal
    for rank in [r for r in counters if r > marker.rank]:
        del counters[rank]


def split_inline(text: str, counters: dict[int, int]) -> list[str]:
    """Cut a run-together line before inline markers that continue a plausible sequence.

    After a space any such marker counts; after a sentence end only one that opens a heading.
    """
    local = dict(counters)
    first = find_marker(text)
    if first:
        _count(first, local)
    cuts = [0]
    for start in INLINE_START.finditer(text):
        pos = start.start()
        marker = find_marker(text[pos:])
        if marker is None or marker.rank == article_rank():
            continue
        after_space = text[pos - 1].isspace()
        if not _plausible(marker, local, after_space):
            continue
        if not after_space and heading_text(text[pos:], marker)[0] is None:
            continue
        cuts.append(pos)
        _count(marker, local)
    bounds = zip(cuts, cuts[1:] + [len(text)])
    return [piece for a, b in bounds if (piece := text[a:b].strip())]


def _classify(blocks: list[Block], title: str) -> list[_Line]:
    """Split run-together lines and mark headings and list items."""
    lines: list[_Line] = []
    counters: dict[int, int] = {}
    previous = ""
    for block in blocks:
        text = block.text.strip()
        if not text or text == title.strip():
            continue
        wrapped = len(previous) >= WRAPPED_LINE_CHARS and previous[-1] not in LINE_END
        previous = text
        if block.kind == "table_row":
            lines.append(_Line(text, "table_row", block.location))
            continue
        if block.kind == "heading":
            marker = find_marker(text)
            rank = marker.rank if marker else max(block.heading_level or 1, 1)
            if marker:
                _count(marker, counters)
            lines.append(_Line(text, "para", block.location, rank, text, has_body=False))
            continue
        for index, piece in enumerate(split_inline(text, counters)):
            line = _Line(piece, "para", block.location)
            marker = None if wrapped and index == 0 else find_marker(piece)
            if marker:
                _count(marker, counters)
                line.rank = marker.rank
                line.heading, line.has_body = heading_text(piece, marker)
            lines.append(line)
    return lines


def _demote_leaves(lines: list[_Line]) -> None:
    """A heading line with nothing under it (the next line is a sibling or higher) is a list item: body."""
    for line, following in zip(lines, lines[1:] + [None]):
        if line.heading is None or line.has_body or line.kind != "para":
            continue
        if following is None or (following.rank is not None and following.rank <= line.rank):
            line.heading, line.has_body = None, True


def outline(doc: Document) -> Outline:
    """Headings and body passages of a document, each passage with its heading path."""
    lines = _classify(doc.blocks, doc.title)
    _demote_leaves(lines)
    result = Outline()
    stack: list[tuple[int, str]] = []
    for line in lines:
        if line.rank is not None:
            while stack and stack[-1][0] >= line.rank:
                stack.pop()
        if line.heading is not None:
            stack.append((line.rank, line.heading))
            result.headings.append(Heading(level=len(stack), text=line.heading))
        if line.has_body:
            path = [doc.title] + [text for _, text in stack]
            result.passages.append(Passage(line.text, line.kind, line.location, path))
    return result
