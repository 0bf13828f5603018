"""The bureau's SQL database through SQLAlchemy: SQLite under `home` by default, PostgreSQL by URL.
Opening it upgrades its schema with the Alembic migrations in vectorstore/migrations/ (never by hand)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Table, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError

from vectorstore.locks import exclusive

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MIGRATION_WAIT = 300.0  # seconds a starting replica waits for another one that is upgrading the schema


class DatabaseUnavailableError(RuntimeError):
    """The configured database cannot be reached or its driver is missing; the message is for the user."""


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
    Path(str(engine.url.database)).parent.mkdir(parents=True, exist_ok=True)

    @event.listens_for(engine, "connect")
    def _pragmas(connection, _record) -> None:  # noqa: ANN001 — DB-API connection
        connection.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
        connection.execute("PRAGMA foreign_keys=ON")

    return engine


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest migration; one process at a time does it."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with exclusive(engine, "schema", MIGRATION_WAIT, busy="另一个进程正在升级数据库结构"), engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


@lru_cache(maxsize=8)
def open_database(url: str) -> Engine:
    """The engine for `url`, its schema up to date; one per URL and process (it pools connections)."""
    shown = make_url(url).render_as_string(hide_password=True)
    try:
        engine = _sqlite_engine(url) if url.startswith("sqlite") else create_engine(url, pool_pre_ping=True)
        migrate(engine)
    except ModuleNotFoundError as exc:
        raise DatabaseUnavailableError(
            f"缺少数据库 {shown} 的驱动（{exc.name}）。PostgreSQL 请先安装：pip install -e '.[postgresql]'"
        ) from exc
    except OperationalError as exc:
        raise DatabaseUnavailableError(
            f"无法连接数据库 {shown}。请确认数据库服务已启动、BUREAU_DATABASE__URL 中的地址、用户和口令正确"
        ) from exc
    return engine


def _insert(conn: Connection, table: Table, row: dict[str, object]) -> postgresql.Insert | sqlite.Insert:
    """INSERT in the dialect of the database, for its ON CONFLICT clause (SQLite and PostgreSQL spell it alike)."""
    return (postgresql if conn.dialect.name == "postgresql" else sqlite).insert(table).values(row)


def insert_missing(conn: Connection, table: Table, row: dict[str, object]) -> None:
    """Insert the row unless one with the same primary key is there (INSERT … ON CONFLICT DO NOTHING)."""
    conn.execute(_insert(conn, table, row).on_conflict_do_nothing(index_elements=[c.name for c in table.primary_key]))


def upsert(conn: Connection, table: Table, row: dict[str, object]) -> None:
    """Insert the row, or replace the one with the same primary key (INSERT … ON CONFLICT, in the
    dialect of the database: SQLite and PostgreSQL spell it the same way)."""
    keys = [column.name for column in table.primary_key]
    conn.execute(_insert(conn, table, row).on_conflict_do_update(
        index_elements=keys, set_={k: v for k, v in row.items() if k not in keys}
    ))  # fmt: skip
