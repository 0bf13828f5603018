"""Chunks of every corpus file: within sections, at sentence ends, numbers kept with their units."""

from __future__ import annotations

import re

import pytest

from conftest import POLICIES, SEEDS, from_shared
from ingest.chunk import chunk_document, hard_split
from ingest.model import Block, Document
from ingest.normalize import normalize_for_search
from ingest.pipeline import ingest_file
from language.text import split_sentences

CORPUS_FILES = from_shared(lambda: sorted(SEEDS.iterdir()) + sorted(POLICIES.iterdir()), SEEDS, POLICIES)
NUMBER_END = re.compile(r"[\d.．]$")
NUMBER_OR_UNIT_START = re.compile(r"[\d.．%万亿千百余多个件元项家名人次份年月日号]")


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_no_chunk_boundary_separates_a_number_from_its_unit(path):
    chunks = ingest_file(path).chunks
    assert chunks
    for left, right in zip(chunks, chunks[1:]):
        if left.location == right.location:
            cut = left.text[-8:] + "|" + right.text[:8]
            assert not (NUMBER_END.search(left.text) and NUMBER_OR_UNIT_START.match(right.text)), cut


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_chunks_stay_small_and_carry_path_location_and_metadata(path):
    result = ingest_file(path)
    for chunk in result.chunks:
        assert len(chunk.text) <= 300
        assert chunk.heading_path[0] in {d.title for d in result.documents}
        assert chunk.location
        assert chunk.metadata["section"] == chunk.section
        assert chunk.metadata["location"] == chunk.location
        assert chunk.search_text == normalize_for_search(chunk.text)
        assert all(isinstance(v, (str, int, float, bool)) for v in chunk.metadata.values())
    assert [c.chunk_id for c in result.chunks] == [c.chunk_id for c in ingest_file(path).chunks]


def test_long_passages_break_at_sentence_ends():
    chunks = ingest_file(SEEDS / "001_96a2032afdb334c4.txt").chunks
    long_ones = [c for c in chunks if len(c.text) > 200]
    assert long_ones
    ends = sum(c.text.endswith(("。", "；", "！", "？", "”")) for c in long_ones)
    assert ends / len(long_ones) > 0.8


def test_sentence_split_keeps_decimals_and_list_numbers_whole():
    text = "专利授权量2353件，同比增长92.9%。发放宣传资料1.2万余份；3.孵化企业培育扶持共谋发展。"
    assert split_sentences(text, clauses=True) == [
        "专利授权量2353件，同比增长92.9%。",
        "发放宣传资料1.2万余份；",
        "3.孵化企业培育扶持共谋发展。",
    ]


def test_hard_split_of_an_overlong_sentence_never_cuts_a_number():
    sentence = "，".join(f"实施重大高新技术产业化项目{n}项和成果转化项目2-3项并投入资金1.2万余元" for n in range(30))
    for size in (50, 61, 77, 100):
        pieces = hard_split(sentence, size)
        assert "".join(pieces) == sentence
        for left, right in zip(pieces, pieces[1:]):
            assert len(left) <= size
            assert not (NUMBER_END.search(left) and NUMBER_OR_UNIT_START.match(right)), (left[-6:], right[:6])


def test_table_rows_are_their_own_chunks_and_short_paragraphs_merge():
    blocks = [
        Block("第五条 资助标准", location="第1段"),
        Block("实用新型专利每件1000元。", location="第2段"),
        Block("外观设计专利每件500元。", location="第3段"),
        Block("类别：实用新型专利；标准：每件1000元", kind="table_row", location="表1第2行"),
        Block("类别：外观设计专利；标准：每件500元", kind="table_row", location="表1第3行"),
    ]
    doc = Document(doc_id="d1", title="示范县专利资助办法", source="办法.docx", blocks=blocks, metadata={"year": 2024})
    chunks = chunk_document(doc, max_chars=300)
    assert [c.text for c in chunks] == [
        "第五条 资助标准\n实用新型专利每件1000元。\n外观设计专利每件500元。",
        "类别：实用新型专利；标准：每件1000元",
        "类别：外观设计专利；标准：每件500元",
    ]
    assert chunks[0].location == "第1段" and chunks[1].location == "表1第2行"
    assert [c.chunk_id for c in chunks] == ["d1-0", "d1-1", "d1-2"]
    assert chunks[0].metadata == {"year": 2024, "section": "示范县专利资助办法 › 第五条", "location": "第1段", "chunk_index": 0}


def test_chunks_never_cross_a_section_boundary():
    chunks = ingest_file(SEEDS / "004_8b0321ef3d32d5f2.txt").chunks
    for chunk in chunks:
        inline_headings = re.findall(r"(?<=\s)[一二三四五六七八九十]、", chunk.text)
        assert not inline_headings, chunk.text[:60]


def test_smaller_max_chars_gives_more_smaller_chunks():
    doc = ingest_file(SEEDS / "000_4efb816aecd0ddb7.txt").documents[0]
    small, large = chunk_document(doc, max_chars=150), chunk_document(doc, max_chars=500)
    assert len(small) > len(large)
    assert max(len(c.text) for c in small) <= 150
