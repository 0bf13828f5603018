"""Shared paths and fixtures. Tests use real files: ../shared/corpus, sample_corpus/ and tests/fixtures/.

../shared (the external corpus and bench sets) lies beside the repository on the project's machines but
not in a plain clone: a test that refers to a path in it that is missing is skipped, and says which."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import CodeType, FunctionType

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SEEDS = CORPUS / "seeds"
POLICIES = CORPUS / "policies"
BENCH = SHARED / "bench"
FIXTURES = REPO / "tests" / "fixtures"
SAMPLE_CORPUS = REPO / "sample_corpus"


def missing_reason(paths: Iterable[Path]) -> str:
    shown = "、".join(sorted({f"../{p.relative_to(REPO.parent)}" for p in paths}))
    return f"缺少外部语料 {shown}：把 shared/ 放在仓库旁边（与仓库同级）即可运行此测试"


def from_shared(read: Callable[[], list], *paths: Path) -> list:
    """Parameters read at collection time from ../shared; where one of `paths` is missing, a single
    skipped parameter naming it instead, so that collecting the module does not fail."""
    missing = [path for path in paths if not path.exists()]
    if missing:
        return [pytest.param(None, id="missing-shared", marks=pytest.mark.skip(reason=missing_reason(missing)))]
    return read()


def _shared_paths(value: object) -> Iterator[Path]:
    if isinstance(value, Path) and value.is_relative_to(SHARED):
        yield value
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _shared_paths(item)


def _names(code: CodeType) -> set[str]:
    """Global names a function's code (nested functions and comprehensions included) refers to."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, CodeType):
            names |= _names(const)
    return names


def _referred_paths(function: object, seen: set[int]) -> Iterator[Path]:
    """Paths under ../shared a function refers to by global name, through the module's helpers too."""
    function = inspect.unwrap(function)  # type: ignore[arg-type]
    if not isinstance(function, FunctionType) or id(function) in seen:
        return
    seen.add(id(function))
    for name in _names(function.__code__):
        value = function.__globals__.get(name)
        yield from _shared_paths(value)
        if isinstance(value, FunctionType) and value.__module__ == function.__module__:
            yield from _referred_paths(value, seen)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip, naming it, each test whose function, fixtures or parameters refer to a missing path under ../shared."""
    for item in items:
        if not isinstance(item, pytest.Function):
            continue
        seen: set[int] = set()
        functions = [item.function] + [d.func for defs in item._fixtureinfo.name2fixturedefs.values() for d in defs]
        paths = [p for f in functions for p in _referred_paths(f, seen)]
        paths += [p for v in getattr(item, "callspec", None) and item.callspec.params.values() or () for p in _shared_paths(v)]
        missing = [p for p in paths if not p.exists()]
        if missing:
            item.add_marker(pytest.mark.skip(reason=missing_reason(missing)))


@pytest.fixture
def bureau_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data directory, set as BUREAU_HOME for the code under test."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("BUREAU_HOME", str(home))
    return home
