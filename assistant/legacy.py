"""Data directories made before the SQL database kept each knowledge base's manifest (and the figures
its files state) in home/kb/<collection>.sqlite3, the audit log (with the charts shown and the login
attempts) in home/audit.sqlite3 and the policies' extracted rules with staff corrections in home/eligibility.sqlite3.
The first process that opens such a home copies them into the database, and adds to the Chroma metadata what a process now reads from it
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
    from ingest.figures import FigureRecord
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


def _tables(old: sqlite3.Connection) -> set[str]:
    """An old file's tables: the later single-machine versions added some (figures, charts)."""
    return {row[0] for row in old.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _figures(old: sqlite3.Connection) -> dict[str, tuple[str, list[FigureRecord]]]:
    """Source → (the content hash they were read from, its figure records), as the old file kept them."""
    from ingest.figures import FigureRecord

    if "figure_sources" not in _tables(old):
        return {}
    found = {source: (content_hash, []) for source, content_hash in old.execute("SELECT * FROM figure_sources")}
    for source, *record in old.execute(
        "SELECT source, indicator, value, unit, period, kind, region, location, sentence, plan"
        " FROM figures ORDER BY source, position"
    ):
        indicator, value, unit, period, kind, region, location, sentence, plan = record
        if source in found:
            found[source][1].append(
                FigureRecord(indicator, value, unit, period, kind, region, source, location, sentence, bool(plan))
            )
    return found


def _import_manifest(settings: Settings, path: Path) -> str | None:
    from assistant.knowledge import KnowledgeBase
    from vectorstore.chroma_store import ModelMismatchError

    name = _name(settings, path.stem)
    if name is None:
        return None
    knowledge = KnowledgeBase(settings, name)
    with closing(sqlite3.connect(path)) as old:
        entries, figures = _entries(old), _figures(old)
    with knowledge.manifest.writer():
        try:
            knowledge.index.dense.relabel([c for e in entries for c in e.chunks])
        except ModelMismatchError:
            pass  # built by another model: `bureau reindex` re-embeds from the manifest anyway
        knowledge.manifest.write_files(entries)
        for source, (content_hash, records) in figures.items():
            knowledge.figures.add(source, content_hash, records)
    return name


def _import_audit(settings: Settings, path: Path) -> None:
    from sqlalchemy import insert

    from assistant.audit import audit_log
    from vectorstore.schema import charts, exchanges, feedback, logins

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
        if "charts" in _tables(old):
            for exchange, png in old.execute("SELECT exchange, png FROM charts"):
                if exchange in ids:
                    conn.execute(insert(charts).values(exchange=ids[exchange], png=png))
        if "logins" in _tables(old):
            for time, user, address, outcome in old.execute("SELECT time, user, address, outcome FROM logins ORDER BY id"):
                conn.execute(insert(logins).values(time=time, user=user, address=address, outcome=outcome))


def _import_rules(settings: Settings, path: Path) -> None:
    """Policy readings and, above all, the staff's corrections to them."""
    from vectorstore.database import open_database, upsert
    from vectorstore.schema import policy_rules

    columns = [c.name for c in policy_rules.columns]
    with closing(sqlite3.connect(path)) as old, open_database(settings.database_url).begin() as conn:
        for row in old.execute(f"SELECT {', '.join(columns)} FROM rules"):
            upsert(conn, policy_rules, dict(zip(columns, row, strict=True)))


def legacy_files(home: Path) -> list[Path]:
    """What an old version left under home that was not imported yet."""
    return sorted((home / "kb").glob("*.sqlite3")) + [
        p for p in [home / "audit.sqlite3", home / "eligibility.sqlite3"] if p.is_file()
    ]


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
    rules = home / "eligibility.sqlite3"
    if rules.is_file():
        _import_rules(settings, rules)
        rules.rename(rules.with_name(rules.name + DONE))
        echo("已把旧版政策条件提取结果（含人工校正）迁入数据库")
    return imported
