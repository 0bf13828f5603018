"""Reliability under attack and accident, measured:

1. hostile files: a corpus built here (benchmarks/hostile_corpus.py, >= 40 files) ingested by one
   process; per file the outcome, the error text, the wall time and the peak memory of the ingest
   process and of its parser worker;
2. crash safety: one `bureau ingest` of NCP policy documents killed with SIGKILL at random moments; after
   each, a copy of the killed store is re-run and compared with an uninterrupted run (documents, chunks,
   `bureau check`);
3. concurrent writers: two `bureau ingest` into one knowledge base at once;
4. concurrent chat: N clients x M questions over the Gradio API, answers checked against a
   one-at-a-time run of the same questions (nothing delivered to the wrong client), p50/p95 latency.

    python -m benchmarks.reliability                       # all four
    python -m benchmarks.reliability --only hostile --file-seconds 60
    python -m benchmarks.reliability --only crash --ncp-docs 0 --trials 10   # the whole NCP corpus

The crash and writer trials take the first --ncp-docs NCP documents (default 60; 0 = all 599). Ten crash
trials cost about eight ingests' time (the uninterrupted one, the interrupted one with its restarts, and the
rest of it after each kill): 53 min for all 599 documents on 2 cores with all-MiniLM-L6, whose ingest alone
takes about 7 min. The write path under test does not depend on the embedding model, so `--embedding-model
PATH` (a local sentence-transformers model) lets the whole-corpus trials run at that model's speed."""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.common import NCP, REPO, use_embedding_model

MB = 1 << 20
GOOD = ["示范县专利资助办法.docx", "示范县科技创新券管理办法.pdf", "示范县高新技术企业认定奖励细则.txt"]
RSS_LIMIT_MB = 1536
CHAT_QUESTIONS = [
    "发明专利授权后每件资助多少钱？", "创新券每家企业每年最高多少？", "高新技术企业认定奖励多少钱？",
    "2025年科技计划项目申报截止时间是什么时候？", "2024年全县专利授权量是多少？",
]  # fmt: skip


# process memory ---------------------------------------------------------------------------------
def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


class Sampler:
    """Peak RSS of this process and of its largest descendant (a parser worker), since the last reset."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.own = self.worker = 0.0
        self._stop = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(self.interval):
            self.own = max(self.own, _rss_mb(me))
            self.worker = max([self.worker, *(_rss_mb(p) for p in _descendants(me))])

    def take(self) -> tuple[float, float]:
        own, worker = max(self.own, _rss_mb(os.getpid())), self.worker
        self.own = self.worker = 0.0
        return own, worker


def ingest_driver(home: str, folder: str) -> None:
    """Child process of the hostile run: ingest the folder, one JSON line per file as it is decided."""
    from assistant.composition import ingest_hooks
    from assistant.config import load_settings
    from assistant.knowledge import KnowledgeBase

    settings = load_settings(home=Path(home))
    sampler = Sampler()
    knowledge = KnowledgeBase(settings, "hostile", ingest_hooks())
    _ = knowledge.index  # load the model first, so its memory is not charged to the first file
    sampler.take()
    last = time.monotonic()

    def report(outcome) -> None:  # noqa: ANN001
        nonlocal last
        now = time.monotonic()
        own, worker = sampler.take()
        row = {"source": outcome.source, "status": outcome.status, "chunks": outcome.chunks,
               "error": f"{outcome.reason}。{outcome.advice}" if outcome.reason else "", "parse": outcome.seconds,
               "seconds": now - last, "rss_mb": own, "worker_rss_mb": worker}  # fmt: skip
        print(json.dumps(row, ensure_ascii=False), flush=True)
        last = now

    knowledge.ingest([Path(folder)], progress=report)


# 1. hostile files -------------------------------------------------------------------------------
def hostile(work: Path, file_seconds: float, max_text_chars: int | None) -> bool:
    from benchmarks.hostile_corpus import build

    folder = work / "hostile"
    started = time.monotonic()
    kinds = build(folder, [REPO / "sample_corpus" / name for name in GOOD])
    print(f"\n== 1. 恶意文件：{len(kinds)} 个（生成用时 {time.monotonic() - started:.0f} 秒），单文件时间上限 {file_seconds:g} 秒")
    env = os.environ | {"BUREAU_LIMITS__FILE_SECONDS": str(file_seconds), "PYTHONPATH": str(REPO)}
    if max_text_chars:
        env["BUREAU_LIMITS__MAX_TEXT_CHARS"] = str(max_text_chars)
        print(f"文字上限改为 {max_text_chars:,} 字（让被接受的大文件的向量化在共享机器上跑得完），其余上限为默认值")
    started = time.monotonic()
    print("解析秒 = 读取与解析（有时间上限）；用时秒 = 与上一个结果之间的墙钟时间（含向量化入库）")
    print(f"{'文件':<30} {'结果':<6} {'段落':>5} {'解析秒':>6} {'用时秒':>6} {'主进程MB':>8} {'解析进程MB':>10}  错误信息")
    stderr = open(work / "hostile.stderr", "w+")  # noqa: SIM115 — read back below
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.reliability", "--driver", str(work / "home_hostile"), str(folder)],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True,
    )  # fmt: skip
    rows = []
    for line in process.stdout:
        if not line.startswith("{"):
            continue
        row = json.loads(line)
        rows.append(row)
        print(f"{row['source'][:30]:<30} {row['status']:<6} {row['chunks']:5d} {row['parse']:6.1f} {row['seconds']:6.1f} "
              f"{row['rss_mb']:8.0f} {row['worker_rss_mb']:10.0f}  {row['error'][:160]}", flush=True)  # fmt: skip
    process.wait()
    stderr.seek(0)
    errors = stderr.read()
    total = time.monotonic() - started
    by_source = {row["source"]: row for row in rows}
    tracebacks = errors.count("Traceback")
    budget = file_seconds + 10  # the parse limit plus starting a fresh worker after a killed one
    hangs = [r["source"] for r in rows if r["parse"] > budget]
    missing = [name for name in kinds if name not in by_source and not Path(folder / name).is_dir()]
    peak = max(r["rss_mb"] for r in rows) if rows else 0
    worker_peak = max(r["worker_rss_mb"] for r in rows) if rows else 0
    expected = [name for name, kind in kinds.items() if "应入库" in kind]
    lost = [name for name in expected if by_source.get(name, {}).get("status") not in ("added", "updated")]
    unnamed = [r["source"] for r in rows if r["status"] == "failed" and not (r["source"] and r["error"])]
    limits = [r for r in rows if "上限为" in r["error"]]
    print(f"文件结果 {len(rows)} 条（进程退出码 {process.returncode}，总用时 {total:.0f} 秒）；"
          f"新增 {sum(r['status'] == 'added' for r in rows)}，失败 {sum(r['status'] == 'failed' for r in rows)}")  # fmt: skip
    print(f"Python 异常栈 {tracebacks}；超时未决 {len(hangs)} {hangs}；主进程峰值 {peak:.0f} MB（上限 {RSS_LIMIT_MB}），"
          f"解析进程峰值 {worker_peak:.0f} MB")  # fmt: skip
    print(f"应入库 {len(expected)} 个，未入库 {lost}；未写明文件或原因的拒绝 {unnamed}；写明上限的拒绝 {len(limits)} 个；"
          f"没有单独结果的文件 {missing}（指向文件夹内文件的链接与原文件只读一次）")  # fmt: skip
    if process.returncode not in (0, 1):
        print(errors[-3000:])
    return not (tracebacks or hangs or lost or unnamed) and peak <= RSS_LIMIT_MB and process.returncode in (0, 1)


# 2. crash safety --------------------------------------------------------------------------------
def bureau(home: Path, *args: str) -> dict:
    """What starts a `bureau` command on this home: the arguments for subprocess.run or Popen."""
    env = os.environ | {"BUREAU_HOME": str(home), "PYTHONPATH": str(REPO)}
    return {"args": [sys.executable, "-m", "assistant.terminal.cli", *args], "cwd": REPO, "env": env}


def cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    """A `bureau` command, waited for however long it takes: a whole-corpus ingest on a busy machine
    outlasted the half hour this once allowed, and a time limit would cut the trial, not measure it."""
    return subprocess.run(**bureau(home, *args), capture_output=True, text=True)


def stored(home: Path) -> bool:
    """Whether anything was written under this home yet (its default database file exists)."""
    return (home / "bureau.sqlite3").is_file()


def store_state(home: Path, kb: str = "default") -> tuple[int, int, frozenset[str]]:
    """Documents, chunks and the set of chunk ids, read from the manifest (the record of what is in)."""
    from sqlalchemy import func, select

    from assistant.config import Settings
    from vectorstore.database import open_database
    from vectorstore.schema import chunks, documents

    if not stored(home):
        return 0, 0, frozenset()
    with open_database(Settings(home=home).database_url).connect() as conn:
        count = conn.execute(select(func.count()).select_from(documents).where(documents.c.kb == kb)).scalar_one()
        ids = frozenset(conn.execute(select(chunks.c.id).where(chunks.c.kb == kb)).scalars())
    return count, len(ids), ids


def ncp_subset(work: Path, count: int) -> Path:
    """The first `count` NCP documents (0: all of them) in a folder of their own."""
    folder = work / "ncp"
    folder.mkdir(exist_ok=True)
    for path in sorted((NCP / "docs").glob("*.txt"))[: count or None]:
        shutil.copyfile(path, folder / path.name)
    return folder


def crash(work: Path, count: int, trials: int, seed: int) -> bool:
    """kill -9 at `trials` random moments of one ingest. After each kill a copy of the killed store is
    re-run to completion and compared with an uninterrupted run, while the ingest itself goes on from the
    killed store to the next moment: later kills so land in a run that is still recovering from the
    earlier ones, and each trial costs the rest of an ingest rather than a whole one.

    The moments are drawn over the ingest's working time. Every restart first spends the start-up of a
    `bureau` process (imports, the embedding model), which moves no file forward; it is measured once,
    with a one-file ingest, and left out of the clock, or close moments would all fall into start-ups."""
    folder = ncp_subset(work, count)
    total = len(list(folder.glob("*.txt")))
    print(f"\n== 2. 中断恢复：NCP 政策文件 {total} 篇，一次入库中随机 kill -9 {trials} 次，每次都从中断处复制一份重跑到底")
    probe = work / "ncp_one"
    probe.mkdir(exist_ok=True)
    shutil.copyfile(min(folder.glob("*.txt")), probe / "probe.txt")
    started = time.monotonic()
    cli(work / "home_probe", "ingest", str(probe))
    startup = time.monotonic() - started
    started = time.monotonic()
    baseline = cli(work / "home_base", "ingest", str(folder))
    full = time.monotonic() - started
    reference = store_state(work / "home_base")
    print(f"不中断入库：{full:.1f} 秒（其中启动约 {startup:.1f} 秒），文档 {reference[0]}，段落 {reference[1]}（退出码 {baseline.returncode}）")
    ok = baseline.returncode == 0
    rng = random.Random(seed)
    moments = sorted(rng.uniform(1.0, 0.9 * (full - startup)) for _ in range(trials))
    chain = work / "home_chain"
    ran = 0.0  # seconds the interrupted ingest has worked, over its restarts, start-ups left out
    for trial, moment in enumerate(moments, 1):
        process = subprocess.Popen(**bureau(chain, "ingest", str(folder)), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
        launched = time.monotonic()
        deadline = launched + startup + max(1.0, moment - ran)
        while time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
        finished_first = process.poll() is not None
        if not finished_first:  # a finished process group is gone, and nothing is left to kill
            os.killpg(process.pid, signal.SIGKILL)  # the CLI and its parser workers, as a power cut would
        process.wait()
        ran += max(0.0, time.monotonic() - launched - startup)
        before = store_state(chain)[:2]
        home = work / f"home_crash{trial}"
        if chain.exists():
            shutil.copytree(chain, home)
        rerun = cli(home, "ingest", str(folder))
        check = cli(home, "check")
        state = store_state(home)
        same = state == reference
        ok &= same and rerun.returncode == 0 and check.returncode == 0
        torn = re.search(r"多出 \d+ 段、缺少 \d+ 段", rerun.stdout)  # the kill fell between Chroma and the manifest
        print(f"第 {trial:2d} 次：入库工作第 {ran:5.1f} 秒（不计启动）kill -9{'（已先完成）' if finished_first else ''}，中断时已入 文档 {before[0]} 段落 "
              f"{before[1]}{f'，写入中途（{torn.group(0)}，重跑已修复）' if torn else ''}；重跑退出码 {rerun.returncode}，check {check.returncode}「{check.stdout.strip()[:40]}」；"
              f"文档 {state[0]} 段落 {state[1]}，与不中断一致：{'是' if same else '否'}", flush=True)  # fmt: skip
        shutil.rmtree(home, ignore_errors=True)
    return ok


# 3. two writers ---------------------------------------------------------------------------------
def writers(work: Path, count: int) -> bool:
    folder = ncp_subset(work, count)
    halves = [work / "ncp_a", work / "ncp_b"]
    files = sorted(folder.glob("*.txt"))
    for half, part in zip(halves, (files[::2], files[1::2])):
        half.mkdir(exist_ok=True)
        for path in part:
            shutil.copyfile(path, half / path.name)
    print(f"\n== 3. 两个 bureau ingest 同时写入一个知识库（各 {len(files) // 2} 篇）")
    home = work / "home_writers"
    results: dict[str, tuple[subprocess.CompletedProcess, float]] = {}

    def run(half: Path) -> None:
        started = time.monotonic()
        results[half.name] = (cli(home, "ingest", str(half)), time.monotonic() - started)

    threads = [threading.Thread(target=run, args=(half,)) for half in halves]
    for thread in threads:
        thread.start()
        time.sleep(0.5)
    for thread in threads:
        thread.join()
    check = cli(home, "check")
    state = store_state(home)
    reference = store_state(work / "home_base") if stored(work / "home_base") else None
    for name, (result, seconds) in results.items():
        waited = "等它完成后继续" in result.stderr
        print(f"{name}：退出码 {result.returncode}，{seconds:.1f} 秒，{'等待了另一个写入' if waited else '未等待'}；"
              f"{result.stdout.strip().splitlines()[0] if result.stdout.strip() else result.stderr[-200:]}")  # fmt: skip
    same = reference is None or state == reference
    print(f"合计 文档 {state[0]} 段落 {state[1]}；check 退出码 {check.returncode}「{check.stdout.strip()[:40]}」"
          f"{'；与一次入库全部文件一致' if same and reference else ''}")  # fmt: skip
    return all(r.returncode == 0 for r, _ in results.values()) and check.returncode == 0 and same


# 4. concurrent chat -----------------------------------------------------------------------------
def message_text(message: dict) -> str:
    """A chat message's text: Gradio gives a string or a list of parts."""
    content = message["content"]
    return content if isinstance(content, str) else "".join(part.get("text", "") for part in content)


def chat(work: Path, clients: int, questions: int) -> bool:
    from gradio_client import Client

    sys.path.insert(0, str(REPO / "tests"))
    from local_servers import free_port, stop, wait_for_http

    print(f"\n== 4. 并发对话：{clients} 个客户端 × 每个 {questions} 个问题，经 Gradio API")
    port = free_port()
    env = os.environ | {"BUREAU_HOME": str(work / "home_chat"), "BUREAU_APP__PORT": str(port),
                        "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONPATH": str(REPO)}  # fmt: skip
    log = open(work / "app.log", "w")  # noqa: SIM115 — kept open while the app runs
    process = subprocess.Popen([sys.executable, "app.py"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for_http(url, process)

        def ask(client: Client, question: str) -> tuple[str, str, float]:
            started = time.monotonic()
            history, _sources, _ = client.predict(question, [], [], "全部", "全部", api_name="/ask")
            return message_text(history[-2]), message_text(history[-1]), time.monotonic() - started

        solo_client = Client(url, verbose=False, download_files=False)
        solo = {q: ask(solo_client, q) for q in CHAT_QUESTIONS}
        solo_p50 = statistics.median(t for _, _, t in solo.values())
        plan = [[CHAT_QUESTIONS[(c + i) % len(CHAT_QUESTIONS)] for i in range(questions)] for c in range(clients)]

        connected = [Client(url, verbose=False, download_files=False) for _ in range(clients)]  # one at a time

        def run_client(client: Client, asks: list[str]) -> list[tuple[str, str, str, float] | Exception]:
            out = []
            for question in asks:
                try:
                    out.append((question, *ask(client, question)))
                except Exception as exc:  # noqa: BLE001 — counted as an error
                    out.append(exc)
            return out

        started = time.monotonic()
        with ThreadPoolExecutor(clients) as pool:
            results = [r for batch in pool.map(run_client, connected, plan) for r in batch]
        wall = time.monotonic() - started
    finally:
        stop(process)
        log.close()
    errors = [r for r in results if isinstance(r, Exception)]
    done = [r for r in results if not isinstance(r, Exception)]
    wrong = [r for r in done if r[1] != r[0] or r[2] != solo[r[0]][1]]
    times = sorted(r[3] for r in done)
    p50 = statistics.median(times) if times else 0
    p95 = times[int(0.95 * (len(times) - 1))] if times else 0
    print(f"单独提问 p50 {solo_p50:.2f} 秒；并发 {len(results)} 个问题用时 {wall:.1f} 秒：错误 {len(errors)}，"
          f"答非所问或与单独提问不同 {len(wrong)}，p50 {p50:.2f} 秒，p95 {p95:.2f} 秒（p50 为单独时的 {p50 / max(solo_p50, 1e-9):.1f} 倍）")  # fmt: skip
    for error in errors[:3]:
        print(f"  错误：{error!r}")
    return not errors and not wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="hostile,crash,writers,chat")
    parser.add_argument("--file-seconds", type=float, default=60)
    parser.add_argument("--max-text-chars", type=int, default=None, help="override limits.max_text_chars")
    parser.add_argument("--ncp-docs", type=int, default=60, help="first N NCP documents; 0 = all")
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--embedding-model", help="a local sentence-transformers model for every ingest here")
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    parser.add_argument("--driver", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.driver:
        return ingest_driver(*args.driver)
    if args.embedding_model:
        use_embedding_model(args.embedding_model)
    work = Path(tempfile.mkdtemp(prefix="bureau-reliability-"))
    parts = args.only.split(",")
    results = {}
    try:
        if "hostile" in parts:
            results["恶意文件"] = hostile(work, args.file_seconds, args.max_text_chars)
        if "crash" in parts:
            results["中断恢复"] = crash(work, args.ncp_docs, args.trials, args.seed)
        if "writers" in parts:
            results["并发写入"] = writers(work, args.ncp_docs)
        if "chat" in parts:
            results["并发对话"] = chat(work, args.clients, args.questions)
    finally:
        if args.keep:
            print(f"工作目录：{work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("\n== 结论：" + "；".join(f"{name} {'通过' if ok else '未通过'}" for name, ok in results.items()))
    sys.exit(0 if all(results.values()) else 1)


if __name__ == "__main__":
    main()
