"""Shared pieces of the benchmarks: question sets, evidence matching, metrics and timing."""

from __future__ import annotations

import json
import os
import re
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import opencc

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
BENCH = SHARED / "bench"
NCP = BENCH / "external" / "ncp_policy_qa"

_t2s = opencc.OpenCC("t2s")
_PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]")
_KEEP = re.compile(r"[^0-9a-z\u4e00-\u9fff.%]")


def use_embedding_model(path: str) -> None:
    """Every setup a benchmark builds, in its own process and in the `bureau`/app processes it starts,
    embeds with this local sentence-transformers model instead of the default: Settings reads these."""
    os.environ |= {"BUREAU_EMBEDDING__BACKEND": "sentence-transformers", "BUREAU_EMBEDDING__MODEL": path}
    print(f"embedding model: {path}")


def normalise(text: str) -> str:
    """The bench README's matching rule: t2s, pinyin removed, lower-cased, only CJK/ASCII alnum/./%."""
    text = _PINYIN.sub("", _t2s.convert(text)).lower()
    return _KEEP.sub("", text)


@dataclass
class Question:
    id: str
    question: str
    source: str
    evidence: list[str]
    answer: list[str]
    unanswerable: bool = False


def load_questions(path: Path) -> list[Question]:
    questions = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            questions.append(
                Question(
                    id=row["id"],
                    question=row["question"],
                    source=row.get("source", ""),
                    evidence=row.get("evidence", []),
                    answer=row.get("answer", []),
                    unanswerable=bool(row.get("unanswerable", False)),
                )
            )
    return questions


def holds_evidence(text: str, evidence: Sequence[str]) -> bool:
    norm = normalise(text)
    return any(normalise(e) in norm for e in evidence)


@dataclass
class RetrievalScores:
    recall_at_1: float
    recall_at_5: float
    mrr_at_5: float
    n: int


def score_rankings(questions: Sequence[Question], rankings: Sequence[Sequence[str]]) -> RetrievalScores:
    """rankings[i] holds the texts retrieved for questions[i], best first."""
    r1 = r5 = mrr = 0.0
    for q, texts in zip(questions, rankings):
        rank = next((i for i, t in enumerate(texts[:5], 1) if holds_evidence(t, q.evidence)), None)
        if rank:
            r5 += 1
            mrr += 1 / rank
            r1 += rank == 1
    n = len(questions)
    return RetrievalScores(r1 / n, r5 / n, mrr / n, n)


@contextmanager
def timer() -> Iterator[list[float]]:
    """Yields a list that holds the elapsed seconds once the block ends."""
    box: list[float] = []
    start = time.perf_counter()
    yield box
    box.append(time.perf_counter() - start)


def latencies_ms(fn: Callable[[str], object], queries: Sequence[str]) -> tuple[float, float]:
    """p50 and p95 of fn over queries, in milliseconds."""
    times = []
    for q in queries:
        start = time.perf_counter()
        fn(q)
        times.append((time.perf_counter() - start) * 1000)
    return p50_p95(times)


def p50_p95(times_ms: Sequence[float]) -> tuple[float, float]:
    """The median and the 95th percentile (nearest rank) of some timings."""
    ordered = sorted(times_ms)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
