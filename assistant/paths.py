"""Files named on the command line or in an API call: files as given, folders walked safely.

A folder is walked without following links out of it or round in a loop: a link to a file inside the
folder is read once, a link that leaves the folder, dangles or loops is reported as that file's error
and the walk goes on. Hidden files (.xxx) are skipped."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ingest.model import IngestError

WalkItem = Path | IngestError


def _link_error(path: Path, reason: str) -> IngestError:
    return IngestError(str(path), reason, "出于安全不跟随这个链接；如需导入，请把实际文件复制到文件夹中")


def _walk(root: Path) -> list[WalkItem]:
    real_root = Path(os.path.realpath(root))
    items: list[WalkItem] = []

    def unreadable(error: OSError) -> None:
        items.append(IngestError(str(error.filename or root), f"无法读取这个文件夹（{error.strerror}）", "请检查访问权限"))

    for folder, dirnames, filenames in os.walk(root, followlinks=False, onerror=unreadable):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames) + [d for d in dirnames if os.path.islink(os.path.join(folder, d))]:
            path = Path(folder) / name
            if name.startswith("."):
                continue
            if not path.is_symlink():
                items.append(path)
                continue
            try:
                target = Path(os.path.realpath(path, strict=True))
            except (OSError, RuntimeError):
                items.append(_link_error(path, "这是一个失效或循环的链接，指向的文件不存在或绕回自身"))
                continue
            if target != real_root and real_root not in target.parents:
                items.append(_link_error(path, f"这是一个指向所给文件夹之外（{target}）的链接"))
            elif target.is_dir():
                here = Path(os.path.realpath(folder))
                if target == here or target in here.parents:
                    items.append(_link_error(path, "这是一个指回上级文件夹的循环链接"))
                # a link to another folder inside the walk is not followed: its files are read where they are
            else:
                items.append(target)
    return items


def expand_paths(paths: Iterable[Path | WalkItem]) -> list[WalkItem]:
    """Files as given, the files inside folders (walked safely, in a stable order), each once; a link that
    cannot be followed is an IngestError in the list, in its place (an already expanded list passes through)."""
    items: list[WalkItem] = []
    for given in paths:
        path = given if isinstance(given, IngestError) else Path(given)
        items.extend(_walk(path) if isinstance(path, Path) and path.is_dir() else [path])
    seen: set[str] = set()
    unique: list[WalkItem] = []
    for item in items:
        key = os.path.realpath(item) if isinstance(item, Path) else f"error:{item.path}"
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique
