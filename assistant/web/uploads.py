"""Files uploaded through the app: stored under the uploads folder (settings.app.uploads_dir, default
home/uploads; a shared folder when replicas run on several machines), one per knowledge base, with safe names."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

from assistant.config import Settings
from vectorstore.names import collection_name

UNSAFE = re.compile(r'[<>:"|?*]')
MAX_NAME_BYTES = 200
UNNAMED = "未命名文件"


class UploadError(ValueError):
    """An upload that cannot be stored; the message is for the user."""


def safe_name(name: str) -> str:
    """The last path component, without control characters, leading dots or Windows-reserved signs;
    Chinese and other letters are kept. Never empty, never a path."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = UNSAFE.sub("_", name).strip().lstrip(".").strip()
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    while len(name.encode("utf-8")) > MAX_NAME_BYTES and stem:
        stem = stem[:-1]
        name = f"{stem}.{suffix}" if suffix else stem
    return name or UNNAMED


def uploads_dir(settings: Settings, kb: str) -> Path:
    """settings.app.uploads_dir (default home/uploads), one folder per knowledge base."""
    root = settings.app.uploads_dir or Path(settings.home) / "uploads"
    return Path(root).resolve() / collection_name(kb)


def store_upload(settings: Settings, kb: str, temp_path: Path, original_name: str) -> Path:
    """Copy an uploaded file into the knowledge base's upload folder; the same name replaces the old copy."""
    folder = uploads_dir(settings, kb)
    target = (folder / safe_name(original_name)).resolve()
    if target.parent != folder:
        raise UploadError(f"文件名 {original_name!r} 不能使用，请改名后再上传")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(temp_path, target)
    return target


def discard_upload(settings: Settings, kb: str, source: str) -> bool:
    """Delete the stored copy of an upload (after its file left the knowledge base, or never got in);
    True when there was one."""
    folder = uploads_dir(settings, kb)
    target = (folder / source).resolve()
    if target.parent != folder or not target.is_file():
        return False
    target.unlink()
    return True
