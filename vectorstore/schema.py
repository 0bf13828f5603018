"""The tables of the bureau's database (SQLAlchemy Core): the knowledge bases' manifests, their version
counters, the figures their files state, the policies' extracted rules and their staff reviews, the
audit log (with the charts shown), feedback, login attempts and lockouts. Changing a table needs a migration in vectorstore/migrations/versions/
(see docs/architecture.md); the database is upgraded to the newest one when a process opens it."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

# One row per knowledge base; `version` goes up with every ingest, remove and reindex, so that each
# replica knows when to rebuild its BM25 cache.
knowledge_bases = Table(
    "knowledge_bases",
    metadata,
    Column("name", String(100), primary_key=True),  # as users write it, Chinese allowed
    Column("collection", String(64), nullable=False, unique=True),  # the Chroma collection
    Column("version", BigInteger, nullable=False, server_default="0"),
    Column("created_at", String(32), nullable=False),
)

files = Table(
    "files",
    metadata,
    Column("kb", String(100), ForeignKey("knowledge_bases.name"), primary_key=True),
    Column("source", Text, primary_key=True),
    Column("path", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("ingested_at", String(32), nullable=False),
    Index("files_by_hash", "kb", "content_hash"),  # a file already stored under another name (duplicates)
)

documents = Table(
    "documents",
    metadata,
    Column("kb", String(100), ForeignKey("knowledge_bases.name"), primary_key=True),
    Column("source", Text, primary_key=True),
    Column("doc_id", Text, primary_key=True),
    Column("title", Text, nullable=False),
    Column("part", Integer, nullable=False),
    Column("parts", Integer, nullable=False),
    Column("metadata", Text, nullable=False),  # JSON
)

# The durable record of every chunk: reindex and repair re-embed from it. Replicas search the copy
# in Chroma (text, metadata and search text), see vectorstore/index.py.
chunks = Table(
    "chunks",
    metadata,
    Column("kb", String(100), ForeignKey("knowledge_bases.name"), primary_key=True),
    Column("id", String(200), primary_key=True),
    Column("chunk_id", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("doc_id", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("search_text", Text, nullable=False),
    Column("heading_path", Text, nullable=False),  # JSON list
    Column("location", Text, nullable=False),
    Column("metadata", Text, nullable=False),  # JSON
    Index("chunks_by_source", "kb", "source", "position"),
)

# The figures (indicator, value, unit, period…) a knowledge base's files state (ingest/figures.py);
# figure_sources says which version of each file they were read from.
figures = Table(
    "figures",
    metadata,
    Column("kb", String(100), primary_key=True),
    Column("source", Text, primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("indicator", Text, nullable=False),
    Column("value", Float, nullable=False),
    Column("unit", Text, nullable=False),
    Column("period", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("region", Text, nullable=False),
    Column("location", Text, nullable=False),
    Column("sentence", Text, nullable=False),
    Column("plan", Boolean, nullable=False),
    Index("figures_by_indicator", "kb", "indicator", "period"),
)

figure_sources = Table(
    "figure_sources",
    metadata,
    Column("kb", String(100), primary_key=True),
    Column("source", Text, primary_key=True),
    Column("content_hash", String(64), nullable=False),
)

# A policy's conditions, benefits and caps as read from one version of its file (assistant/eligibility),
# or as a staff member corrected them; content_hash is "<file hash>:<reader version>".
policy_rules = Table(
    "policy_rules",
    metadata,
    Column("kb", String(100), primary_key=True),
    Column("source", Text, primary_key=True),
    Column("doc_id", Text, primary_key=True),
    Column("content_hash", String(100), nullable=False),
    Column("rules", Text, nullable=False),  # JSON
    Column("corrected_by", Text, nullable=False, server_default=""),
    Column("corrected_at", String(40), nullable=False, server_default=""),
)

# Every staff review of a policy's rules, numbered per policy — a file's document `part` (version 1,
# 2 …): a confirmation keeps the rules as confirmed (JSON) and the file version they were confirmed
# against, so that a re-read of a changed file (a new doc_id) can show what changed; a reset keeps none.
policy_rule_reviews = Table(
    "policy_rule_reviews",
    metadata,
    Column("kb", String(100), primary_key=True),
    Column("source", Text, primary_key=True),
    Column("part", Integer, primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("doc_id", Text, nullable=False),
    Column("action", String(20), nullable=False),  # confirmed | reset
    Column("time", String(32), nullable=False),
    Column("user", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),  # the file the rules were confirmed against
    Column("rules", Text, nullable=False),  # JSON, as `bureau policy-rules --json` shows it ("" for a reset)
    Column("changes", Text, nullable=False),  # JSON list of the edits, in Chinese
)

exchanges = Table(
    "exchanges",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("time", String(32), nullable=False),
    Column("user", Text, nullable=False),
    Column("role", String(20), nullable=False),
    Column("conversation", Text, nullable=False),
    Column("kbs", Text, nullable=False),  # JSON list
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("citations", Text, nullable=False),  # JSON list
    Column("mode", String(20), nullable=False),
    Column("unverified", Text, nullable=False),  # JSON list
    Column("declined", Boolean, nullable=False),
    Column("replica", Text, nullable=False, server_default=""),  # which app process answered
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("exchange", Integer, ForeignKey("exchanges.id"), nullable=False),
    Column("time", String(32), nullable=False),
    Column("user", Text, nullable=False),
    Column("liked", Boolean, nullable=False),
)

# Every login attempt (assistant/web/login_guard.py): outcome ok, failed, locked or refused.
logins = Table(
    "logins",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("time", String(32), nullable=False),
    Column("user", Text, nullable=False),
    Column("address", Text, nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("replica", Text, nullable=False, server_default=""),  # which app process was asked
)

# Failed logins in a row per account name (kind "user") or client address (kind "address"), and until
# when (wall-clock seconds) logins there are refused: shared by every replica.
login_counts = Table(
    "login_counts",
    metadata,
    Column("kind", String(10), primary_key=True),
    Column("key", Text, primary_key=True),  # any length: a login form can send any name
    Column("failures", Integer, nullable=False),
    Column("locked_until", Float, nullable=False),
)

# The chart (PNG) a figures answer showed, as the user saw it.
charts = Table(
    "charts",
    metadata,
    Column("exchange", Integer, ForeignKey("exchanges.id"), primary_key=True),
    Column("png", LargeBinary, nullable=False),
)
