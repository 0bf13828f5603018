"""Retrieval benchmark: this project's pipeline against the llama-index quickstart, in one run.

    python benchmarks/retrieval.py             # shared corpus + ncp policy QA (dev), ~30 min on 2 cores
    python benchmarks/retrieval.py --no-ncp    # shared corpus only, ~3 min
    python benchmarks/retrieval.py --servers   # the same over a `chroma run` server and PostgreSQL (scale-out)
    python benchmarks/retrieval.py --only-ncp --no-quickstart --home /tmp/bench  # reuse an ingested home

Prints recall@1, recall@5 and MRR@5 per system, ingestion times, and warm search latency — with the
knowledge base's version read at every search, as served, against the same searches reusing the view
unchecked (what a refresh window saved), interleaved in the same run.

The quickstart uses the same embedding model, so the difference is ingestion and retrieval.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]  # the tests' helpers start the servers

from assistant.composition import ingest_hooks  # noqa: E402
from assistant.config import load_settings  # noqa: E402
from assistant.embeddings import build_embedding  # noqa: E402
from assistant.knowledge import KnowledgeBase  # noqa: E402
from benchmarks.common import (  # noqa: E402
    BENCH,
    CORPUS,
    NCP,
    Question,
    RetrievalScores,
    load_questions,
    p50_p95,
    score_rankings,
    timer,
)
from benchmarks.quickstart import build_quickstart  # noqa: E402
from local_servers import running_chroma, running_postgres  # noqa: E402
from vectorstore.index import KnowledgeIndex  # noqa: E402

MODES = ("hybrid", "bm25", "dense")
LATENCY_ROUNDS = 5  # checked and unchecked alternate, so that both see the same machine


def rankings(search: Callable[[str], list[str]], questions: Sequence[Question]) -> list[list[str]]:
    return [search(q.question) for q in questions]


def kb_search(kb: KnowledgeBase, mode: str) -> Callable[[str], list[str]]:
    return lambda query: [r.text for r in kb.search(query, k=5, mode=mode)]


def print_scores(title: str, rows: dict[str, RetrievalScores]) -> None:
    print(f"\n## {title}")
    print(f"{'system':<22}{'recall@1':>10}{'recall@5':>10}{'MRR@5':>10}{'n':>6}")
    for name, s in rows.items():
        print(f"{name:<22}{s.recall_at_1:>10.3f}{s.recall_at_5:>10.3f}{s.mrr_at_5:>10.3f}{s.n:>6}")


def run_set(
    label: str,
    kb: KnowledgeBase,
    paths: list[Path],
    questions: list[Question],
    quickstart: bool,
) -> None:
    """Ingest, score every system and time everything for one corpus and question set."""
    with timer() as ours_ingest:
        report = kb.ingest(paths, allow_duplicates=True)  # the sets cite copies by their own names
    with timer() as ours_reingest:
        kb.ingest(paths, allow_duplicates=True)
    failed = [f"{o.source}: {o.reason}" for o in report.failed]

    scores = {f"ours ({mode})": score_rankings(questions, rankings(kb_search(kb, mode), questions)) for mode in MODES}
    qs_time = None
    if quickstart:
        embed = build_embedding(kb.settings.embedding)
        with timer() as qs_build:
            qs_search = build_quickstart(paths, embed)
        qs_time = qs_build[0]
        scores["llama-index quickstart"] = score_rankings(questions, rankings(qs_search, questions))

    print_scores(f"{label}: {len(questions)} questions", scores)
    kb.search(questions[0].question, k=5)  # warm: latency below is per query with everything loaded
    (p50, p95), (base50, base95) = checked_and_unchecked_latency(kb, [q.question for q in questions])
    print(f"\ningest: ours {ours_ingest[0]:.1f} s", end="")
    if qs_time is not None:
        print(f", quickstart {qs_time:.1f} s, ratio ours/quickstart {ours_ingest[0] / qs_time:.2f}×")
    else:
        print()
    print(f"re-ingest unchanged: {ours_reingest[0]:.2f} s")
    print(f"warm hybrid search latency: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print(f"  without the version check: p50 {base50:.1f} ms, p95 {base95:.1f} ms;"
          f" ratio checked/unchecked p50 {p50 / base50:.3f}×, p95 {p95 / base95:.3f}×")
    print(f"  the check itself (one read of the version): median {version_read_ms(kb):.2f} ms")
    if failed:
        print("files that did not go in:", *failed, sep="\n  ")
    if qs_time is not None:
        ours, base = scores["ours (hybrid)"], scores["llama-index quickstart"]
        print(f"recall@5 ours − quickstart: {ours.recall_at_5 - base.recall_at_5:+.3f}")


def checked_and_unchecked_latency(kb: KnowledgeBase, queries: list[str]) -> tuple[tuple[float, float], ...]:
    """(p50, p95) of warm hybrid search as served — the knowledge base's version read at every search —
    and with the view reused unchecked. Each query is timed both ways back to back, the order turning
    from query to query, over LATENCY_ROUNDS rounds: a machine that gets busier or quieter during the
    run (a shared machine does) then weighs on both alike, which whole alternating rounds did not."""
    unchecked_view = partial(KnowledgeIndex.view, kb.index, check=False)
    times: dict[bool, list[float]] = {True: [], False: []}
    for turn in range(LATENCY_ROUNDS * len(queries)):
        query = queries[turn % len(queries)]
        for checked in (True, False) if turn % 2 else (False, True):
            if not checked:
                kb.index.view = unchecked_view  # type: ignore[method-assign]
            try:
                with timer() as took:
                    kb.search(query, k=5)
            finally:
                if not checked:
                    del kb.index.view
            times[checked].append(took[0] * 1000)
    return tuple(p50_p95(times[checked]) for checked in (True, False))


def version_read_ms(kb: KnowledgeBase, times: int = 1000) -> float:
    """The check itself: one read of the knowledge base's version, median milliseconds."""
    found = []
    for _ in range(times):
        with timer() as took:
            kb.index.manifest.version  # noqa: B018 — the read is what is timed
        found.append(took[0] * 1000)
    return statistics.median(found)


@contextmanager
def storage(servers: bool, home: Path) -> Iterator[dict[str, object]]:
    """Settings overrides: the single-machine default (embedded Chroma, SQLite under home), or a `chroma run`
    server and a PostgreSQL server started here, as replicas use them."""
    if not servers:
        yield {}
        return
    with ExitStack() as stack:
        url = stack.enter_context(running_postgres())
        port = stack.enter_context(running_chroma(home / "chroma-server"))
        yield {"database": {"url": url}, "chroma": {"mode": "server", "port": port}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-ncp", action="store_true", help="skip the 599-document ncp policy set")
    parser.add_argument("--no-quickstart", action="store_true", help="skip the llama-index quickstart baseline")
    parser.add_argument("--chunk-chars", type=int, default=None, help="override the chunk size")
    parser.add_argument("--servers", action="store_true", help="Chroma server + PostgreSQL instead of embedded + SQLite")
    parser.add_argument("--only-ncp", action="store_true", help="only the ncp policy set")
    parser.add_argument("--home", type=Path, help="keep the knowledge bases here (a re-run skips unchanged files)")
    args = parser.parse_args()

    with ExitStack() as stack:
        home = args.home or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bureau-bench-")))
        where = stack.enter_context(storage(args.servers, home))
        overrides: dict[str, object] = {"home": home, **where}
        settings = load_settings(**overrides)
        if args.chunk_chars:
            settings.retrieval.chunk_chars = args.chunk_chars
        model, database = build_embedding(settings.embedding).model_name, settings.database_url.split(":")[0]
        print(f"embedding: {model}; chunk size {settings.retrieval.chunk_chars} chars; Chroma {settings.chroma.mode},"
              f" database {database}")

        dev = load_questions(BENCH / "seed_qa_dev.jsonl") + load_questions(BENCH / "policy_qa_dev.jsonl")
        if not args.only_ncp:
            run_set("shared corpus (seed + policy dev)", KnowledgeBase(settings, "bench-corpus", ingest_hooks()), [CORPUS],
                    dev, quickstart=not args.no_quickstart)
        if not args.no_ncp:
            ncp_dev = load_questions(NCP / "qa_dev.jsonl")
            run_set("ncp policy QA (qa_dev)", KnowledgeBase(settings, "bench-ncp", ingest_hooks()), [NCP / "docs"], ncp_dev,
                    quickstart=not args.no_quickstart)


if __name__ == "__main__":
    main()
