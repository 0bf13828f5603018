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

SENTENCE_END = "。！？；;!?：:”’」』）)"

# 創(chuàng)新 → 創新: Latin letters (with tone marks) in brackets right after a Han character.
PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[)）]")

# Whole blocks that are site furniture, never document text.
BOILERPLATE_LINES = [
    re.compile(r"^[^。！？]{0,80}(?:\s*[>＞»]\s*[^>＞»。！？]{1,40}){2,}$"),  # breadcrumb: 网站 > 栏目 > 标题
    re.compile(r"^\|\s*[A-Za-z0-9_-]{1,20}$"),  # | cwl2
    re.compile(r"^\d{3,}$"),  # a lone page id: 53769
    re.compile(r"^(?:点击)?下载(?:本)?文档$|^点击下载文档$"),
    re.compile(r"^将本文的Word文档下载"),
    re.compile(r"^推荐度[:：]"),
    re.compile(r"^(?:相关|最新|推荐|热门)文章[:：]?$|^分类$|^关闭$|^返回顶部$|^上一篇|^下一篇"),
    re.compile(r"^时间[:：]\s*\d{4}-\d{2}-\d{2}.{0,30}$"),  # 时间:2023-07-11 15:03:29 分类:工作报告
    re.compile(r"^《[^》]{1,60}\.(?:docx?|pdf|wps)》$"),  # 《科技局2023年工作计划参考5篇.doc》
    re.compile(r"^★"),
    re.compile(r"^.{0,200}小编.{0,100}(?:参考|喜欢|阅读|借鉴|收藏)[^。]{0,20}[。！!]?$"),  # site promo intros
    re.compile(r"^第\s*\d+\s*页\s*(?:[/／]|共)\s*\d+\s*页?$"),
    re.compile(r"^.{0,30}第\d+页$"),  # 科技局新年度工作计划第2页
]
# A block from which everything after is the site's list of other pages.
TAIL_START = re.compile(r"^.{0,40}相关文章[:：]?$")
# Inline furniture inside a block.
INLINE_FURNITURE = [
    re.compile(r"\s*第\s*\d+\s*页\s*共\s*\d+\s*页\s*"),  # 第7页 共7页
    re.compile(r"\s*内容总结\s*〔1〕.*$"),  # an auto-summary a converter appended
]
LEADING_PAGE_COUNT = re.compile(r"^\d{1,3}页(?=[\u4e00-\u9fff])")  # 8页市科学技术局…
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
    for block in blocks:
        text = block.text.strip()
        if TAIL_START.match(text) and block.kind != "table_row":
            break
        if any(p.match(text) for p in BOILERPLATE_LINES):
            continue
        if len(text) <= 60 and len(kept) < 8 and any(k.text.strip() == text for k in kept):
            continue  # a web page repeats its title
        kept.append(block)
    return kept


def remove_furniture(blocks: list[Block]) -> list[Block]:
    """Page counters inside blocks: 第7页 共7页, a leading 8页, a converter's 内容总结 appendix."""
    cleaned = []
    for block in blocks:
        text = LEADING_PAGE_COUNT.sub("", block.text)
        for pattern in INLINE_FURNITURE:
            text = pattern.sub("", text)
        if text.strip():
            cleaned.append(replace(block, text=text.strip()))
    return cleaned


def _ends_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in SENTENCE_END


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
