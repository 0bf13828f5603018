"""Query-only retrieval experiments on knowledge bases ingested once, so each variant takes seconds.

    BUREAU_HOME=/tmp/tune-home bureau ingest ../shared/corpus --kb shared
    BUREAU_HOME=/tmp/tune-home bureau ingest ../shared/bench/external/ncp_policy_qa/docs --kb ncp
    python benchmarks/tune_retrieval.py --home /tmp/tune-home [--misses ncp]

Every chunk's vector is read from Chroma once and every question embedded once (cached beside the
home), so dense scores are exact cosines over all chunks. Tune on dev sets only (qa_dev for ncp).
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.config import load_settings  # noqa: E402
from assistant.knowledge import KnowledgeBase  # noqa: E402
from benchmarks.common import BENCH, NCP, Question, holds_evidence, load_questions, score_rankings  # noqa: E402
from ingest.normalize import normalize_for_search  # noqa: E402
from vectorstore import lexical  # noqa: E402
from vectorstore.duplicates import collapse_duplicates  # noqa: E402
from vectorstore.fusion import score_fusion  # noqa: E402
from vectorstore.lexical import BM25Index, tokenize  # noqa: E402
from vectorstore.model import StoredChunk  # noqa: E402
from vectorstore.retrieval import CANDIDATES, DENSE_WEIGHT  # noqa: E402

SETS = {
    "shared": [BENCH / "seed_qa_dev.jsonl", BENCH / "policy_qa_dev.jsonl"],
    "ncp": [NCP / "qa_dev.jsonl"],
}


@dataclass
class Bench:
    """One ingested knowledge base with its questions, chunk vectors and question vectors."""

    name: str
    chunks: list[StoredChunk]
    questions: list[Question]
    chunk_vectors: np.ndarray  # rows as in chunks, unit length
    query_vectors: np.ndarray  # rows as in questions, unit length
    bm25: BM25Index

    def dense(self, i: int) -> np.ndarray:
        """Cosine of question i with every chunk."""
        return self.chunk_vectors @ self.query_vectors[i]


def load_bench(home: Path, name: str) -> Bench:
    kb = KnowledgeBase(load_settings(home=home), name)
    view = kb.index.view()
    questions = [q for path in SETS[name] for q in load_questions(path)]
    cache = home / f"tune-{name}.pkl"
    if cache.exists():
        chunk_vectors, query_vectors = pickle.loads(cache.read_bytes())
    else:
        got = kb.index.dense.collection.get(include=["embeddings"])
        chunk_vectors = np.zeros((len(view.chunks), len(got["embeddings"][0])), dtype=np.float32)
        for chunk_id, vector in zip(got["ids"], got["embeddings"], strict=True):
            if chunk_id in view.row_of:
                chunk_vectors[view.row_of[chunk_id]] = vector
        query_vectors = np.array(
            [kb.index.embed.get_query_embedding(normalize_for_search(q.question)) for q in questions], dtype=np.float32
        )
        cache.write_bytes(pickle.dumps((chunk_vectors, query_vectors)))
    unit = lambda m: m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)  # noqa: E731
    return Bench(name, view.chunks, questions, unit(chunk_vectors), unit(query_vectors), view.bm25)


Ranker = Callable[[Bench, int], list[int]]  # (bench, question index) -> chunk rows, best first


def top5_rows(bench: Bench, rows: list[int]) -> list[int]:
    """The first five after near-duplicates collapse, as search returns them."""
    return collapse_duplicates(rows[:60], lambda row: bench.chunks[row].search_text)[:5]


def top5(bench: Bench, rows: list[int]) -> list[str]:
    return [bench.chunks[row].text for row in top5_rows(bench, rows)]


def evaluate(bench: Bench, ranker: Ranker) -> tuple[float, float, float, list[int]]:
    rankings = [top5(bench, ranker(bench, i)) for i in range(len(bench.questions))]
    s = score_rankings(bench.questions, rankings)
    misses = [i for i, (q, texts) in enumerate(zip(bench.questions, rankings)) if not any(
        holds_evidence(t, q.evidence) for t in texts)]
    return s.recall_at_1, s.recall_at_5, s.mrr_at_5, misses


# --- variants -------------------------------------------------------------------------------------

def query_tokens(bench: Bench, i: int) -> list[str]:
    return tokenize(normalize_for_search(bench.questions[i].question))


def ranked(scores: np.ndarray, n: int = 60) -> list[int]:
    best = np.argpartition(-scores, n - 1)[:n]
    return [int(r) for r in best[np.argsort(-scores[best], kind="stable")]]


def bm25_only(bench: Bench, i: int) -> list[int]:
    return ranked(bench.bm25.scores(query_tokens(bench, i)))


def dense_only(bench: Bench, i: int) -> list[int]:
    return ranked(bench.dense(i))


def fused(weight: float = DENSE_WEIGHT, lead_chars: int | None = None) -> Ranker:
    """The shipped fusion of the top CANDIDATES of each ranking; lead_chars rebuilds BM25 with another
    length of the document opening indexed with every chunk."""
    indexes: dict[str, BM25Index] = {}

    def rank(bench: Bench, i: int) -> list[int]:
        bm25 = bench.bm25
        if lead_chars is not None:
            if bench.name not in indexes:
                saved, lexical.LEAD_CHARS = lexical.LEAD_CHARS, lead_chars
                indexes[bench.name] = BM25Index.build(lexical.lexical_tokens(bench.chunks))
                lexical.LEAD_CHARS = saved
            bm25 = indexes[bench.name]
        lex = bm25.top(query_tokens(bench, i), CANDIDATES)
        cos = bench.dense(i)
        dense = [(row, float(cos[row])) for row in ranked(cos, CANDIDATES)]
        return [row for row, _ in score_fusion(lex, dense, weight)]

    return rank


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path, default=Path("/tmp/tune-home"))
    parser.add_argument("--sets", default="shared,ncp")
    parser.add_argument("--misses", default="", help="print the misses of the shipped fusion on this set")
    args = parser.parse_args()
    benches = [load_bench(args.home, name) for name in args.sets.split(",")]
    variants: dict[str, Ranker] = {
        "bm25 (shipped)": bm25_only,
        "dense": dense_only,
        f"hybrid (shipped: dense weight {DENSE_WEIGHT}, opening {lexical.LEAD_CHARS})": fused(),
        **{f"hybrid dense weight {w}": fused(w) for w in (0.1, 0.15, 0.3)},
        **{f"hybrid opening {n} chars": fused(lead_chars=n) for n in (0, 80, 160)},
    }
    print(f"{'variant':<52}" + "".join(f"{b.name + ' r1/r5/mrr':>26}" for b in benches))
    for label, ranker in variants.items():
        cells = []
        for bench in benches:
            r1, r5, mrr, _ = evaluate(bench, ranker)
            cells.append(f"{r1:.3f}/{r5:.3f}/{mrr:.3f}")
        print(f"{label:<52}" + "".join(f"{c:>26}" for c in cells), flush=True)
    for bench in benches:
        if bench.name == args.misses:
            for i in evaluate(bench, fused())[3]:
                q = bench.questions[i]
                print(f"\nMISS {q.id} {q.question}\n  evidence: {q.evidence}  source: {q.source}")
                for row in top5_rows(bench, fused()(bench, i)):
                    c = bench.chunks[row]
                    print(f"  - {c.source[:40]} {c.title[:30]} | {c.text[:80]!r}")


if __name__ == "__main__":
    main()
