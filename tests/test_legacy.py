"""A data directory made before the SQL database (manifest and figures in kb/<collection>.sqlite3, audit
log, charts and login attempts in audit.sqlite3, policy readings and corrections in eligibility.sqlite3, Chroma metadata
without search text) is taken over on the first start: the same documents, searchable at once, their
figures, the audit log and the staff's corrections kept, nothing re-embedded."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from assistant.audit import audit_log
from assistant.config import Settings
from assistant.eligibility.store import RulesStore
from assistant.embeddings import build_embedding
from assistant.knowledge import KnowledgeBase, stored_chunks
from assistant.legacy import import_legacy_home, legacy_files
from conftest import SEEDS
from ingest.pipeline import file_hash, ingest_file
from vectorstore.chroma_store import MODEL_KEY, open_client
from vectorstore.index import embedding_text

pytestmark = pytest.mark.slow
SEED = SEEDS / "002_3b41ed0b22b5540a.txt"
# What version 0.1 created (vectorstore/manifest.py before the SQL database), verbatim.
OLD_MANIFEST = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (source TEXT PRIMARY KEY, path TEXT NOT NULL, content_hash TEXT NOT NULL, ingested_at TEXT NOT NULL);
CREATE TABLE documents (source TEXT NOT NULL, doc_id TEXT NOT NULL, title TEXT NOT NULL, part INTEGER NOT NULL,
    parts INTEGER NOT NULL, metadata TEXT NOT NULL, PRIMARY KEY (source, doc_id));
CREATE TABLE chunks (id TEXT PRIMARY KEY, chunk_id TEXT NOT NULL, source TEXT NOT NULL, doc_id TEXT NOT NULL,
    position INTEGER NOT NULL, text TEXT NOT NULL, search_text TEXT NOT NULL, heading_path TEXT NOT NULL,
    location TEXT NOT NULL, metadata TEXT NOT NULL, tokens TEXT NOT NULL);
"""
# What the single-machine version 0.2 added beside them (vectorstore/figures_store.py, the audit log's
# charts, assistant/eligibility/store.py), verbatim.
OLD_FIGURES = """
CREATE TABLE figures (source TEXT NOT NULL, position INTEGER NOT NULL, indicator TEXT NOT NULL, value REAL NOT NULL,
    unit TEXT NOT NULL, period TEXT NOT NULL, kind TEXT NOT NULL, region TEXT NOT NULL,
    location TEXT NOT NULL, sentence TEXT NOT NULL, plan INTEGER NOT NULL);
CREATE TABLE figure_sources (source TEXT PRIMARY KEY, content_hash TEXT NOT NULL);
"""
OLD_CHARTS = "CREATE TABLE charts (exchange INTEGER PRIMARY KEY REFERENCES exchanges(id), png BLOB NOT NULL);"
# The login attempts the single-machine version 0.3 logged (issue 12's lockout), verbatim.
OLD_LOGINS = """
CREATE TABLE logins (id INTEGER PRIMARY KEY, time TEXT NOT NULL, user TEXT NOT NULL, address TEXT NOT NULL,
    outcome TEXT NOT NULL);
"""
OLD_RULES = """
CREATE TABLE rules (kb TEXT NOT NULL, source TEXT NOT NULL, doc_id TEXT NOT NULL, content_hash TEXT NOT NULL,
    rules TEXT NOT NULL, corrected_by TEXT NOT NULL DEFAULT '', corrected_at TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kb, source, doc_id));
"""
OLD_AUDIT = """
CREATE TABLE exchanges (id INTEGER PRIMARY KEY, time TEXT NOT NULL, user TEXT NOT NULL, role TEXT NOT NULL,
    conversation TEXT NOT NULL, kbs TEXT NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL,
    citations TEXT NOT NULL, mode TEXT NOT NULL, unverified TEXT NOT NULL, declined INTEGER NOT NULL);
CREATE TABLE feedback (id INTEGER PRIMARY KEY, exchange INTEGER NOT NULL REFERENCES exchanges(id),
    time TEXT NOT NULL, user TEXT NOT NULL, liked INTEGER NOT NULL);
"""


def old_home(home: Path) -> int:
    """A home as version 0.1 left it, holding the seed in the default knowledge base; its chunk count."""
    settings = Settings(home=home)
    ingested = ingest_file(SEED)
    chunks = stored_chunks(SEED.name, ingested)
    embed = build_embedding(settings.embedding)
    collection = open_client(settings.chroma, home).create_collection(
        "kb_default", metadata={MODEL_KEY: embed.model_name, "kb_name": "default"},
        configuration={"hnsw": {"space": "cosine"}}, embedding_function=None,
    )  # fmt: skip
    collection.add(
        ids=[c.id for c in chunks], documents=[c.text for c in chunks],
        embeddings=embed.get_text_embedding_batch([embedding_text(c) for c in chunks]),
        metadatas=[c.metadata | {"source": c.source, "doc_id": c.doc_id, "chunk_id": c.chunk_id} for c in chunks],
    )  # fmt: skip
    (home / "kb").mkdir()
    with closing(sqlite3.connect(home / "kb" / "kb_default.sqlite3")) as db, db:
        db.executescript(OLD_MANIFEST)
        db.execute("INSERT INTO files VALUES (?, ?, ?, ?)", (SEED.name, str(SEED), file_hash(SEED), "2026-11-30T09:00:00"))
        db.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)", [
            (SEED.name, d.doc_id, d.title, d.part, d.parts, json.dumps(d.metadata, ensure_ascii=False))
            for d in ingested.documents
        ])  # fmt: skip
        db.executemany("INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            (c.id, c.chunk_id, c.source, c.doc_id, c.position, c.text, c.search_text,
             json.dumps(c.heading_path, ensure_ascii=False), c.location, json.dumps(c.metadata, ensure_ascii=False), "")
            for c in chunks
        ])  # fmt: skip
        db.executescript(OLD_FIGURES)
        db.execute("INSERT INTO figure_sources VALUES (?, ?)", (SEED.name, file_hash(SEED)))
        db.execute("INSERT INTO figures VALUES (?, 0, '科技型中小企业数量', 29, '家', '2020H1', 'total', '', '第1段',"
                   " '省级科技型中小企业登记29家', 0)", (SEED.name,))  # fmt: skip
    with closing(sqlite3.connect(home / "eligibility.sqlite3")) as db, db:
        db.executescript(OLD_RULES)
        db.execute("INSERT INTO rules VALUES ('default', ?, 'd1', 'h:v', '{}', '王科长', '2026-11-30T11:00:00+08:00')",
                   (SEED.name,))  # fmt: skip
    with closing(sqlite3.connect(home / "audit.sqlite3")) as db, db:
        db.executescript(OLD_AUDIT + OLD_CHARTS + OLD_LOGINS)
        db.execute("INSERT INTO logins VALUES (1, '2026-11-30T09:59:00+08:00', '示范企业', '10.0.0.7', 'failed')")
        db.execute("INSERT INTO exchanges VALUES (7, '2026-11-30T10:00:00+08:00', '本机', 'staff', 'c1', '[\"default\"]',"
                   " '上半年登记了多少家科技型中小企业？', '29家[1]', '[]', 'extractive', '[]', 0)")  # fmt: skip
        db.execute("INSERT INTO feedback VALUES (1, 7, '2026-11-30T10:01:00+08:00', '本机', 1)")
        db.execute("INSERT INTO charts VALUES (7, ?)", (b"\x89PNG old chart",))
    return len(chunks)


def test_an_old_home_is_taken_over_once_without_re_embedding(tmp_path: Path) -> None:
    count = old_home(tmp_path)
    settings = Settings(home=tmp_path)
    assert import_legacy_home(settings, echo=lambda _: None) == ["default"]
    assert legacy_files(tmp_path) == [] and (tmp_path / "kb" / "kb_default.sqlite3.imported").is_file()

    kb = KnowledgeBase(settings)
    assert [f.source for f in kb.files()] == [SEED.name] and kb.manifest.chunk_count() == count
    results = kb.search("上半年登记了多少家省级科技型中小企业？", 5, mode="bm25")  # BM25 from Chroma's metadata
    assert any("省级科技型中小企业登记29家" in r.text for r in results)
    assert kb.check().ok
    assert [o.status for o in kb.ingest([SEED]).outcomes] == ["unchanged"]  # the hash came along
    [row] = audit_log(settings).exchanges()
    assert (row.question, row.feedback) == ("上半年登记了多少家科技型中小企业？", "👍")
    assert audit_log(settings).chart(row.id) == b"\x89PNG old chart"
    [login] = audit_log(settings).login_events()
    assert (login.user, login.address, login.outcome) == ("示范企业", "10.0.0.7", "failed")
    [figure] = kb.figures.query("科技型中小企业数量")
    assert (figure.value, figure.period, figure.source) == (29, "2020H1", SEED.name)
    assert RulesStore(kb.manifest.engine).revision("default") == "1:2026-11-30T11:00:00+08:00"  # the correction
    assert import_legacy_home(settings, echo=lambda _: None) == []  # once
