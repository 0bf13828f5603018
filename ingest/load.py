"""Pick the loader for a file by its extension; every failure becomes an IngestError the user can act on."""

from __future__ import annotations

import logging
import stat
from collections.abc import Callable
from pathlib import Path

from ingest.limits import Limits, check_before_parsing, is_depth_error, nesting_refusal, xml_nesting_limit
from ingest.loaders.doc import load_doc
from ingest.loaders.docx import load_docx
from ingest.loaders.html import load_html
from ingest.loaders.pdf import load_pdf
from ingest.loaders.tables import load_csv, load_xlsx
from ingest.loaders.text import load_text
from ingest.model import IngestError, LoadedFile

log = logging.getLogger(__name__)

LOADERS: dict[str, Callable[[Path], LoadedFile]] = {
    ".txt": load_text,
    ".md": load_text,
    ".docx": load_docx,
    ".doc": load_doc,
    ".pdf": load_pdf,
    ".html": load_html,
    ".htm": load_html,
    ".xlsx": load_xlsx,
    ".csv": load_csv,
}
SUPPORTED = "、".join(LOADERS)
STREAMING = {".xlsx"}  # loaders that read row by row and stop at the text limit themselves
_CONVERT_HINTS = {
    ".xls": "请在 Excel 或 WPS 中另存为 .xlsx 后再导入",
    ".wps": "请在 WPS 中另存为 .docx 后再导入",
    ".et": "请在 WPS 中另存为 .xlsx 后再导入",
    ".ppt": "请另存为 PDF 后再导入",
    ".pptx": "请另存为 PDF 后再导入",
    ".rtf": "请在 Word 或 WPS 中另存为 .docx 后再导入",
}


def load_file(path: Path, limits: Limits | None = None) -> LoadedFile:
    """Read one file into blocks. Raises IngestError for a corrupt, encrypted, empty, unsupported or scanned
    file, or one over a limit (size, zip directory and nesting are checked before the loader runs)."""
    path = Path(path)
    limits = limits or Limits()
    extension = path.suffix.lower()
    loader = LOADERS.get(extension)
    if loader is None:
        raise IngestError(
            path.name,
            f"不支持 {extension or '无扩展名'} 类型的文件，目前支持 {SUPPORTED}",
            _CONVERT_HINTS.get(extension, "请转换为支持的格式后再导入"),
        )
    check_regular_file(path)
    try:
        if _is_blank(path):
            raise _empty(path)
    except OSError as error:  # no read rights
        raise unreadable(path, error) from None
    check_before_parsing(path, limits)
    try:
        loaded = loader(path, max_chars=limits.max_text_chars) if extension in STREAMING else loader(path)
    except IngestError:
        raise
    except MemoryError:
        raise
    except Exception as error:  # noqa: BLE001 — no raw traceback may reach the user
        if "memory allocation failed" in str(error).lower():  # libxml2 hit the worker's memory cap
            raise MemoryError(str(error)) from error
        if is_depth_error(error):  # deeper than the loader's parser reads: the nesting limit, not damage
            raise nesting_refusal(path, xml_nesting_limit(limits.max_nesting_depth)) from error
        log.debug("loading %s failed", path, exc_info=True)
        raise IngestError(
            path.name,
            f"读取文件时出错（{type(error).__name__}），文件可能已损坏或格式与扩展名不符",
            "请用对应软件打开确认能否正常显示，另存一份后再导入",
        ) from error
    if not loaded.blocks:
        raise _empty(path)
    return loaded


def _is_blank(path: Path) -> bool:
    """0 bytes or only whitespace, read in pieces so a large file costs one early chunk."""
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 16):
            if chunk.strip():
                return False
    return True


def check_regular_file(path: Path) -> None:
    """Only an ordinary file is opened: a pipe or device would block or never end, a looping link fails."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise IngestError(path.name, "找不到这个文件", "请检查文件路径是否正确") from None
    except OSError as error:  # a looping link, no rights on the folder
        raise unreadable(path, error) from None
    if not stat.S_ISREG(mode):
        raise IngestError(path.name, "这不是普通文件（可能是文件夹、管道或设备）", "请选择实际的文档文件再导入")


def unreadable(path: Path, error: OSError) -> IngestError:
    """A file the system will not open: a link that loops or points nowhere, missing rights."""
    return IngestError(
        path.name, f"无法打开这个文件（{error.strerror or type(error).__name__}），可能是循环或失效的链接，或没有读取权限",
        "请确认它是一个普通文件且可以打开，复制一份实际文件后再导入",
    )  # fmt: skip


def _empty(path: Path) -> IngestError:
    return IngestError(path.name, "文件是空的，没有可导入的文字内容", "请确认选对了文件，或补充内容后再导入")
