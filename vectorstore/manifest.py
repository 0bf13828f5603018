"""A knowledge base's record in the SQL database: files and their content hash, documents and chunks,
and the version counter that every change raises. Its transactions decide what is in the knowledge base;
Chroma follows it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.engine import Engine

from ingest.model import Document
from vectorstore.locks import exclusive
from vectorstore.model import StoredChunk
from vectorstore.schema import chunks, documents, files, knowledge_bases

CHUNK_COLUMNS = (
    chunks.c.id, chunks.c.chunk_id, chunks.c.source, chunks.c.doc_id, chunks.c.position, chunks.c.text,
    chunks.c.search_text, chunks.c.heading_path, chunks.c.location, chunks.c.metadata,
)  # fmt: skip


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
    id_, chunk_id, source, doc_id, position, text, search_text, heading_path, location, metadata = row
    return StoredChunk(
        id=id_, chunk_id=chunk_id, source=source, doc_id=doc_id, text=text, search_text=search_text,
        heading_path=json.loads(heading_path), location=location, metadata=json.loads(metadata),
        position=position,
    )  # fmt: skip


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def knowledge_base_names(engine: Engine) -> list[str]:
    """Every knowledge base something was ever written to, by the name users gave it."""
    with engine.connect() as conn:
        return list(conn.execute(select(knowledge_bases.c.name).order_by(knowledge_bases.c.name)).scalars())


class Manifest:
    """One knowledge base's rows in the shared database; `version` goes up with every change."""

    def __init__(self, engine: Engine, kb: str, collection: str, lock_timeout: float = 600.0) -> None:
        self.engine, self.kb, self.collection, self.lock_timeout = engine, kb, collection, lock_timeout

    @contextmanager
    def writer(self, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
        """Held around a run of writes: one writer per knowledge base across processes and machines. A second
        writer waits (after calling `on_wait`, so a person sees why nothing moves) until the first is done, up
        to `lock_timeout`; the lock goes with the process or session, so a killed writer never leaves it held."""
        busy = f"知识库「{self.kb}」正由另一个进程写入（导入、删除或重建索引）"
        with exclusive(self.engine, f"kb:{self.collection}", self.lock_timeout, busy, on_wait):
            yield

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """Writes that land together, with the version raised in the same transaction (first, so that the
        knowledge base's row exists before rows refer to it)."""
        with self.engine.begin() as conn:
            self._bump(conn)
            yield conn

    def _bump(self, conn: Connection) -> None:
        raised = conn.execute(
            update(knowledge_bases)
            .where(knowledge_bases.c.name == self.kb)
            .values(version=knowledge_bases.c.version + 1)
        )
        if not raised.rowcount:
            conn.execute(
                insert(knowledge_bases).values(name=self.kb, collection=self.collection, version=1, created_at=_now())
            )

    def bump(self) -> None:
        """Say that the knowledge base changed (e.g. its vectors were rebuilt) without other writes."""
        with self.transaction():
            pass

    @property
    def version(self) -> int:
        """0 for a knowledge base nothing was written to yet."""
        with self.engine.connect() as conn:
            found = conn.execute(select(knowledge_bases.c.version).where(knowledge_bases.c.name == self.kb)).scalar()
        return int(found or 0)

    def exists(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(knowledge_bases.c.name).where(knowledge_bases.c.name == self.kb)).first() is not None

    def content_hash(self, source: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(
                select(files.c.content_hash).where(files.c.kb == self.kb, files.c.source == source)
            ).scalar()

    def source_with_hash(self, content_hash: str) -> str | None:
        """The file already stored with this content, under whatever name (None when there is none)."""
        query = (
            select(files.c.source)
            .where(files.c.kb == self.kb, files.c.content_hash == content_hash)
            .order_by(files.c.source)
            .limit(1)
        )
        with self.engine.connect() as conn:
            return conn.execute(query).scalar()

    def files(self) -> list[FileRecord]:
        query = (
            select(files.c.source, files.c.path, files.c.content_hash, files.c.ingested_at)
            .where(files.c.kb == self.kb)
            .order_by(files.c.source)
        )
        with self.engine.connect() as conn:
            return [FileRecord(*row) for row in conn.execute(query)]

    def documents(self) -> list[DocumentRecord]:
        counts = (
            select(chunks.c.source, chunks.c.doc_id, func.count().label("n"))
            .where(chunks.c.kb == self.kb)
            .group_by(chunks.c.source, chunks.c.doc_id)
            .subquery()
        )
        query = (
            select(
                documents.c.source, documents.c.doc_id, documents.c.title, documents.c.part, documents.c.parts,
                documents.c.metadata, func.coalesce(counts.c.n, 0),
            )  # fmt: skip
            .outerjoin(counts, (counts.c.source == documents.c.source) & (counts.c.doc_id == documents.c.doc_id))
            .where(documents.c.kb == self.kb)
            .order_by(documents.c.source, documents.c.part)
        )
        with self.engine.connect() as conn:
            return [DocumentRecord(s, d, t, p, n, json.loads(m), c) for s, d, t, p, n, m, c in conn.execute(query)]

    def chunk_ids(self, source: str | None = None) -> list[str]:
        """Ids of one file's chunks, or of all chunks, by source and then reading order."""
        query = select(chunks.c.id).where(chunks.c.kb == self.kb).order_by(chunks.c.source, chunks.c.position)
        if source is not None:
            query = query.where(chunks.c.source == source)
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def chunk_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(chunks).where(chunks.c.kb == self.kb)).scalar())

    def chunks(self, source: str | None = None) -> list[StoredChunk]:
        """All chunks (or one file's) in a stable order: by source, then reading order."""
        query = select(*CHUNK_COLUMNS).where(chunks.c.kb == self.kb).order_by(chunks.c.source, chunks.c.position)
        if source is not None:
            query = query.where(chunks.c.source == source)
        with self.engine.connect() as conn:
            return [_chunk(tuple(row)) for row in conn.execute(query)]

    def write_files(self, entries: list[FileEntry]) -> None:
        """Replace each file's documents and chunks, all in one transaction."""
        now = _now()
        with self.transaction() as conn:
            for entry in entries:
                self._delete(conn, entry.source)
            conn.execute(insert(files), [
                {"kb": self.kb, "source": e.source, "path": e.path, "content_hash": e.content_hash, "ingested_at": now}
                for e in entries
            ])  # fmt: skip
            rows = [
                {"kb": self.kb, "source": e.source, "doc_id": d.doc_id, "title": d.title, "part": d.part,
                 "parts": d.parts, "metadata": json.dumps(d.metadata, ensure_ascii=False)}
                for e in entries for d in e.documents
            ]  # fmt: skip
            if rows:
                conn.execute(insert(documents), rows)
            rows = [
                {"kb": self.kb, "id": c.id, "chunk_id": c.chunk_id, "source": c.source, "doc_id": c.doc_id,
                 "position": c.position, "text": c.text, "search_text": c.search_text,
                 "heading_path": json.dumps(c.heading_path, ensure_ascii=False), "location": c.location,
                 "metadata": json.dumps(c.metadata, ensure_ascii=False)}
                for e in entries for c in e.chunks
            ]  # fmt: skip
            if rows:
                conn.execute(insert(chunks), rows)

    def remove(self, source: str) -> None:
        with self.transaction() as conn:
            self._delete(conn, source)

    def _delete(self, conn: Connection, source: str) -> None:
        for table in (chunks, documents, files):
            conn.execute(delete(table).where(table.c.kb == self.kb, table.c.source == source))
