"""Locks that every process sharing one database respects: a PostgreSQL advisory lock, or on SQLite a
file lock beside the database file. One writer per knowledge base; one schema migration at a time.

    with exclusive(engine, "kb:kb_default", timeout=600, busy=f"知识库「default」正在被写入"):
        ...  # ingest, remove, reindex

A holder waits up to `timeout` seconds for the lock, then gets WriterBusyError (a Chinese message).
`on_wait`, when given, is called once when the first attempt fails, so a person sees why nothing moves."""

from __future__ import annotations

import fcntl
import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

POLL_SECONDS = 0.2


class WriterBusyError(RuntimeError):
    """Another process held the lock for longer than the caller would wait."""

    def __init__(self, busy: str, timeout: float) -> None:
        super().__init__(f"{busy}，等待 {timeout:.0f} 秒后仍未结束，请稍后再试")


def _advisory_key(name: str) -> int:
    """A stable signed 64-bit key for pg_advisory_lock."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big", signed=True)


def lock_file(engine: Engine, name: str) -> Path:
    """The SQLite lock file for `name`: beside the database, so every process using it finds the same one."""
    database = Path(str(engine.url.database)).resolve()
    return database.with_name(f"{database.name}.{name.replace(':', '-')}.lock")


@contextmanager
def exclusive(
    engine: Engine, name: str, timeout: float, busy: str, on_wait: Callable[[], None] | None = None
) -> Iterator[None]:
    """Hold the lock called `name` across processes and machines; `busy` says who holds it, for the error."""
    deadline = time.monotonic() + timeout
    waited = False

    def waiting() -> None:
        nonlocal waited
        if not waited and on_wait:
            on_wait()
        waited = True

    if engine.dialect.name == "postgresql":
        key = _advisory_key(name)
        with engine.connect() as conn:  # the session that holds the lock; closing it would release it too
            while not conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar():
                conn.rollback()
                waiting()
                if time.monotonic() >= deadline:
                    raise WriterBusyError(busy, timeout)
                time.sleep(POLL_SECONDS)
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                conn.commit()
        return
    path = lock_file(engine, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:  # flock: threads of one process exclude each other too (one open each)
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waiting()
                if time.monotonic() >= deadline:
                    raise WriterBusyError(busy, timeout) from None
                time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
