"""Parse each file in a worker process with a memory and a time limit, so a hostile file costs one worker.

Parsers can hang (LibreOffice, a pathological PDF or HTML) or balloon (XML inflating to gigabytes);
pebble's process pool kills a worker that overruns its time and starts a fresh one, and the worker's
address space is capped with `resource.setrlimit`, so a runaway parse ends in MemoryError in the
worker, never in the app or the ingest command."""

from __future__ import annotations

import atexit
import multiprocessing
import resource
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from pebble import ProcessExpired, ProcessPool

from ingest.limits import MB, Limits
from ingest.model import IngestError
from ingest.pipeline import IngestedFile, ingest_file
from language.lexicon import extra_dirs, use_extra_dirs

_pools: dict[tuple[int, int], ProcessPool] = {}
_pools_lock = threading.Lock()


def _address_space() -> int:
    """This process's current virtual size in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _cap_memory(memory_mb: int) -> None:
    """Worker initializer: the address space parsing may add to what the started worker already maps
    (which depends on the program that started it: the CLI, the app, a test runner). Children such as
    antiword inherit the cap."""
    limit = _address_space() + memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _parse(path: str, chunk_chars: int, limits: dict, lexicon_dirs: tuple[Path, ...]) -> IngestedFile:
    """Runs in the worker, with the caller's lexicon directories (a bureau's own words clean, structure and
    chunk the file there too): MemoryError becomes a refusal that names the limit."""
    use_extra_dirs(lexicon_dirs)
    settings = Limits(**limits)
    try:
        return ingest_file(Path(path), chunk_chars=chunk_chars, limits=settings)
    except MemoryError:
        raise IngestError(
            Path(path).name, "解析这个文件需要的内存超过上限，文件可能是异常构造的",
            f"上限为 {settings.worker_memory_mb} MB（设置项 limits.worker_memory_mb）；请确认文件来源，拆分后再导入",
        ) from None  # fmt: skip


def _pool(limits: Limits, workers: int) -> ProcessPool:
    """One pool per memory limit and size, kept for the process: workers are reused file after file."""
    key = (limits.worker_memory_mb, workers)
    with _pools_lock:
        if key not in _pools:
            context = multiprocessing.get_context("forkserver")  # workers never inherit the caller's threads
            _pools[key] = ProcessPool(
                max_workers=workers, initializer=_cap_memory, initargs=(limits.worker_memory_mb,), context=context
            )
        return _pools[key]


@atexit.register
def _close_pools() -> None:
    for pool in _pools.values():
        pool.stop()
        pool.join(timeout=5)


def parse_isolated(path: Path, chunk_chars: int, limits: Limits, workers: int = 1) -> IngestedFile:
    """`ingest_file` in a worker process; IngestError for a bad file, a file over a limit, a timeout or a crash."""
    path = Path(path)
    future = _pool(limits, workers).schedule(
        _parse, args=(str(path), chunk_chars, limits.model_dump(), extra_dirs()), timeout=limits.file_seconds
    )
    try:
        return future.result()
    except FutureTimeout:
        raise IngestError(
            path.name, f"解析超过了单个文件的时间上限 {limits.file_seconds:g} 秒，已停止",
            "文件可能过大或是异常构造的；请拆分或另存后再导入，确需导入请管理员调整 limits.file_seconds",
        ) from None  # fmt: skip
    except ProcessExpired as exc:
        raise IngestError(
            path.name, f"解析进程异常退出（退出码 {exc.exitcode}），文件可能已损坏或是异常构造的",
            "请用对应软件打开确认能否正常显示，另存一份后再导入",
        ) from None  # fmt: skip
