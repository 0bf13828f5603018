"""The pieces of retrieval on their own: names, tokens, BM25, fusion, duplicates."""

from __future__ import annotations

import pytest

from ingest.normalize import normalize_for_search
from language.lexicon import use_extra_dirs
from vectorstore.duplicates import collapse_duplicates
from vectorstore.fusion import score_fusion
from vectorstore.lexical import BM25Index, lexical_tokens, tokenize
from vectorstore.model import StoredChunk
from vectorstore.names import KnowledgeBaseNameError, collection_name


def test_collection_names_are_valid_for_chroma_and_distinct():
    assert collection_name("default") == "kb_default"
    chinese = collection_name("政策库")
    assert chinese.startswith("kbh_") and chinese.isascii() and 3 <= len(chinese) <= 63
    assert chinese != collection_name("政策库2")
    assert collection_name("a") == "kb_a"
    assert collection_name("x_") != "kb_x_"  # a trailing underscore is not allowed by Chroma


@pytest.mark.parametrize("bad", ["", "   ", "a/b", "有 空格", "x" * 51])
def test_unusable_kb_names_are_refused_in_chinese(bad):
    with pytest.raises(KnowledgeBaseNameError, match="知识库名称"):
        collection_name(bad)


def test_tokens_are_bigrams_informative_characters_and_whole_numbers():
    tokens = tokenize("高新技术企业的研发费用占比要求是多少？专利授权量2353件，比值为25.6%")
    assert {"高新", "技术", "企业", "研发", "费用", "2353", "25.6%", "件"} <= set(tokens)
    assert not {"的", "是", "？", "，", "多"} & set(tokens)
    assert tokenize("ABC-123") == ["abc", "123"]


def test_a_bureau_lexicon_adds_stop_characters_after_the_module_is_loaded(tmp_path):
    (tmp_path / "search.toml").write_text('stop_chars = "县"\n', encoding="utf-8")
    assert "县" in tokenize("示范县")
    use_extra_dirs([tmp_path])
    try:
        assert "县" not in tokenize("示范县")  # a string in a bureau's file replaces the shipped one
    finally:
        use_extra_dirs([])
    assert "县" in tokenize("示范县")


def test_bm25_ranks_the_passage_sharing_rare_words_first():
    texts = ["高新技术企业认定条件", "研发费用占销售收入比例不低于5%", "科技特派员工作管理办法", "专利授权量2353件"]
    index = BM25Index.build([tokenize(t) for t in texts])
    assert index.top(tokenize("研发费用的比例"), 3)[0][0] == 1
    assert index.top(tokenize("专利授权量"), 1)[0][0] == 3
    assert index.top(tokenize("完全无关"), 3) == []


def test_bm25_respects_a_mask_and_handles_an_empty_corpus():
    import numpy as np

    index = BM25Index.build([tokenize("科技特派员"), tokenize("科技特派员管理")])
    assert [row for row, _ in index.top(tokenize("科技特派员"), 5, np.array([False, True]))] == [1]
    assert BM25Index.build([]).top(["科技"], 5) == []


def test_query_in_standard_words_meets_the_swapped_passage_through_normalisation():
    passage = tokenize(normalize_for_search("狠抓宣传,强化管理,立足效劳,专利申请和专利授权持续增长"))
    other = tokenize(normalize_for_search("立足本职，做好科技统计工作"))
    index = BM25Index.build([other, passage])
    assert index.top(tokenize(normalize_for_search("立足服务")), 1)[0][0] == 1


def _chunk(source: str, position: int, text: str) -> StoredChunk:
    return StoredChunk(
        id=f"{source}-{position}", chunk_id=str(position), source=source, doc_id="1", text=text,
        search_text=normalize_for_search(text), heading_path=[source], location="", metadata={},
    )  # fmt: skip


def test_a_later_chunk_is_found_by_the_city_only_its_documents_first_line_names():
    ningbo = [
        _chunk("a.txt", 0, "宁波发布意见促进企业复工复产 宁波市委、市政府16日联合印发《关于促进企业复工复产的若干意见》。"),
        _chunk("a.txt", 1, "为降低企业生产成本，意见提出对企业生产经营用电、用水、用气实行“欠费不停供”。"),
    ]
    hangzhou = [
        _chunk("b.txt", 0, "杭州出台措施支持中小企业渡过难关 杭州市政府日前出台若干政策措施。"),
        _chunk("b.txt", 1, "对中小企业生产经营所需的用电、用水、用气，实行“欠费不停供”政策。"),
    ]
    others = [_chunk(f"{n}.txt", 0, text) for n, text in enumerate(["高新技术企业认定条件", "科技特派员管理办法"])]
    index = BM25Index.build(lexical_tokens(ningbo + hangzhou + others))
    assert index.top(tokenize(normalize_for_search("宁波对企业用电有什么措施？")), 1)[0][0] == 1
    assert index.top(tokenize(normalize_for_search("杭州对企业用电有什么措施？")), 1)[0][0] == 3


def test_score_fusion_keeps_a_clear_lexical_match_first_and_lets_dense_break_ties():
    lexical = [("clear", 12.0), ("b", 6.0), ("c", 5.9)]
    dense = [("c", 0.82), ("d", 0.80), ("clear", 0.70)]
    fused = [key for key, _ in score_fusion(lexical, dense, 0.3)]
    assert fused[0] == "clear" and fused.index("c") < fused.index("b")
    assert [key for key, _ in score_fusion([], dense, 0.3)] == ["c", "d", "clear"]
    assert score_fusion([], [], 0.3) == []


def test_near_duplicates_collapse_to_the_best_ranked():
    article = "全年专利授权量2353件，同比增长92.9%，其中发明专利授权量210件。"
    items = [article, "其他内容：科技特派员派驻12名。", "（二）" + article, article[:-1] + "！"]
    assert collapse_duplicates(items, str) == items[:2]
    assert collapse_duplicates([*items, "高新技术企业认定条件"], str, limit=2) == items[:2]
