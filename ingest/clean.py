"""Cleaning: what a web page, a converter or a pager added to the text comes out; the words stay.

Each step is one small function over the block list, run in order by `clean_blocks`:
traditional → simplified, inline pinyin, site boilerplate, page furniture, and sentences cut by
page numbers. The file on disk is never touched.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from opencc import OpenCC

from ingest.model import Block
from language.lexicon import patterns
from language.text import LINE_END

# 創(chuàng)新 → 創新: Latin letters (with tone marks) in brackets right after a Han character.
PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[)）]")

PAGE_NUMBER = re.compile(r"^(\d{1,3})、")


@lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    return OpenCC("t2s")


def to_simplified(blocks: list[Block]) -> list[Block]:
    """Traditional → simplified, only for a text that is traditional: OpenCC would also rewrite
    the odd rare character of a simplified text (鮰 → 𫚔)."""
    converter = _t2s()
    converted = [converter.convert(b.text) for b in blocks]
    changed = sum(a != b for block, new in zip(blocks, converted) for a, b in zip(block.text, new))
    total = sum(len(b.text) for b in blocks)
    if changed < 5 or changed < total * 0.01:
        return blocks
    return [replace(block, text=text) for block, text in zip(blocks, converted)]


def remove_pinyin(blocks: list[Block]) -> list[Block]:
    return [replace(b, text=PINYIN.sub("", b.text)) for b in blocks]


def remove_boilerplate(blocks: list[Block]) -> list[Block]:
    """Drop site furniture lines, the related-articles tail and repeats of the title near the top."""
    kept: list[Block] = []
    lines, tail = patterns("boilerplate", "lines"), patterns("boilerplate", "tail_start")
    for block in blocks:
        text = block.text.strip()
        if any(p.match(text) for p in tail) and block.kind != "table_row":
            break
        if any(p.match(text) for p in lines):
            continue
        if len(text) <= 60 and len(kept) < 8 and any(k.text.strip() == text for k in kept):
            continue  # a web page repeats its title
        kept.append(block)
    return kept


def remove_furniture(blocks: list[Block]) -> list[Block]:
    """Page counters inside blocks: 第7页 共7页, a leading 8页, a converter's 内容总结 appendix."""
    cleaned = []
    for block in blocks:
        text = block.text
        for pattern in patterns("boilerplate", "inline"):
            text = pattern.sub("", text)
        if text.strip():
            cleaned.append(replace(block, text=text.strip()))
    return cleaned


def _ends_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in LINE_END


def rejoin_page_cuts(blocks: list[Block]) -> list[Block]:
    """Lines that start 1、 2、 3、 … and mostly cut a sentence are pages: drop the page numbers
    and join each page to the one it continues (稳步推 / 2、进。 → 稳步推进。)."""
    numbers = [PAGE_NUMBER.match(b.text) for b in blocks]
    result: list[Block] = []
    i = 0
    while i < len(blocks):
        run_end = i
        while (
            run_end + 1 < len(blocks)
            and numbers[run_end]
            and numbers[run_end + 1]
            and int(numbers[run_end + 1].group(1)) == int(numbers[run_end].group(1)) + 1
        ):
            run_end += 1
        run = blocks[i : run_end + 1]
        cuts = sum(not _ends_sentence(b.text) for b in run[:-1])
        if len(run) >= 3 and cuts * 2 > len(run) - 1:
            for block, number in zip(run, numbers[i : run_end + 1]):
                text = block.text[number.end() :].lstrip()
                if block is not run[0] and not _ends_sentence(result[-1].text):
                    result[-1] = replace(result[-1], text=result[-1].text + text)
                else:
                    result.append(replace(block, text=text))
        else:
            result.extend(run)
        i = run_end + 1
    return result


def clean_blocks(blocks: list[Block]) -> list[Block]:
    """All cleaning steps, in order; returns new blocks and leaves the input as it was."""
    for step in (to_simplified, remove_pinyin, remove_boilerplate, remove_furniture, rejoin_page_cuts):
        blocks = step(blocks)
    return blocks
