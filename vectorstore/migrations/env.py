"""Alembic's entry point. The app passes its connection in (vectorstore/database.py); from the command
line (`alembic -c vectorstore/migrations/alembic.ini revision --autogenerate -m "…"`) the database is
alembic.ini's `sqlalchemy.url` (the default data directory's SQLite file), or the one given with
`-x url=postgresql+psycopg://…` — vectorstore/ reads no settings of the layers above it."""

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
    url = context.get_x_argument(as_dictionary=True).get("url") or context.config.get_main_option("sqlalchemy.url")
    with create_engine(url).begin() as conn:
        run(conn)
