"""The first schema: knowledge bases with their version counters, manifests (files, documents, chunks),
the audit log and feedback.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "knowledge_bases",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("collection", sa.String(64), nullable=False, unique=True),
        sa.Column("version", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "files",
        sa.Column("kb", sa.String(100), sa.ForeignKey("knowledge_bases.name"), primary_key=True),
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("ingested_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("kb", sa.String(100), sa.ForeignKey("knowledge_bases.name"), primary_key=True),
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("doc_id", sa.Text, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("part", sa.Integer, nullable=False),
        sa.Column("parts", sa.Integer, nullable=False),
        sa.Column("metadata", sa.Text, nullable=False),
    )
    op.create_table(
        "chunks",
        sa.Column("kb", sa.String(100), sa.ForeignKey("knowledge_bases.name"), primary_key=True),
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("chunk_id", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("heading_path", sa.Text, nullable=False),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("metadata", sa.Text, nullable=False),
    )
    op.create_index("chunks_by_source", "chunks", ["kb", "source", "position"])
    op.create_table(
        "exchanges",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("time", sa.String(32), nullable=False),
        sa.Column("user", sa.Text, nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("conversation", sa.Text, nullable=False),
        sa.Column("kbs", sa.Text, nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("citations", sa.Text, nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("unverified", sa.Text, nullable=False),
        sa.Column("declined", sa.Boolean, nullable=False),
        sa.Column("replica", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("exchange", sa.Integer, sa.ForeignKey("exchanges.id"), nullable=False),
        sa.Column("time", sa.String(32), nullable=False),
        sa.Column("user", sa.Text, nullable=False),
        sa.Column("liked", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    for table in ("feedback", "exchanges", "chunks", "documents", "files", "knowledge_bases"):
        op.drop_table(table)
