"""Synonym-swap normalisation: standard words find swapped passages; legitimate uses stay untouched."""

from __future__ import annotations

import pytest

from conftest import SEEDS
from ingest.normalize import normalize_for_search
from ingest.pipeline import ingest_file


def search_texts(name: str) -> list[str]:
    return [c.search_text for c in ingest_file(SEEDS / name).chunks]


@pytest.mark.parametrize(
    "text",
    ["开展工作", "认真组织开展科技下乡活动", "工作实施方案", "资助标准", "工程技术研究中心", "中国工程院院士",
     "学校教学工作的正常开展。", "镁合金轮椅扶手圈的装置和方法", "标准化建设"],
)  # fmt: skip
def test_legitimate_uses_stay_as_they_are(text):
    assert normalize_for_search(text) == text


@pytest.mark.parametrize(
    ("swapped", "standard"),
    [
        ("立足效劳", "立足服务"),
        ("以科学开展观为指引", "以科学发展观为指引"),
        ("为经济和社会开展提供科技支撑", "为经济和社会发展提供科技支撑"),
        ("自主创新、重点跨越、支撑开展、引领未来", "自主创新、重点跨越、支撑发展、引领未来"),
        ("完成科技开展方案工程的申报", "完成科技发展计划项目的申报"),
        ("有效创造专利拥有量1件", "有效发明专利拥有量1件"),
        ("高新技术企业认定管理方法", "高新技术企业认定管理办法"),
        ("群众生命财产平安", "群众生命财产安全"),
        ("提高全县广阔人民群众的科学素质", "提高全县广大人民群众的科学素质"),
        ("导致企业开展后劲缺乏", "导致企业发展后劲缺乏"),
        ("进入工程储藏库", "进入项目储备库"),
    ],
)
def test_swapped_phrases_read_as_the_standard_ones(swapped, standard):
    assert normalize_for_search(swapped) == standard


def test_a_query_and_the_seed_passage_meet_on_the_standard_phrase():
    texts = search_texts("000_4efb816aecd0ddb7.txt")
    for query in ("立足服务", "科学发展观", "科技计划项目申报", "专利申请资助办法"):
        assert normalize_for_search(query) == query
        assert any(query in t for t in texts), query


def test_the_swapped_query_gives_the_same_string_as_the_standard_one():
    assert normalize_for_search("科学开展观") == normalize_for_search("科学发展观")
    assert normalize_for_search("科技效劳") == normalize_for_search("科技服务")


def test_citation_text_stays_verbatim():
    chunk = next(c for c in ingest_file(SEEDS / "000_4efb816aecd0ddb7.txt").chunks if "立足效劳" in c.text)
    assert "立足服务" in chunk.search_text


def test_unswapped_seed_is_left_almost_alone():
    """003 was not rewritten: its 开展 (all legitimate activity uses) must survive."""
    chunks = ingest_file(SEEDS / "003_907dff56a137702a.txt").chunks
    assert sum(c.text.count("开展") for c in chunks) == sum(c.search_text.count("开展") for c in chunks)
