"""BM25 over Chinese character bigrams and unigrams: the lexical half of hybrid search, a small numpy
inverted index.

Measured on ncp_policy_qa qa_dev (340 questions, BM25 alone, recall@5): jieba cut_for_search 0.800,
jieba precise 0.847, character bigrams 0.868, bigrams + unigrams 0.871 (and best on the seed set,
0.96 vs 0.92). Bigrams never miss a word jieba segments differently in question and passage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ingest.normalize import normalize_for_search
from language.lexicon import derived, lexicon
from vectorstore.model import StoredChunk

LEAD_CHARS = 120  # of a document's first chunk, indexed with each of its chunks
RUNS = re.compile(r"[\u4e00-\u9fff]+|[0-9a-z][0-9a-z.%]*")


@derived
def stop_chars() -> frozenset[str]:
    """Characters too common to say anything on their own (language/lexicon/search.toml)."""
    return frozenset(lexicon("search")["stop_chars"])


def tokenize(text: str) -> list[str]:
    """Bigrams and informative single characters of each CJK run; ASCII words and numbers whole."""
    stop = stop_chars()
    tokens: list[str] = []
    for run in RUNS.findall(text.lower()):
        if run[0] < "\u4e00":
            tokens.append(run.rstrip("."))
            continue
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        tokens.extend(char for char in run if char not in stop)
    return tokens


def lexical_tokens(chunks: Sequence[StoredChunk]) -> list[list[str]]:
    """What BM25 indexes for each chunk (chunks of a file in reading order): its normalised text, its
    heading path (title › 第三章 › 第八条) and, after a document's first chunk, that document's opening
    (its first LEAD_CHARS characters; the first chunk holds them already).

    A chunk rarely repeats what its document is about: 服务机构应在平台登记 sits in the 创新券 policy,
    县级人力资源社会保障部门负责收集汇总… in a 四川 notice whose name only its first line carries (a
    plain-text file has no title the loader can see). Measured, recall@5 / MRR@5: heading path on the
    shared dev sets 0.969 / 0.891 → 1.000 / 0.922 (BM25 alone); the opening, hybrid, on ncp_policy_qa
    qa_dev 0.897 / 0.794 → 0.935 / 0.839 (80 chars 0.929, 160 chars 0.929), shared dev 1.000 / 0.938
    → 1.000 / 0.948 (benchmarks/tune_retrieval.py)."""
    openings, seen = document_openings(chunks), set()
    tokens = []
    for chunk in chunks:
        document = (chunk.source, chunk.doc_id)
        opening = openings[document] if document in seen else ""  # the first chunk holds it already
        seen.add(document)
        path = normalize_for_search(" ".join(chunk.heading_path))
        tokens.append(tokenize(f"{chunk.search_text}\n{path}\n{opening}"))
    return tokens


def document_openings(chunks: Sequence[StoredChunk]) -> dict[tuple[str, str], str]:
    """Each document's opening (the first LEAD_CHARS characters of its first chunk), by (source, doc_id):
    where a notice names its place, issuer and subject."""
    openings: dict[tuple[str, str], str] = {}
    for chunk in chunks:
        openings.setdefault((chunk.source, chunk.doc_id), chunk.search_text[:LEAD_CHARS])
    return openings


class BM25Index:
    """Okapi BM25 with term-sorted postings; a query costs a few vector additions. Kept in memory only:
    each process builds it from the chunks (see vectorstore/index.py)."""

    def __init__(self, terms: list[str], docs: np.ndarray, weights: np.ndarray, offsets: np.ndarray, size: int) -> None:
        self.terms, self.docs, self.weights, self.offsets, self.size = terms, docs, weights, offsets, size
        self.vocabulary = {term: i for i, term in enumerate(terms)}

    @classmethod
    def build(cls, documents: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> BM25Index:
        size = len(documents)
        vocabulary: dict[str, int] = {}
        term_ids = np.fromiter(
            (vocabulary.setdefault(t, len(vocabulary)) for doc in documents for t in doc), dtype=np.int64
        )
        lengths = np.fromiter((len(doc) for doc in documents), dtype=np.int64, count=size)
        doc_ids = np.repeat(np.arange(size, dtype=np.int64), lengths)
        pairs, tf = np.unique(term_ids * max(size, 1) + doc_ids, return_counts=True)
        terms, docs = np.divmod(pairs, max(size, 1))
        df = np.bincount(terms, minlength=len(vocabulary))
        idf = np.log1p((size - df + 0.5) / (df + 0.5))
        norm = k1 * (1 - b + b * lengths / max(lengths.mean(), 1.0)) if size else lengths
        weights = (idf[terms] * tf * (k1 + 1) / (tf + norm[docs])).astype(np.float32)
        return cls(list(vocabulary), docs.astype(np.int32), weights, np.concatenate([[0], np.cumsum(df)]), size)

    def idf(self, term: str) -> float:
        """How rare a term is across the chunks (0 df gives the highest value, as for an unseen term)."""
        term_id = self.vocabulary.get(term)
        df = 0 if term_id is None else int(self.offsets[term_id + 1] - self.offsets[term_id])
        return float(np.log1p((self.size - df + 0.5) / (df + 0.5)))

    def scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every document; a repeated query word counts once."""
        scores = np.zeros(self.size, dtype=np.float32)
        for term in set(query_tokens):
            term_id = self.vocabulary.get(term)
            if term_id is not None:
                start, end = self.offsets[term_id], self.offsets[term_id + 1]
                scores[self.docs[start:end]] += self.weights[start:end]
        return scores

    def top(self, query_tokens: Sequence[str], k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The k best (row, score) pairs with a positive score, among rows where mask is True."""
        scores = self.scores(query_tokens)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        k = min(k, int(np.count_nonzero(scores)))
        if k <= 0:
            return []
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(int(row), float(scores[row])) for row in best]
