"""Hybrid search: BM25 and dense rankings fused by rank, filtered, near-duplicates collapsed,
optionally reranked by a cross-encoder."""

from __future__ import annotations

from ingest.normalize import normalize_for_search
from vectorstore.duplicates import collapse_duplicates
from vectorstore.fusion import score_fusion
from vectorstore.index import KnowledgeIndex
from vectorstore.lexical import tokenize
from vectorstore.model import SearchFilters, SearchMode, SearchResult, StoredChunk
from vectorstore.rerank import rerank_scores

CANDIDATES = 50  # per ranking, before fusion and duplicate collapsing
RERANK_POOL = 20
# Score fusion: BM25 / best BM25 + DENSE_WEIGHT × scaled cosine (recall@5 / MRR@5). With BM25 over text +
# heading path: ncp_policy_qa qa_dev weighted RRF (BM25 2:1, k=10) 0.885 / 0.768, BM25 alone 0.897 /
# 0.779, score fusion 0.2 → 0.897 / 0.794 (0.35 → 0.891 / 0.790, 0.8 → 0.876 / 0.760); shared dev sets
# RRF 1.000 / 0.854, BM25 alone 1.000 / 0.922, score fusion 0.2 → 1.000 / 0.932. With the document
# opening indexed too (lexical_tokens): ncp 0.1 → 0.929 / 0.836, 0.15 → 0.935 / 0.833, 0.2 → 0.935 /
# 0.839, 0.3 → 0.926 / 0.827; shared 0.2 → 1.000 / 0.948. The dense ranking is weak on these texts
# (0.759 / 0.621 on ncp); RRF lets its noise outvote a clear lexical match, while scores keep how far
# ahead that match is.
DENSE_WEIGHT = 0.2


def _result(chunk: StoredChunk, score: float, opening: str = "") -> SearchResult:
    return SearchResult(
        text=chunk.text,
        source=chunk.source,
        title=chunk.title,
        section=chunk.section,
        score=score,
        location=chunk.location,
        chunk_id=chunk.chunk_id,
        metadata=chunk.metadata,
        opening=opening,
    )


def search(
    index: KnowledgeIndex,
    query: str,
    k: int = 5,
    filters: SearchFilters | None = None,
    mode: SearchMode = "hybrid",
    reranker_path: str = "",
) -> list[SearchResult]:
    """The k best passages for the query, best first."""
    filters = filters or SearchFilters()
    view = index.view()
    if not view.chunks or k <= 0 or not query.strip():
        return []
    normalised = normalize_for_search(query)
    pool = max(CANDIDATES, 2 * k, RERANK_POOL if reranker_path else 0)
    lexical = view.search(tokenize(normalised), pool, filters) if mode in ("hybrid", "bm25") else []
    dense: list[tuple[int, float]] = []
    if mode in ("hybrid", "dense"):
        vector = index.embed.get_query_embedding(normalised)
        hits = index.dense.query(vector, pool, filters.as_dict())
        dense = [(view.row_of[i], score) for i, score in hits if i in view.row_of]
    ranked = score_fusion(lexical, dense, DENSE_WEIGHT) if mode == "hybrid" else lexical or dense
    keep = max(k, RERANK_POOL) if reranker_path else k
    ranked = collapse_duplicates(ranked, lambda item: view.chunks[item[0]].search_text, limit=keep)
    if reranker_path:
        pool_rows = [row for row, _ in ranked[:RERANK_POOL]]
        scores = rerank_scores(reranker_path, query, [view.chunks[row].text for row in pool_rows])
        ranked = sorted(zip(pool_rows, scores, strict=True), key=lambda item: -item[1])
    return [
        _result(view.chunks[row], score, view.openings.get((view.chunks[row].source, view.chunks[row].doc_id), ""))
        for row, score in ranked[:k]
    ]
