"""Data directories made before the SQL database kept each knowledge base's manifest in
home/kb/<collection>.sqlite3 and the audit log in home/audit.sqlite3. The first process that opens such a
home copies them into the database, and adds to the Chroma metadata what a process now reads from it
(search text, heading path, position). The old files are then renamed *.imported, so it happens once;
nothing is re-parsed or re-embedded. The modules that do the work are imported only when there is
something to import, so that every `bureau` command can afford the look."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from typing import TYPE_CHECKING

from ingest.model import Document
from vectorstore.model import StoredChunk

if TYPE_CHECKING:
    from assistant.config import Settings
    from vectorstore.manifest import FileEntry

DONE = ".imported"


def _name(settings: Settings, collection: str) -> str | None:
    """The name users gave a knowledge base: in the collection name, or (non-ASCII names) in Chroma."""
    from vectorstore.chroma_store import open_client

    if collection.startswith("kb_"):
        return collection.removeprefix("kb_")
    for found in open_client(settings.chroma, settings.home).list_collections():
        if found.name == collection:
            return str((found.metadata or {}).get("kb_name") or "") or None
    return None


def _entries(old: sqlite3.Connection) -> list[FileEntry]:
    from vectorstore.manifest import FileEntry

    chunks: dict[str, list[StoredChunk]] = {}
    rows = old.execute(
        "SELECT id, chunk_id, source, doc_id, text, search_text, heading_path, location, metadata, position"
        " FROM chunks ORDER BY source, position"
    )
    for id_, chunk_id, source, doc_id, text, search_text, heading_path, location, metadata, position in rows:
        chunks.setdefault(source, []).append(StoredChunk(
            id_, chunk_id, source, doc_id, text, search_text, json.loads(heading_path), location,
            json.loads(metadata), position,
        ))  # fmt: skip
    documents: dict[str, list[Document]] = {}
    for source, doc_id, title, part, parts, metadata in old.execute(
        "SELECT source, doc_id, title, part, parts, metadata FROM documents ORDER BY source, part"
    ):
        documents.setdefault(source, []).append(Document(doc_id, title, source, [], part, parts, "", json.loads(metadata)))
    return [
        FileEntry(source, path, content_hash, documents.get(source, []), chunks.get(source, []))
        for source, path, content_hash in old.execute("SELECT source, path, content_hash FROM files")
    ]


def _import_manifest(settings: Settings, path: Path) -> str | None:
    from assistant.knowledge import KnowledgeBase
    from vectorstore.chroma_store import ModelMismatchError

    name = _name(settings, path.stem)
    if name is None:
        return None
    knowledge = KnowledgeBase(settings, name)
    with closing(sqlite3.connect(path)) as old:
        entries = _entries(old)
    with knowledge.manifest.writer():
        try:
            knowledge.index.dense.relabel([c for e in entries for c in e.chunks])
        except ModelMismatchError:
            pass  # built by another model: `bureau reindex` re-embeds from the manifest anyway
        knowledge.manifest.write_files(entries)
    return name


def _import_audit(settings: Settings, path: Path) -> None:
    from sqlalchemy import insert

    from assistant.audit import audit_log
    from vectorstore.schema import exchanges, feedback

    engine = audit_log(settings).engine
    with closing(sqlite3.connect(path)) as old, engine.begin() as conn:
        ids: dict[int, int] = {}
        for row in old.execute(
            "SELECT id, time, user, role, conversation, kbs, question, answer, citations, mode, unverified, declined"
            " FROM exchanges ORDER BY id"
        ):
            values = dict(zip(("time", "user", "role", "conversation", "kbs", "question", "answer", "citations",
                               "mode", "unverified"), row[1:11], strict=True))  # fmt: skip
            values["declined"] = bool(row[11])
            ids[row[0]] = conn.execute(insert(exchanges).values(values)).inserted_primary_key[0]
        for exchange, time, user, liked in old.execute("SELECT exchange, time, user, liked FROM feedback ORDER BY id"):
            if exchange in ids:
                conn.execute(insert(feedback).values(exchange=ids[exchange], time=time, user=user, liked=bool(liked)))


def legacy_files(home: Path) -> list[Path]:
    """What an old version left under home that was not imported yet."""
    return sorted((home / "kb").glob("*.sqlite3")) + [p for p in [home / "audit.sqlite3"] if p.is_file()]


def import_legacy_home(settings: Settings, echo: Callable[[str], None] = print) -> list[str]:
    """Copy an old home's manifests and audit log into the database, once; the knowledge bases imported."""
    home = Path(settings.home)
    imported = []
    for path in sorted((home / "kb").glob("*.sqlite3")):
        name = _import_manifest(settings, path)
        if name is None:
            echo(f"未能识别旧版知识库文件 {path.name} 的名称，已跳过（Chroma 中没有对应的集合）")
            continue
        path.rename(path.with_name(path.name + DONE))
        path.with_suffix(".bm25.npz").unlink(missing_ok=True)
        imported.append(name)
        echo(f"已把旧版知识库「{name}」的清单迁入数据库")
    audit = home / "audit.sqlite3"
    if audit.is_file():
        _import_audit(settings, audit)
        audit.rename(audit.with_name(audit.name + DONE))
        echo("已把旧版问答记录迁入数据库")
    return imported
