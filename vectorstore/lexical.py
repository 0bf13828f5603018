"""BM25 over jieba tokens: the lexical half of hybrid search, a small numpy inverted index."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

import jieba
import numpy as np

jieba.setLogLevel(logging.WARNING)

# Bump when tokenize() changes: stored tokens of an older version are recomputed on open.
TOKENIZER_VERSION = "jieba-search-1"
WORD = re.compile(r"[0-9a-z\u4e00-\u9fff]")
# Function words and question words: frequent in questions, say nothing about the passage.
STOPWORDS = frozenset(
    "的 了 和 与 及 或 等 是 在 对 为 于 以 将 把 被 由 从 向 并 而 其 之 也 都 就 还 又 个 这 那 有 中 上 下 "
    "我 你 他 们 该 此 各 所 一 不 要 会 能 可 可以 应 应当 如何 怎么 怎样 什么 哪些 哪个 哪里 多少 几 是否 "
    "吗 呢 吧 啊 请问 请 关于 根据 按照 主要 相关 具体 规定 有关 哪 谁 何 么".split()
)


def tokenize(text: str) -> list[str]:
    """Search-mode jieba words of the lower-cased text, without punctuation, spaces or stopwords."""
    return [
        token
        for token in jieba.cut_for_search(text.lower())
        if WORD.search(token) and token not in STOPWORDS
    ]


class BM25Index:
    """Okapi BM25 with term-sorted postings; a query costs a few vector additions."""

    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.size = len(documents)
        self.vocabulary: dict[str, int] = {}
        term_ids = np.fromiter(
            (self.vocabulary.setdefault(t, len(self.vocabulary)) for doc in documents for t in doc),
            dtype=np.int64,
        )
        lengths = np.fromiter((len(doc) for doc in documents), dtype=np.int64, count=self.size)
        doc_ids = np.repeat(np.arange(self.size, dtype=np.int64), lengths)
        pairs, tf = np.unique(term_ids * max(self.size, 1) + doc_ids, return_counts=True)
        terms, docs = np.divmod(pairs, max(self.size, 1))
        df = np.bincount(terms, minlength=len(self.vocabulary))
        idf = np.log1p((self.size - df + 0.5) / (df + 0.5))
        norm = k1 * (1 - b + b * lengths / max(lengths.mean(), 1.0)) if self.size else lengths
        self.weights = (idf[terms] * tf * (k1 + 1) / (tf + norm[docs])).astype(np.float32)
        self.docs = docs.astype(np.int32)
        self.offsets = np.concatenate([[0], np.cumsum(df)])

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
