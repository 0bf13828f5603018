"""Writers take turns: the lock of vectorstore/locks.py excludes a second holder (another connection or
thread; another replica alike) on SQLite and on a real PostgreSQL server, and one that waits too long is
refused in Chinese."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from assistant.config import Settings
from local_servers import running_postgres
from vectorstore.database import open_database
from vectorstore.locks import WriterBusyError, exclusive

BUSY = "知识库「default」正由另一个进程写入"


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    if request.param == "sqlite":
        yield open_database(Settings(home=tmp_path_factory.mktemp("home")).database_url)
        return
    with running_postgres() as url:
        yield open_database(url)


def test_a_second_writer_is_refused_after_its_timeout(engine: Engine) -> None:
    with exclusive(engine, "kb:kb_default", 1, BUSY):
        with pytest.raises(WriterBusyError, match=f"{BUSY}，等待 0 秒后仍未结束，请稍后再试"):
            exclusive(engine, "kb:kb_default", 0, BUSY).__enter__()
        with exclusive(engine, "kb:kb_other", 0, BUSY):  # another knowledge base is not held up
            pass
    with exclusive(engine, "kb:kb_default", 0, BUSY):  # released
        pass


def test_writers_take_turns(engine: Engine) -> None:
    inside: list[int] = []
    overlaps: list[bool] = []

    def write(n: int) -> None:
        with exclusive(engine, "kb:kb_turns", 60, BUSY):
            overlaps.append(bool(inside))
            inside.append(n)
            time.sleep(0.05)
            inside.remove(n)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == [False] * 4


def test_a_waiting_writer_is_told_once_and_goes_on_when_the_first_is_done(engine: Engine) -> None:
    told: list[float] = []
    done: list[str] = []
    first_in, second_told = threading.Event(), threading.Event()

    def first() -> None:
        with exclusive(engine, "kb:kb_wait", 60, BUSY):
            first_in.set()
            second_told.wait(timeout=60)  # hold the lock until the second writer waits for it, however slow
            time.sleep(1)  # several polls of the second writer fall in here
            done.append("first")

    def waiting() -> None:
        told.append(time.monotonic())
        second_told.set()

    thread = threading.Thread(target=first)
    thread.start()
    assert first_in.wait(timeout=60)
    with exclusive(engine, "kb:kb_wait", 60, BUSY, on_wait=waiting):
        done.append("second")
    thread.join(timeout=60)
    assert done == ["first", "second"] and len(told) == 1
    with exclusive(engine, "kb:kb_wait", 0, BUSY, on_wait=lambda: told.append(0)):  # free: nobody is told
        pass
    assert len(told) == 1
