"""File → clean, structured, citable chunks and the figures it states. Each step lives in its own module."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ingest.chunk import chunk_document
from ingest.clean import clean_blocks
from ingest.compilation import fallback_title, split_compilation
from ingest.figures import FigureRecord, document_figures
from ingest.limits import Limits, check_text_length
from ingest.load import load_file
from ingest.metadata import document_metadata
from ingest.model import Chunk, Document


@dataclass
class IngestedFile:
    """All that ingestion makes of one file."""

    path: Path
    content_hash: str
    documents: list[Document]
    chunks: list[Chunk]
    figures: list[FigureRecord]


def file_hash(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def ingest_file(path: Path, chunk_chars: int = 300, limits: Limits | None = None) -> IngestedFile:
    """Load, clean, split, find structure and chunk one file. Raises IngestError for a bad file or one
    over a limit (checked before parsing where the file's header or zip directory tells)."""
    path = Path(path)
    limits = limits or Limits()
    loaded = load_file(path, limits)
    content_hash = file_hash(path)
    check_text_length(path, sum(len(block.text) for block in loaded.blocks), limits.max_text_chars)
    blocks = clean_blocks(loaded.blocks)
    documents: list[Document] = []
    chunks: list[Chunk] = []
    figures: list[FigureRecord] = []
    parts = split_compilation(blocks, fallback_title=fallback_title(path.stem, blocks))
    for number, (title, part_blocks) in enumerate(parts, start=1):
        doc_id = f"{content_hash[:16]}-{number}"
        doc = Document(
            doc_id=doc_id,
            title=title,
            source=path.name,
            blocks=part_blocks,
            part=number,
            parts=len(parts),
            content_hash=content_hash,
        )
        doc.metadata = document_metadata(doc)
        documents.append(doc)
        chunks.extend(chunk_document(doc, max_chars=chunk_chars))
        figures.extend(document_figures(doc))
    return IngestedFile(path=path, content_hash=content_hash, documents=documents, chunks=chunks, figures=figures)
