"""The `bureau` command: a thin layer over ingest/, vectorstore/ and assistant/."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from assistant.config import load_settings

app = typer.Typer(help="科技局智能助手 命令行工具", no_args_is_help=True, add_completion=False)
console = Console()
err_console = Console(stderr=True)


@app.callback()
def main_callback() -> None:
    """科技局智能助手：文档入库、检索、问答与起草。"""


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, and the files inside folders, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        else:
            files.append(path)
    return files


@app.command()
def inspect(
    paths: Annotated[list[Path], typer.Argument(help="要检查的文件或文件夹")],
    chunks: Annotated[bool, typer.Option("--chunks/--no-chunks", help="是否列出切分后的段落")] = True,
) -> None:
    """显示入库时会得到的文档、标题层级、元数据和段落（不写入知识库）。"""
    from assistant.inspect_view import render_ingested
    from ingest.model import IngestError
    from ingest.pipeline import ingest_file

    settings = load_settings()
    failed = 0
    for path in expand_paths(paths):
        try:
            result = ingest_file(path, chunk_chars=settings.retrieval.chunk_chars)
        except IngestError as exc:
            failed += 1
            err_console.print(f"[red]✗ {exc.path}[/red]：{exc.reason}。{exc.advice}")
            continue
        render_ingested(console, result, show_chunks=chunks)
    raise typer.Exit(1 if failed else 0)


def main() -> None:
    app()
