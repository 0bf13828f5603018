"""Scale-out benchmark: the ncp corpus in a `chroma run` server and a PostgreSQL server, served by two app
replicas, against the single-machine default (embedded Chroma, SQLite, one process) in the same run.

    python benchmarks/scale_out.py              # all 599 ncp documents: 35 min on 2 cores (2 ingests of 16 min)
    python benchmarks/scale_out.py --docs 150   # a subset: the first 150 files by name
    python benchmarks/scale_out.py --embedding-model PATH   # a local sentence-transformers model throughout

Prints, for each setup: the ingest time; the BM25 cache rebuilt from Chroma in a fresh process; a fresh
app's start-up (process start → page up → first answer); and search and question latency under 10
concurrent clients — searches in one process (10 threads), questions through each app's HTTP API
(10 gradio clients). PostgreSQL and Chroma run on this machine too, so they share its cores with the apps.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]  # the tests' helpers start the servers

from gradio_client import Client  # noqa: E402

from app_server import running_app  # noqa: E402
from assistant.composition import ingest_hooks  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.knowledge import KnowledgeBase  # noqa: E402
from benchmarks.common import NCP, load_questions, timer, use_embedding_model  # noqa: E402
from local_servers import running_chroma, running_postgres  # noqa: E402

CLIENTS = 10


def percentiles(samples: Sequence[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return pick(0.50), pick(0.95)


def concurrently(work: Callable[[int, str], None], questions: Sequence[str]) -> list[float]:
    """Each question once, CLIENTS at a time; the seconds each one took."""
    def timed(item: tuple[int, str]) -> float:
        start = time.perf_counter()
        work(*item)
        return time.perf_counter() - start

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        return list(pool.map(timed, enumerate(questions)))


def bm25_rebuild(settings: Settings) -> tuple[float, int]:
    """Seconds a fresh process's knowledge base takes to build its BM25 cache from Chroma (the embedding
    model is already loaded), and how many chunks it holds."""
    kb = KnowledgeBase(settings)
    kb.index.dense.refresh()  # a new connection, as a new process would have
    with timer() as took:
        view = kb.index.view()
    return took[0], len(view.chunks)


@contextmanager
def app_started(label: str, home: Path, root: Path, env: dict[str, str], question: str) -> Iterator[tuple[str, float]]:
    """`python app.py`, timed from the process start to the page and to its first answer; yields its URL
    and that time."""
    config = root / "bureau.toml"
    config.write_text("", encoding="utf-8")
    start = time.perf_counter()
    with running_app(home, config, root / f"{label.split()[0]}-{label.split()[1]}.log", env) as app:
        page = time.perf_counter() - start
        Client(app.url, verbose=False, download_files=False).predict(question, [], [], "全部", "全部", api_name="/ask")
        ready = time.perf_counter() - start
        print(f"{label:<28} start-up: page up {page:5.1f} s, first answer {ready:5.1f} s")
        yield app.url, ready


def ask_load(label: str, url: str, questions: Sequence[str]) -> float:
    """Question latency through the app under CLIENTS concurrent clients; returns the p95 in ms."""
    clients = [Client(url, verbose=False, download_files=False) for _ in range(CLIENTS)]
    times = concurrently(
        lambda n, q: clients[n % CLIENTS].predict(q, [], [], "全部", "全部", api_name="/ask"), questions
    )
    p50, p95 = percentiles(times)
    print(f"{label:<28} questions through the app, {CLIENTS} clients: p50 {p50:6.0f} ms, p95 {p95:6.0f} ms")
    return p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=0, help="ingest only the first N ncp files (0: all 599)")
    parser.add_argument("--questions", type=int, default=100, help="questions per load run")
    parser.add_argument("--embedding-model", help="a local sentence-transformers model for every setup here "
                        "(a whole-ncp ingest: about 7 min with all-MiniLM-L6, 16 with the default e5-small)")
    args = parser.parse_args()
    if args.embedding_model:
        use_embedding_model(args.embedding_model)

    files = sorted((NCP / "docs").iterdir())
    files = files[: args.docs] if args.docs else files
    names = {f.name for f in files}
    dev = sorted(load_questions(NCP / "qa_dev.jsonl"), key=lambda q: q.source not in names)  # about the subset first
    questions = [q.question for q in dev][: args.questions]
    about = sum(q.source in names for q in dev[: args.questions])
    print(f"ncp corpus: {len(files)} of 599 files; {len(questions)} qa_dev questions, {about} of them about these files")

    with tempfile.TemporaryDirectory(prefix="bureau-scale-") as tmp, running_postgres() as url:
        root = Path(tmp)
        with running_chroma(root / "chroma-server") as port:
            shared_env = {"BUREAU_DATABASE__URL": url, "BUREAU_CHROMA__MODE": "server",
                          "BUREAU_CHROMA__PORT": str(port)}  # fmt: skip
            setups = {
                "single process (embedded)": Settings(home=root / "single"),
                "replicas (server)": Settings(
                    home=root / "ingester", database={"url": url}, chroma={"mode": "server", "port": port}
                ),
            }
            print("\n## ingest and BM25 cache")
            for label, settings in setups.items():
                with timer() as took:
                    report = KnowledgeBase(settings, hooks=ingest_hooks()).ingest(files)
                print(f"{label:<28} ingest {took[0]:6.1f} s ({len(report.failed)} failed)")
            for label, settings in setups.items():
                seconds, chunks = bm25_rebuild(settings)
                print(f"{label:<28} BM25 cache built from Chroma in a fresh process: {seconds:.2f} s, {chunks} chunks")

            print(f"\n## searches in one process, {CLIENTS} threads")
            search_p95 = {}
            for label, settings in setups.items():
                kb = KnowledgeBase(settings)
                kb.search(questions[0], 5)
                p50, search_p95[label] = percentiles(concurrently(lambda _, q: kb.search(q, 5), questions))  # noqa: B023
                print(f"{label:<28} hybrid search p50 {p50:6.1f} ms, p95 {search_p95[label]:6.1f} ms")
            single, server = search_p95.values()
            print(f"search p95 ratio server/single: {server / single:.2f}×")

            print("\n## apps")
            with (  # the first app to start pays for cold file caches: A, not the single process
                app_started("replica A (server)", root / "replica-a", root, shared_env, questions[0]) as a,
                app_started("single process (embedded)", root / "single", root, {}, questions[0]) as single_app,
                app_started("replica B (server)", root / "replica-b", root, shared_env, questions[0]) as b,
            ):
                p95 = {label: ask_load(label, url, questions) for label, (url, _) in
                       (("single", single_app), ("replica A", a), ("replica B", b))}  # fmt: skip
                print(f"start-up ratio fresh replica/single: A {a[1] / single_app[1]:.2f}×, B {b[1] / single_app[1]:.2f}×")
                print(f"question p95 ratio replica/single: A {p95['replica A'] / p95['single']:.2f}×, "
                      f"B {p95['replica B'] / p95['single']:.2f}×")  # fmt: skip


if __name__ == "__main__":
    main()
