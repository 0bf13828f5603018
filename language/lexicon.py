"""Language knowledge as data: each `language/lexicon/NAME.toml` file ships with the package, and a
bureau may add its own files of the same names in extra directories (settings `lexicon_dirs`) to
extend or override them without editing code.

Merging, per top-level key: a list is extended (entries kept once, in order), a table is updated
key by key, anything else is replaced.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"
_extra_dirs: tuple[Path, ...] = ()
_derived: list[Any] = []  # caches of what is built from the lexicons (compiled patterns, tables)
F = TypeVar("F", bound=Callable[..., Any])


class LexiconError(ValueError):
    """A lexicon file that cannot be read; the message names the file and the line."""


def use_extra_dirs(dirs: Iterable[Path]) -> None:
    """Layer a bureau's own lexicon directories over the shipped ones (called once by the settings)."""
    global _extra_dirs
    new = tuple(Path(d) for d in dirs)
    if new != _extra_dirs:
        _extra_dirs = new
        lexicon.cache_clear()
        for cached in _derived:
            cached.cache_clear()


def extra_dirs() -> tuple[Path, ...]:
    """The bureau's lexicon directories in effect: a worker process, which loads no settings, is handed them."""
    return _extra_dirs


def derived(function: F) -> F:
    """Cache what a function builds from the lexicons (a compiled pattern, a table) until a bureau's
    lexicon directories change: modules build their patterns on first use, never at import, so a
    bureau's own words take effect whenever the settings are loaded."""
    cached = cache(function)
    _derived.append(cached)
    return cached  # type: ignore[return-value]


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise LexiconError(f"词表文件 {path} 无法读取：{error}") from error


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        old = merged.get(key)
        if isinstance(old, list) and isinstance(value, list):
            merged[key] = list(dict.fromkeys([*old, *value])) if all(isinstance(v, str) for v in old + value) else old + value
        elif isinstance(old, dict) and isinstance(value, dict):
            merged[key] = {**old, **value}
        else:
            merged[key] = value
    return merged


@cache
def lexicon(name: str) -> dict[str, Any]:
    """The lexicon `name` (file name without .toml): the shipped file, then each extra directory's."""
    shipped = LEXICON_DIR / f"{name}.toml"
    if not shipped.is_file():
        raise LexiconError(f"没有名为 {name} 的词表（{shipped}）")
    data = _read(shipped)
    for directory in _extra_dirs:
        own = directory / f"{name}.toml"
        if own.is_file():
            data = _merge(data, _read(own))
    return data


def words(name: str, key: str) -> tuple[str, ...]:
    """A word list of a lexicon, as a tuple (a missing key is an empty list)."""
    return tuple(lexicon(name).get(key, ()))


def alternation(name: str, key: str) -> str:
    """A word list of a lexicon as a regular-expression alternation (words escaped, in their order)."""
    return "|".join(map(re.escape, words(name, key)))


def compile_pattern(pattern: str, name: str) -> re.Pattern[str]:
    """A regular expression of the lexicon `name`; a bad one is a LexiconError that quotes it."""
    try:
        return re.compile(pattern)
    except re.error as error:
        raise LexiconError(f"词表 {name} 中的正则表达式“{pattern}”有误：{error}") from error


@derived
def patterns(name: str, key: str) -> tuple[re.Pattern[str], ...]:
    """A list of regular expressions of a lexicon, compiled (once, until the lexicon dirs change)."""
    return tuple(compile_pattern(pattern, name) for pattern in words(name, key))
