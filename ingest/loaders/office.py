"""Checks shared by the Office Open XML loaders (.docx, .xlsx): encrypted or broken containers."""

from __future__ import annotations

import zipfile
from pathlib import Path

import msoffcrypto

from ingest.model import IngestError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def is_encrypted_ole(path: Path) -> bool:
    """True for an OLE container that holds a password-protected Office document."""
    try:
        with path.open("rb") as handle:
            return bool(msoffcrypto.OfficeFile(handle).is_encrypted())
    except Exception:  # noqa: BLE001 — an unreadable container is not known to be encrypted
        return False


def encrypted_error(path: Path) -> IngestError:
    return IngestError(path.name, "文件设置了打开密码，无法读取内容", "请在 Office 或 WPS 中输入密码打开，取消密码后另存再导入")


def check_ooxml(path: Path, app: str, extension: str) -> None:
    """Raise IngestError unless the file is a readable .docx/.xlsx zip package."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == OLE_MAGIC:
        if is_encrypted_ole(path):
            raise encrypted_error(path)
        raise IngestError(
            path.name,
            f"这是旧版 {app} 格式的文件，只是扩展名写成了 {extension}",
            f"请用 {app} 或 WPS 打开后另存为 {extension} 再导入",
        )
    if not zipfile.is_zipfile(path):
        raise corrupt_error(path, app, extension)


def corrupt_error(path: Path, app: str, extension: str) -> IngestError:
    return IngestError(
        path.name,
        f"文件已损坏，不是有效的 {extension} 文件",
        f"请用 {app} 或 WPS 打开确认能否正常显示，修复或重新导出后再导入",
    )
