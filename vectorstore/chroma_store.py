"""The dense half: one Chroma collection per knowledge base, embedded on disk or on a `chroma run` server."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.shared_system_client import SharedSystemClient
from chromadb.config import Settings as ChromaClientSettings

from vectorstore.model import StoredChunk
from vectorstore.settings import ChromaSettings

MODEL_KEY = "embed_model"


class ModelMismatchError(RuntimeError):
    """The collection was built with another embedding model than the configured one."""

    def __init__(self, kb: str, built_with: str, configured: str) -> None:
        self.kb, self.built_with, self.configured = kb, built_with, configured
        super().__init__(
            f"知识库「{kb}」是用嵌入模型 {built_with} 建立的，当前配置的是 {configured}。"
            f"请运行 bureau reindex --kb {kb} 用当前模型重建索引，或改回原来的模型配置"
        )


class ChromaUnavailableError(RuntimeError):
    """The configured Chroma server does not answer."""

    def __init__(self, host: str, port: int) -> None:
        super().__init__(
            f"无法连接 Chroma 服务 {host}:{port}。请确认服务已启动（chroma run --host {host} --port {port}），"
            "或改用内置存储（BUREAU_CHROMA__MODE=embedded）"
        )


@lru_cache(maxsize=4)
def _client(mode: str, path: str, host: str, port: int) -> ClientAPI:
    settings = ChromaClientSettings(anonymized_telemetry=False)
    if mode == "server":
        try:
            return chromadb.HttpClient(host=host, port=port, settings=settings)
        except ValueError as exc:
            raise ChromaUnavailableError(host, port) from exc
    return chromadb.PersistentClient(path=path, settings=settings)


# Per process: the knowledge-base version up to which the client has read each collection (by name);
# UNREAD for a collection it opened before anyone knew the version. Emptied with the client.
_read_up_to: dict[str, int] = {}
UNREAD = -1


def open_client(settings: ChromaSettings, home: Path, fresh: bool = False) -> ClientAPI:
    """Embedded PersistentClient under home/chroma, or an HttpClient to host:port; one per process.

    An embedded client keeps its index in memory and does not see what another process (a
    `bureau ingest` beside a running app) wrote: `fresh` drops it so the next one reads the disk."""
    if fresh and settings.mode == "embedded":
        _client.cache_clear()
        SharedSystemClient.clear_system_cache()
        _read_up_to.clear()
    return _client(settings.mode, str(Path(home).resolve() / "chroma"), settings.host, settings.port)


# Kept beside a chunk's own metadata, so that a replica rebuilds its BM25 cache from Chroma alone.
CHUNK_KEYS = ("doc_id", "chunk_id", "search_text", "heading_path", "position")


def chroma_metadata(chunk: StoredChunk) -> dict[str, object]:
    return chunk.metadata | {
        "source": chunk.source, "doc_id": chunk.doc_id, "chunk_id": chunk.chunk_id, "search_text": chunk.search_text,
        "heading_path": json.dumps(chunk.heading_path, ensure_ascii=False), "position": chunk.position,
    }  # fmt: skip


def stored_chunk(id_: str, text: str, metadata: dict[str, object]) -> StoredChunk:
    """The chunk as put in by chroma_metadata()."""
    metadata = dict(metadata)
    doc_id, chunk_id, search_text, heading_path, position = (metadata.pop(key) for key in CHUNK_KEYS)
    return StoredChunk(
        id=id_, chunk_id=str(chunk_id), source=str(metadata["source"]), doc_id=str(doc_id), text=text,
        search_text=str(search_text), heading_path=json.loads(str(heading_path)),
        location=str(metadata.get("location", "")), metadata=metadata, position=int(position),
    )  # fmt: skip


class DenseStore:
    """A knowledge base's collection; it records the embedding model that filled it."""

    def __init__(self, connect: Callable[[bool], ClientAPI], name: str, kb: str, model_id: str) -> None:
        """`connect(fresh)` gives the process's client (see open_client)."""
        self.connect, self.name, self.kb, self.model_id = connect, name, kb, model_id
        self._collection: Collection | None = None
        self._client: ClientAPI | None = None

    @property
    def client(self) -> ClientAPI:
        return self.connect(False)

    @property
    def collection(self) -> Collection:
        """Created on first use; raises ModelMismatchError if another model built it."""
        client = self.client
        if self._collection is None or client is not self._client:
            collection = client.get_or_create_collection(
                self.name,
                metadata={MODEL_KEY: self.model_id, "kb_name": self.kb},
                configuration={"hnsw": {"space": "cosine"}},
                embedding_function=None,
            )
            built_with = (collection.metadata or {}).get(MODEL_KEY)
            if built_with != self.model_id:
                raise ModelMismatchError(self.kb, str(built_with), self.model_id)
            self._collection, self._client = collection, client
            _read_up_to.setdefault(self.name, UNREAD)
        return self._collection

    def refresh(self) -> None:
        """Read again what other processes wrote."""
        self.connect(True)
        self._collection = None

    def catch_up(self, version: int) -> None:
        """Make this process's client hold what the knowledge base held at `version` (read from the
        manifest just before): it reads the disk again only when the collection moved since it read it
        — another process wrote, or the version it read at is unknown."""
        read = _read_up_to.get(self.name)
        if read is not None and read != version:
            self.refresh()
        _read_up_to[self.name] = version

    def wrote(self, before: int, after: int) -> None:
        """This process moved the knowledge base from version `before` to `after` (holding the writer lock,
        so nobody else wrote in between): a client that held `before` holds `after` now."""
        if _read_up_to.get(self.name) == before:
            _read_up_to[self.name] = after

    def chunks(self, ids: Sequence[str]) -> list[StoredChunk]:
        """The chunks with these ids as Chroma holds them, in the order given; ids it lacks are left out."""
        found: dict[str, StoredChunk] = {}
        step = self.client.get_max_batch_size()
        for start in range(0, len(ids), step):
            got = self.collection.get(ids=list(ids[start : start + step]), include=["documents", "metadatas"])
            for id_, text, metadata in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                found[id_] = stored_chunk(id_, text, metadata)
        return [found[id_] for id_ in ids if id_ in found]

    def ids(self) -> set[str]:
        return set(self.collection.get(include=[])["ids"])

    def add(self, chunks: Sequence[StoredChunk], embeddings: Sequence[Sequence[float]]) -> None:
        step = self.client.get_max_batch_size()
        for start in range(0, len(chunks), step):
            batch = chunks[start : start + step]
            self.collection.upsert(
                ids=[c.id for c in batch],
                embeddings=list(embeddings[start : start + step]),
                documents=[c.text for c in batch],
                metadatas=[chroma_metadata(c) for c in batch],
            )

    def relabel(self, chunks: Sequence[StoredChunk]) -> None:
        """Rewrite the metadata of chunks already in the collection (vectors unchanged)."""
        step = self.client.get_max_batch_size()
        for start in range(0, len(chunks), step):
            batch = chunks[start : start + step]
            self.collection.update(ids=[c.id for c in batch], metadatas=[chroma_metadata(c) for c in batch])

    def delete(self, ids: Sequence[str]) -> None:
        step = self.client.get_max_batch_size()
        for start in range(0, len(ids), step):
            self.collection.delete(ids=list(ids[start : start + step]))

    def query(self, embedding: Sequence[float], k: int, where: dict[str, object]) -> list[tuple[str, float]]:
        """The k nearest (id, cosine similarity) pairs among chunks matching `where`."""
        if k <= 0:
            return []
        conditions = [{key: value} for key, value in where.items()]
        clause = conditions[0] if len(conditions) == 1 else {"$and": conditions} if conditions else None
        found = self.collection.query(
            query_embeddings=[list(embedding)], n_results=k, where=clause, include=["distances"]
        )
        return [(id_, 1.0 - distance) for id_, distance in zip(found["ids"][0], found["distances"][0], strict=True)]

    def drop(self) -> None:
        """Delete the collection, so that the next use creates it for the configured model."""
        if self.name in {c.name for c in self.client.list_collections()}:
            self.client.delete_collection(self.name)
        self._collection = None
