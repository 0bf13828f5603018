"""Files named on the command line or in an API call: files as given, folders expanded."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the files inside folders, in a stable order, each once."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        else:
            files.append(path)
    return list(dict.fromkeys(files))
