"""Login attempts (ok, failed, locked, refused) join the audit log in the shared database, so that a
lockout and its refusals are on record whichever replica was asked; the failure counts and lockouts
themselves are kept there too, so that every replica refuses a locked account or address.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "logins",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("time", sa.String(32), nullable=False),
        sa.Column("user", sa.Text, nullable=False),
        sa.Column("address", sa.Text, nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("replica", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "login_counts",
        sa.Column("kind", sa.String(10), primary_key=True),
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("login_counts")
    op.drop_table("logins")
