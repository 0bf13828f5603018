"""Cleaning on the real seeds: what the site, the pager and the converter added is gone; the words stay."""

from __future__ import annotations

import re

import pytest

from conftest import SEEDS
from ingest.clean import clean_blocks
from ingest.load import load_file
from ingest.model import Block
from ingest.pipeline import ingest_file

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def cleaned_text(name: str) -> str:
    return "\n".join(b.text for b in clean_blocks(load_file(SEEDS / name).blocks))


@pytest.fixture(scope="module")
def all_chunk_text() -> str:
    return "\n".join(c.text for path in SEED_FILES for c in ingest_file(path).chunks)


def test_traditional_becomes_simplified_and_pinyin_goes():
    text = cleaned_text("002_3b41ed0b22b5540a.txt")
    assert "科技创新工作开展情况" in text
    assert "創" not in text and "(chuàng)" not in text
    assert not re.search(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+\)", text)


def test_a_simplified_text_keeps_its_rare_characters():
    assert "斑点叉尾鮰" in cleaned_text("001_96a2032afdb334c4.txt")


@pytest.mark.parametrize(
    "junk",
    ["找总结网", "| cwl2", "53769", "点击下载文档", "将本文的Word文档下载", "推荐度", "相关文章", "最新文章",
     "小编", "第7页", "共7页", "第2页", "内容总结", "★", "时间:2023-07-11", ".doc"],
)  # fmt: skip
def test_site_boilerplate_and_page_furniture_are_gone_from_every_chunk(all_chunk_text, junk):
    assert junk not in all_chunk_text


def test_lone_page_id_and_leading_page_count_are_gone():
    text = cleaned_text("004_8b0321ef3d32d5f2.txt")
    assert not text.splitlines()[1].startswith("8页")
    assert "53769" not in cleaned_text("002_3b41ed0b22b5540a.txt").split()


@pytest.mark.parametrize(
    "joined",
    ["知识产权试点工作稳步推进。", "按照“工程建设年活动的要求,我们紧紧围绕", "农民增收", "XX县区发改、经信、商务等部门"],
)
def test_sentences_cut_by_page_numbers_are_rejoined(joined):
    assert joined in cleaned_text("000_4efb816aecd0ddb7.txt")


def test_a_real_numbered_list_keeps_its_numbers():
    blocks = [Block("1、加强宣传。"), Block("2、强化管理。"), Block("3、立足服务。")]
    assert [b.text for b in clean_blocks(blocks)] == ["1、加强宣传。", "2、强化管理。", "3、立足服务。"]


def test_the_original_file_is_untouched():
    path = SEEDS / "002_3b41ed0b22b5540a.txt"
    before = path.read_bytes()
    ingest_file(path)
    assert path.read_bytes() == before
