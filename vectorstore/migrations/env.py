"""Alembic's entry point. The app passes its connection in (vectorstore/database.py); from the command
line (`alembic -c vectorstore/migrations/alembic.ini revision --autogenerate -m "…"`) the configured
database is used."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from vectorstore.schema import metadata


def run(connection) -> None:  # noqa: ANN001 — a SQLAlchemy Connection
    # batch mode: SQLite cannot ALTER most things, Alembic copies the table instead
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    from assistant.config import load_settings

    with create_engine(load_settings().database_url).begin() as conn:
        run(conn)
