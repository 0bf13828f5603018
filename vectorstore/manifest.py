"""The knowledge base's record in SQLite: files and their content hash, documents, chunks and their
BM25 tokens. Its transactions decide what is in the knowledge base; Chroma follows it."""

from __future__ import annotations

import fcntl
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ingest.model import Document
from vectorstore.model import StoredChunk

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    source TEXT PRIMARY KEY, path TEXT NOT NULL, content_hash TEXT NOT NULL, ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    source TEXT NOT NULL, doc_id TEXT NOT NULL, title TEXT NOT NULL, part INTEGER NOT NULL,
    parts INTEGER NOT NULL, metadata TEXT NOT NULL, PRIMARY KEY (source, doc_id)
);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, chunk_id TEXT NOT NULL, source TEXT NOT NULL, doc_id TEXT NOT NULL,
    position INTEGER NOT NULL, text TEXT NOT NULL, search_text TEXT NOT NULL, heading_path TEXT NOT NULL,
    location TEXT NOT NULL, metadata TEXT NOT NULL, tokens TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_by_source ON chunks (source, position);
"""
CHUNK_COLUMNS = "id, chunk_id, source, doc_id, text, search_text, heading_path, location, metadata, tokens"


@dataclass
class FileRecord:
    source: str
    path: str
    content_hash: str
    ingested_at: str


@dataclass
class DocumentRecord:
    source: str
    doc_id: str
    title: str
    part: int
    parts: int
    metadata: dict[str, object]
    chunks: int


@dataclass
class FileEntry:
    """One file's new state, written in the same transaction as the others of its batch."""

    source: str
    path: str
    content_hash: str
    documents: list[Document]
    chunks: list[StoredChunk]


def _chunk(row: tuple) -> StoredChunk:
    id_, chunk_id, source, doc_id, text, search_text, heading_path, location, metadata, tokens = row
    return StoredChunk(
        id=id_,
        chunk_id=chunk_id,
        source=source,
        doc_id=doc_id,
        text=text,
        search_text=search_text,
        heading_path=json.loads(heading_path),
        location=location,
        metadata=json.loads(metadata),
        tokens=tokens.split(" ") if tokens else [],
    )


class Manifest:
    """One SQLite file per knowledge base; every change bumps `generation` so readers can reload."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.lock_path = path.with_suffix(".lock")
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._in_transaction = threading.Lock()
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)

    @contextmanager
    def writer(self, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
        """Held around a run of writes: one writer per knowledge base across processes. A second writer
        waits (after calling `on_wait`, so a person sees why nothing moves) until the first is done;
        the lock goes with the process, so a killed writer never leaves it held."""
        with open(self.lock_path, "a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait:
                    on_wait()
                fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Several reads that see one state of the knowledge base. The connection is shared by the app's
        threads: one transaction at a time (two first questions at once began a transaction twice)."""
        with self._in_transaction:
            self.db.execute("BEGIN")
            try:
                yield
            finally:
                self.db.execute("COMMIT")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._in_transaction:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
                self.db.execute(
                    "INSERT INTO meta VALUES ('generation', '1') "
                    "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
                )
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @property
    def generation(self) -> int:
        return int(self.get_meta("generation") or 0)

    def content_hash(self, source: str) -> str | None:
        row = self.db.execute("SELECT content_hash FROM files WHERE source = ?", (source,)).fetchone()
        return row[0] if row else None

    def source_with_hash(self, content_hash: str) -> str | None:
        """The file already stored with this content, under whatever name (None when there is none)."""
        row = self.db.execute("SELECT source FROM files WHERE content_hash = ? ORDER BY source", (content_hash,)).fetchone()
        return row[0] if row else None

    def files(self) -> list[FileRecord]:
        rows = self.db.execute("SELECT source, path, content_hash, ingested_at FROM files ORDER BY source")
        return [FileRecord(*row) for row in rows]

    def documents(self) -> list[DocumentRecord]:
        rows = self.db.execute(
            "SELECT d.source, d.doc_id, d.title, d.part, d.parts, d.metadata, "
            "(SELECT COUNT(*) FROM chunks c WHERE c.source = d.source AND c.doc_id = d.doc_id) "
            "FROM documents d ORDER BY d.source, d.part"
        )
        return [DocumentRecord(s, d, t, p, n, json.loads(m), c) for s, d, t, p, n, m, c in rows]

    def chunk_ids(self, source: str | None = None) -> list[str]:
        """Ids of one file's chunks, or of all chunks."""
        where, args = ("WHERE source = ?", (source,)) if source else ("", ())
        return [row[0] for row in self.db.execute(f"SELECT id FROM chunks {where}", args)]

    def chunk_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]

    def chunks(self, source: str | None = None, tokens: bool = True) -> list[StoredChunk]:
        """All chunks (or one file's) in a stable order: by source, then reading order."""
        where, args = ("WHERE source = ?", (source,)) if source else ("", ())
        columns = CHUNK_COLUMNS if tokens else CHUNK_COLUMNS.replace("tokens", "''")
        rows = self.db.execute(f"SELECT {columns} FROM chunks {where} ORDER BY source, position", args)
        return [_chunk(row) for row in rows]

    def tokens(self) -> list[list[str]]:
        """Every chunk's tokens, in the order of chunks()."""
        rows = self.db.execute("SELECT tokens FROM chunks ORDER BY source, position")
        return [row[0].split(" ") if row[0] else [] for row in rows]

    def update_tokens(self, tokens: Iterable[tuple[str, list[str]]]) -> None:
        with self.transaction() as db:
            db.executemany("UPDATE chunks SET tokens = ? WHERE id = ?", ((" ".join(t), i) for i, t in tokens))

    def write_files(self, entries: list[FileEntry]) -> None:
        """Replace each file's documents and chunks, all in one transaction."""
        now = datetime.now().isoformat(timespec="seconds")
        with self.transaction() as db:
            for entry in entries:
                self._delete(db, entry.source)
                db.execute(
                    "INSERT INTO files VALUES (?, ?, ?, ?)", (entry.source, entry.path, entry.content_hash, now)
                )
                db.executemany(
                    "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        (entry.source, d.doc_id, d.title, d.part, d.parts, json.dumps(d.metadata, ensure_ascii=False))
                        for d in entry.documents
                    ),
                )
                db.executemany(
                    f"INSERT INTO chunks ({CHUNK_COLUMNS}, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        (
                            c.id, c.chunk_id, c.source, c.doc_id, c.text, c.search_text,
                            json.dumps(c.heading_path, ensure_ascii=False), c.location,
                            json.dumps(c.metadata, ensure_ascii=False), " ".join(c.tokens), position,
                        )  # fmt: skip
                        for position, c in enumerate(entry.chunks)
                    ),
                )

    def remove(self, source: str) -> None:
        with self.transaction() as db:
            self._delete(db, source)

    @staticmethod
    def _delete(db: sqlite3.Connection, source: str) -> None:
        for table in ("files", "documents", "chunks"):
            db.execute(f"DELETE FROM {table} WHERE source = ?", (source,))
