"""What the single-machine version kept in SQLite files of its own moves into the shared database:
the figures a knowledge base's files state, the policies' extracted rules with staff corrections, the
charts shown with answers; and an index for finding a file already stored under another name.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("files_by_hash", "files", ["kb", "content_hash"])
    op.create_table(
        "figures",
        sa.Column("kb", sa.String(100), primary_key=True),
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("indicator", sa.Text, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("period", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("plan", sa.Boolean, nullable=False),
    )
    op.create_index("figures_by_indicator", "figures", ["kb", "indicator", "period"])
    op.create_table(
        "figure_sources",
        sa.Column("kb", sa.String(100), primary_key=True),
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
    )
    op.create_table(
        "policy_rules",
        sa.Column("kb", sa.String(100), primary_key=True),
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("doc_id", sa.Text, primary_key=True),
        sa.Column("content_hash", sa.String(100), nullable=False),
        sa.Column("rules", sa.Text, nullable=False),
        sa.Column("corrected_by", sa.Text, nullable=False, server_default=""),
        sa.Column("corrected_at", sa.String(40), nullable=False, server_default=""),
    )
    op.create_table(
        "charts",
        sa.Column("exchange", sa.Integer, sa.ForeignKey("exchanges.id"), primary_key=True),
        sa.Column("png", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    for table in ("charts", "policy_rules", "figure_sources", "figures"):
        op.drop_table(table)
    op.drop_index("files_by_hash", "files")
