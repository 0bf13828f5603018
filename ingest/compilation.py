"""Compilations: one file holding several articles (总结一 … 五, 计划篇1 … 篇5) becomes one document each.

A part heading is a short line that ends in an ordinal, where two or more such lines share the same
stem and count 1, 2, 3 … in order. Each part keeps its heading as its title. Text before the first
part (the page's own title, an intro) is its own document only when it holds more than a title.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.model import Block
from ingest.structure import ordinal
from language.lexicon import alternation, derived, words
from language.text import CLAUSE_END, CN_NUMERAL

PART_HEADING = re.compile(rf"^(?P<stem>[^\s，。：:、（(]{{2,30}}?)(?P<ordinal>{CN_NUMERAL}|\d{{1,2}})$")
TITLE_MAX_CHARS = 40
FILE_NAME = re.compile(r"^(?P<name>.{4,60}?)\.(?:docx?|pdf|txt|wps)$", re.IGNORECASE)


def _title_word_in(text: str) -> bool:
    return any(word in text for word in words("documents", "title_words"))


@derived
def _leading_title() -> re.Pattern[str]:
    """A title run into the first paragraph: "科学技术局工作总结 一年来，…"."""
    ends = alternation("documents", "title_words")
    return re.compile(rf"^(?P<title>[^\s，。,]{{4,{TITLE_MAX_CHARS}}}?(?:{ends}))\s+(?=\S)")


def _part_headings(blocks: list[Block]) -> list[int]:
    """Indexes of the blocks that open a part, or [] if the file is a single article."""
    by_stem: dict[str, list[tuple[int, int]]] = {}
    for index, block in enumerate(blocks):
        match = PART_HEADING.match(block.text.strip())
        if match and block.kind != "table_row" and _title_word_in(match["stem"]):
            by_stem.setdefault(match["stem"], []).append((index, ordinal(match["ordinal"])))
    for found in by_stem.values():
        ordinals = [ordinal for _, ordinal in found]
        if len(found) >= 2 and ordinals == list(range(1, len(found) + 1)):
            return [index for index, _ in found]
    return []


ID_LIKE = re.compile(r"[0-9A-Fa-f]{8,}(?:[-_][0-9A-Fa-f]+)*|\d{4,}|[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}")
TITLE_BREAK = re.compile(r"\s|[。！？；：，,;:!?]")


def fallback_title(stem: str, blocks: list[Block]) -> str:
    """The file name as a title, unless it is an id (a hash, a uuid, a number): then the first line of the
    text up to its first break, which is where a web dump's title stands (新型冠状病毒…信息公示␣␣为进一步…)."""
    if not ID_LIKE.fullmatch(stem) or not blocks:
        return stem
    first = blocks[0].text.strip()
    head = TITLE_BREAK.split(first, maxsplit=1)[0]
    if len(head) < 4:  # 一、 or a bare date: the line says more
        head = first
    return head if len(head) <= TITLE_MAX_CHARS else head[: TITLE_MAX_CHARS - 1] + "…"


def _is_title(text: str) -> bool:
    return len(text) <= TITLE_MAX_CHARS and text[-1:] not in CLAUSE_END + "，,：:"


def find_title(blocks: list[Block], fallback: str) -> tuple[str, list[Block]]:
    """The article's title and its blocks, with a title run into the first paragraph split off.

    The title is the first block when it reads as one, a file name line such as
    '2022年市科学技术局上半年工作报告.doc' without its extension, or the head of the first
    paragraph when it ends in a document word. Otherwise the file name stands in.
    """
    if not blocks:
        return fallback, blocks
    first = blocks[0].text.strip()
    named = FILE_NAME.match(first)
    if named:
        title = named["name"]
        rest = blocks[1:]
        if rest:  # the page then repeats the title, often without its year
            head = _leading_title().match(rest[0].text)
            if head and head["title"] in title:
                rest = [replace(rest[0], text=rest[0].text[head.end() :])] + rest[1:]
        return title, [replace(blocks[0], text=title, kind="heading")] + rest
    if blocks[0].kind != "table_row" and _is_title(first) and (
        blocks[0].kind == "heading" or _title_word_in(first)
    ):
        return first, blocks
    head = _leading_title().match(first)
    if head:
        title = head["title"]
        body = replace(blocks[0], text=first[head.end() :])
        return title, [replace(blocks[0], text=title, kind="heading"), body] + blocks[1:]
    return fallback, blocks


def _has_body(blocks: list[Block], title: str) -> bool:
    return any(b.text.strip() != title for b in blocks)


def split_compilation(blocks: list[Block], fallback_title: str) -> list[tuple[str, list[Block]]]:
    """(title, blocks) for each article in the file; a single article comes back whole."""
    starts = _part_headings(blocks)
    if not starts:
        return [find_title(blocks, fallback_title)]
    file_title, preamble = find_title(blocks[: starts[0]], fallback_title)
    parts = [(file_title, preamble)] if _has_body(preamble, file_title) else []
    for start, end in zip(starts, starts[1:] + [len(blocks)]):
        part = blocks[start:end]
        parts.append((part[0].text.strip(), part))
    return parts
