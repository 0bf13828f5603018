"""Data that flows through ingestion: blocks → documents → chunks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["para", "heading", "table_row"]


@dataclass
class Block:
    """One unit of text as a loader found it: a paragraph, a styled heading or a table row."""

    text: str
    kind: BlockKind = "para"
    location: str = ""  # human-readable: "第3页", "第12段", "表1第3行", "第40行"
    heading_level: int | None = None  # from Word heading styles, when the file says so


@dataclass
class LoadedFile:
    """What a loader returns: the file's blocks in reading order."""

    path: str
    format: str  # "txt", "docx", "doc", "pdf", "html", "xlsx", "csv", "md"
    blocks: list[Block]
    encoding: str | None = None


@dataclass
class Heading:
    """A recognised heading: its marker level (0 = title, 1 = 一、/第X章, …) and text."""

    level: int
    text: str


@dataclass
class Document:
    """One article: a whole file, or one part of a compilation."""

    doc_id: str
    title: str
    source: str  # file name as the user gave it
    blocks: list[Block]
    part: int = 1  # 1-based position inside a compilation
    parts: int = 1
    content_hash: str = ""
    metadata: dict[str, object] = field(default_factory=dict)


@dataclass
class Chunk:
    """A citable passage: verbatim cleaned text plus the normalised text that search indexes."""

    chunk_id: str
    doc_id: str
    text: str  # what a citation shows, verbatim after cleaning
    search_text: str  # synonym-normalised text for lexical and dense search
    heading_path: list[str]
    location: str
    metadata: dict[str, object] = field(default_factory=dict)

    @property
    def section(self) -> str:
        return " › ".join(self.heading_path)


class IngestError(Exception):
    """A file that cannot be ingested: says which file, what is wrong and what to do."""

    def __init__(self, path: str, reason: str, advice: str) -> None:
        self.path = path
        self.reason = reason
        self.advice = advice
        super().__init__(f"{path}: {reason}。{advice}")

    def __reduce__(self) -> tuple:
        return (IngestError, (self.path, self.reason, self.advice))  # crosses from a parser worker intact
