"""How the knowledge-base commands show their results: summaries, passages and document lists."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from assistant.knowledge import STATUS_LABELS, IngestReport
from vectorstore.index import Consistency
from vectorstore.manifest import DocumentRecord, FileRecord
from vectorstore.model import SearchResult


def render_ingest_summary(console: Console, kb: str, report: IngestReport) -> None:
    counts = "，".join(f"{label} {len(report.with_status(s))}" for s, label in STATUS_LABELS.items())
    console.print(f"知识库「{escape(kb)}」入库完成：{counts}")
    if report.repaired and not report.repaired.ok:
        render_repair(console, report.repaired)
    for outcome in report.with_status("duplicate"):
        console.print(
            f"[yellow]≡ {escape(outcome.source)}[/yellow]：与已入库的 {escape(outcome.duplicate_of)} 内容完全相同，"
            "未重复导入（确需另存一份时加 --allow-duplicates）",
            soft_wrap=True,
        )
    for outcome in report.failed:
        console.print(
            f"[red]✗ {escape(str(outcome.path))}[/red]：{escape(outcome.reason)}。{escape(outcome.advice)}",
            soft_wrap=True,
        )


def render_repair(console: Console, found: Consistency, repaired: bool = True) -> None:
    action = "已修复" if repaired else "可运行 bureau check --repair 修复"
    difference = f"多出 {found.extra} 段、缺少 {found.missing} 段"
    console.print(f"[yellow]向量库与清单不一致（{difference}，可能是上次中断所致），{action}[/yellow]")


def search_json(query: str, results: Sequence[SearchResult]) -> str:
    """One line: {"query": …, "results": […]} with Chinese unescaped."""
    return json.dumps({"query": query, "results": [r.as_json() for r in results]}, ensure_ascii=False)


def render_results(console: Console, query: str, results: Sequence[SearchResult]) -> None:
    console.print(f"[bold]{escape(query)}[/bold]")
    if not results:
        console.print("  没有找到相关段落")
    for rank, r in enumerate(results, start=1):
        where = " › ".join(part for part in (r.section or r.title, r.location) if part)
        console.print(f"[cyan]{rank}.[/cyan] {escape(r.source)}  {escape(where)}  [dim]{r.score:.4f}[/dim]")
        console.print(f"   {escape(r.text)}")


def document_json(document: DocumentRecord, ingested_at: str) -> str:
    """One line per document for tooling."""
    row = {
        "source": document.source, "title": document.title, "part": document.part, "parts": document.parts,
        "chunks": document.chunks, "ingested_at": ingested_at, "metadata": document.metadata,
    }  # fmt: skip
    return json.dumps(row, ensure_ascii=False)


def documents_table(kb: str, files: Sequence[FileRecord], documents: Sequence[DocumentRecord]) -> Table:
    ingested = {f.source: f.ingested_at for f in files}
    table = Table(title=f"知识库「{kb}」的文档（{len(files)} 个文件，{len(documents)} 篇）")
    table.add_column("文件", overflow="fold")
    table.add_column("标题", max_width=30)
    for column in ("文种", "年份", "段落数", "入库时间"):
        table.add_column(column, no_wrap=True)
    for d in documents:
        title = d.title if d.parts == 1 else f"{d.title}（第{d.part}/{d.parts}篇）"
        table.add_row(
            escape(d.source), escape(title), escape(str(d.metadata.get("doc_type", ""))),
            str(d.metadata.get("year", "")), str(d.chunks), ingested.get(d.source, ""),
        )  # fmt: skip
    return table
