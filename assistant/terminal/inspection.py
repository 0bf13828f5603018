"""`bureau inspect`: show what ingestion makes of a file so a person can judge it."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from ingest.model import Chunk, Document
from ingest.pipeline import IngestedFile
from ingest.structure import outline

METADATA_LABELS = {
    "title": "标题",
    "doc_type": "文种",
    "year": "年份",
    "issuer": "发文机关",
    "doc_number": "文号",
    "region_level": "行政层级",
    "effective_date": "施行日期",
    "validity": "有效期",
    "repeals": "同时废止",
    "source": "来源文件",
    "part": "第几篇",
    "parts": "共几篇",
    "format": "格式",
}


def metadata_table(doc: Document) -> Table:
    table = Table(title="元数据", show_header=False, title_justify="left")
    table.add_column("项", style="cyan", no_wrap=True)
    table.add_column("值")
    for key, value in doc.metadata.items():
        table.add_row(METADATA_LABELS.get(key, key), str(value))
    return table


def heading_tree(doc: Document) -> Tree:
    """The document's headings, indented by depth under its title."""
    tree = Tree(f"[bold]{doc.title}[/bold]")
    branches = [tree]
    for heading in outline(doc).headings:
        del branches[heading.level :]
        branches.append(branches[-1].add(heading.text))
    return tree


def chunk_table(chunks: list[Chunk]) -> Table:
    table = Table(title=f"切分段落（{len(chunks)} 段）", title_justify="left", show_lines=True)
    table.add_column("序号", justify="right", no_wrap=True)
    table.add_column("章节", style="cyan", ratio=1, overflow="fold")
    table.add_column("位置", no_wrap=True)
    table.add_column("字数", justify="right", no_wrap=True)
    table.add_column("内容", ratio=3, overflow="fold")
    for chunk in chunks:
        section = " › ".join(chunk.heading_path[1:]) or "（正文）"
        table.add_row(str(chunk.metadata.get("chunk_index", "")), section, chunk.location, str(len(chunk.text)), chunk.text)
    return table


def render_ingested(console: Console, result: IngestedFile, show_chunks: bool = True) -> None:
    """Per document: title, metadata, heading tree and (optionally) its chunks."""
    console.rule(f"[bold]{result.path.name}[/bold]：{len(result.documents)} 篇文档，{len(result.chunks)} 个段落")
    for number, doc in enumerate(result.documents, start=1):
        console.print(f"\n[bold green]文档 {number}/{len(result.documents)}：{doc.title}[/bold green]")
        console.print(metadata_table(doc))
        console.print("[bold]标题层级[/bold]")
        console.print(heading_tree(doc))
        if show_chunks:
            console.print(chunk_table([c for c in result.chunks if c.doc_id == doc.doc_id]))
