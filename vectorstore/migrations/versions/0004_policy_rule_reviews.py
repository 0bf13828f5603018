"""Staff reviews of a policy's extracted rules are kept as numbered versions (who confirmed or reset
them, when, against which version of the file, the rules as confirmed and the edits made), so that a
bureau can show which rules enterprises are judged by and what changed when a file is read again.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "policy_rule_reviews",
        sa.Column("kb", sa.String(100), primary_key=True),
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("part", sa.Integer, primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("time", sa.String(32), nullable=False),
        sa.Column("user", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("rules", sa.Text, nullable=False),
        sa.Column("changes", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("policy_rule_reviews")
