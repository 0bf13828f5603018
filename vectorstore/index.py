"""A knowledge base's stores kept in step: the manifest in the SQL database (the record of what is in),
Chroma (vectors, chunk text, metadata and search text) and BM25 (a cache in memory, built from Chroma)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from llama_index.core.embeddings import BaseEmbedding

from vectorstore.chroma_store import DenseStore
from vectorstore.lexical import BM25Index, lexical_tokens
from vectorstore.lexical_view import LexicalView
from vectorstore.manifest import FileEntry, Manifest
from vectorstore.model import StoredChunk

Progress = Callable[[int, int], None]  # (done, total)
EMBED_BATCH = 256  # chunks per call to the embedding model (it batches further inside)


@dataclass
class Consistency:
    """Vectors Chroma had without a manifest entry, and manifest chunks Chroma lacked."""

    extra: int
    missing: int

    @property
    def ok(self) -> bool:
        return not (self.extra or self.missing)


def embedding_text(chunk: StoredChunk) -> str:
    """What the dense model sees: the normalised text, behind the document title when there is a real
    one (a title that is only the file name, e.g. a hash, would be noise)."""
    if not chunk.title or chunk.title == Path(chunk.source).stem:
        return chunk.search_text
    return f"{chunk.title}\n{chunk.search_text}"


class KnowledgeIndex:
    """Writes go Chroma first, manifest last (one transaction); check() repairs what a crash left.
    Callers hold Manifest.writer() around writes.

    The BM25 index is a cache in this process, built from the chunks in Chroma. Every change to the
    knowledge base, by any process (a replica, or `bureau ingest`), raises its version in the database;
    each search reads that version (one indexed read) and, when it moved, rebuilds the cache and has
    the dense client read what the others wrote, so a search sees every write committed before it."""

    def __init__(self, manifest: Manifest, dense: DenseStore, embed: BaseEmbedding) -> None:
        self.manifest, self.dense, self.embed = manifest, dense, embed
        self._view: LexicalView | None = None
        self._written = 0  # manifest version after this object's last write: no older view is served
        self._lock = threading.Lock()

    def view(self, check: bool = True) -> LexicalView:
        """The in-memory lexical view at the knowledge base's current version (read each call). Without
        `check`, the view the last search used — so that the words of an answer are weighed at the
        version its passages were found at, without a read per word — unless this object wrote since."""
        view = self._view
        if view is not None and view.version >= self._written and (not check or view.version == self.manifest.version):
            return view
        with self._lock:  # one rebuild at a time; the others wait for it rather than serve a stale index
            version = self.manifest.version  # read before the chunks: a write after it is caught next time
            self.dense.catch_up(version)
            if self._view is None or self._view.version != version:
                self._view = self._build(version)
            return self._view

    def _build(self, version: int) -> LexicalView:
        """BM25 over the chunks Chroma holds, limited to those the manifest lists (a write that crashed
        half-way leaves vectors no search should return)."""
        chunks = self.dense.chunks(self.manifest.chunk_ids()) if version else []
        return LexicalView(chunks, version, BM25Index.build(lexical_tokens(chunks)))

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Around one write: the dense client first catches up with other processes' writes, and this one's
        write moves its version along (so the next search does not read the disk again for it)."""
        before = self.manifest.version
        self.dense.catch_up(before)
        yield
        self._written = self.manifest.version
        self.dense.wrote(before, self._written)

    def _embed(self, chunks: list[StoredChunk], progress: Progress | None = None) -> None:
        """Embed and upsert into Chroma in batches."""
        for start in range(0, len(chunks), EMBED_BATCH):
            batch = chunks[start : start + EMBED_BATCH]
            vectors = self.embed.get_text_embedding_batch([embedding_text(c) for c in batch])
            self.dense.add(batch, vectors)
            if progress:
                progress(start + len(batch), len(chunks))

    def put(self, entries: list[FileEntry]) -> None:
        """Add or replace files: new vectors in, old vectors out, then the manifest in one transaction."""
        with self._writing():
            new = [chunk for entry in entries for chunk in entry.chunks]
            self._embed(new)
            new_ids = {chunk.id for chunk in new}
            old_ids = [i for entry in entries for i in self.manifest.chunk_ids(entry.source) if i not in new_ids]
            self.dense.delete(old_ids)
            self.manifest.write_files(entries)

    def remove(self, source: str) -> None:
        with self._writing():
            self.dense.delete(self.manifest.chunk_ids(source))
            self.manifest.remove(source)

    def check(self, repair: bool = True) -> Consistency:
        """Compare Chroma with the manifest; with repair, drop stray vectors and embed missing ones."""
        in_chroma = self.dense.ids()
        in_manifest = set(self.manifest.chunk_ids())
        extra, missing = in_chroma - in_manifest, in_manifest - in_chroma
        if repair and (extra or missing):
            self.dense.delete(sorted(extra))
            self._embed([c for c in self.manifest.chunks() if c.id in missing])
        return Consistency(extra=len(extra), missing=len(missing))

    def rebuild(self, progress: Progress | None = None) -> int:
        """New collection for the configured model, every chunk re-tokenised and re-embedded."""
        with self._writing():
            self.dense.drop()
            chunks = self.manifest.chunks()
            self._embed(chunks, progress)
            self.manifest.bump()
        return len(chunks)
