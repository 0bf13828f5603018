"""A knowledge base's three stores kept in step: the SQLite manifest (the record of what is in),
Chroma (vectors) and BM25 (built in memory from tokens kept in the manifest)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from llama_index.core.embeddings import BaseEmbedding

from vectorstore.chroma_store import DenseStore
from vectorstore.lexical import TOKENIZER_VERSION, BM25Index, lexical_tokens
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
    Callers hold Manifest.writer() around writes."""

    def __init__(self, manifest: Manifest, dense: DenseStore, embed: BaseEmbedding) -> None:
        self.manifest, self.dense, self.embed = manifest, dense, embed
        self._view: LexicalView | None = None
        self._written = -1  # manifest generation after this object's last write

    def view(self) -> LexicalView:
        """The in-memory lexical view, rebuilt when a write (in any process) changed the manifest."""
        generation = self.manifest.generation
        if self._view is None or self._view.generation != generation:
            if self._view is not None and generation != self._written:
                self.dense.refresh()  # another process wrote: read its vectors too
            if self.manifest.get_meta("tokenizer") != TOKENIZER_VERSION:
                self._retokenize()
            with self.manifest.reading():
                generation = self.manifest.generation
                chunks = self.manifest.chunks(tokens=False)
                bm25 = self._bm25(f"{generation}-{len(chunks)}")
            self._view = LexicalView(chunks, generation, bm25)
        return self._view

    def _wrote(self) -> None:
        self._written = self.manifest.generation

    def _bm25(self, stamp: str) -> BM25Index:
        """The saved index of this generation, or a new one built from the stored tokens and saved."""
        path = self.manifest.path.with_suffix(".bm25.npz")
        index = BM25Index.load(path, stamp)
        if index is None:
            index = BM25Index.build(self.manifest.tokens())
            index.save(path, stamp)
        return index

    def _retokenize(self) -> None:
        chunks = self.manifest.chunks()
        self.manifest.update_tokens(zip((c.id for c in chunks), lexical_tokens(chunks), strict=True))
        self.manifest.set_meta("tokenizer", TOKENIZER_VERSION)
        self._wrote()

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
        if self.manifest.get_meta("tokenizer") is None:
            self.manifest.set_meta("tokenizer", TOKENIZER_VERSION)
        for entry in entries:
            for chunk, tokens in zip(entry.chunks, lexical_tokens(entry.chunks), strict=True):
                chunk.tokens = tokens
        new = [chunk for entry in entries for chunk in entry.chunks]
        self._embed(new)
        new_ids = {chunk.id for chunk in new}
        old_ids = [i for entry in entries for i in self.manifest.chunk_ids(entry.source) if i not in new_ids]
        self.dense.delete(old_ids)
        self.manifest.write_files(entries)
        self._wrote()

    def remove(self, source: str) -> None:
        self.dense.delete(self.manifest.chunk_ids(source))
        self.manifest.remove(source)
        self._wrote()

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
        self.dense.drop()
        self._retokenize()
        chunks = self.manifest.chunks()
        self._embed(chunks, progress)
        return len(chunks)
