"""First start: an empty data directory gets the sample corpus, so a fresh install answers at once."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from assistant.access import knowledge_base_names
from assistant.config import Settings
from assistant.knowledge import FileOutcome, IngestHook, IngestReport, KnowledgeBase
from assistant.paths import expand_paths
from ingest.load import LOADERS


def ingest_sample_if_empty(
    settings: Settings, hooks: Sequence[IngestHook] = (), echo: Callable[[str], None] = print
) -> IngestReport | None:
    """Ingest settings.sample_corpus_dir into settings.kb when no knowledge base exists yet (running the
    hooks after it, as any ingest does); else None."""
    corpus = settings.sample_corpus_dir
    if not settings.app.ingest_sample_on_first_start or knowledge_base_names(settings) or not corpus.is_dir():
        return None
    files = [p for p in expand_paths([corpus]) if isinstance(p, Path) and p.suffix.lower() in LOADERS]
    echo(f"首次启动：正在把示例文件（{len(files)} 个）导入知识库「{settings.kb}」，通常约半分钟，机器繁忙时会更久……")
    done = 0
    started = time.monotonic()

    def show(outcome: FileOutcome) -> None:
        nonlocal done
        done += 1
        echo(f"  [{done}/{len(files)}] {outcome.source}")

    report = KnowledgeBase(settings, hooks=hooks).ingest(files, progress=show)
    echo(f"示例文件导入完成：新增 {len(report.with_status('added'))} 个，失败 {len(report.failed)} 个，"
         f"用时 {time.monotonic() - started:.0f} 秒")
    return report
