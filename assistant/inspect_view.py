"""PLACEHOLDER: the structure helper replaces this."""

from rich.console import Console

from ingest.pipeline import IngestedFile


def render_ingested(console: Console, result: IngestedFile, show_chunks: bool = True) -> None:
    for doc in result.documents:
        console.print(f"[bold]{doc.title}[/bold] {doc.metadata}")
    if show_chunks:
        for chunk in result.chunks:
            console.print(f"  [{chunk.section}] {chunk.text[:80]}")
