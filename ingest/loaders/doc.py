"""Legacy Word 97-2003 (.doc) through antiword, with LibreOffice as fallback."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ingest.loaders.office import OLE_MAGIC, encrypted_error, is_encrypted_ole
from ingest.model import Block, IngestError, LoadedFile

_TIMEOUT = 120


def load_doc(path: Path) -> LoadedFile:
    with path.open("rb") as handle:
        is_ole = handle.read(8) == OLE_MAGIC
    if not is_ole:
        raise _not_word(path)
    if is_encrypted_ole(path):
        raise encrypted_error(path)
    antiword, soffice = shutil.which("antiword"), shutil.which("soffice") or shutil.which("libreoffice")
    if not antiword and not soffice:
        raise IngestError(
            path.name,
            "读取旧版 Word（.doc）文件需要 antiword 或 LibreOffice，但本机都没有安装",
            "请安装 antiword（如 apt-get install antiword）或 LibreOffice，或把文件另存为 .docx 再导入",
        )
    text = (antiword and _antiword(antiword, path)) or (soffice and _libreoffice(soffice, path))
    if not text:
        raise _not_word(path)
    lines = [line.strip() for line in text.splitlines()]
    blocks = [Block(line, "para", f"第{number}段") for number, line in enumerate(filter(None, lines), start=1)]
    return LoadedFile(str(path), "doc", blocks, "utf-8")


def _antiword(antiword: str, path: Path) -> str | None:
    """Text with one paragraph per line (-w 0: no wrapping), UTF-8 so Chinese survives."""
    result = subprocess.run(
        [antiword, "-w", "0", "-m", "UTF-8.txt", str(path)],
        capture_output=True,
        timeout=_TIMEOUT,
    )
    if result.returncode != 0:
        return None
    return result.stdout.decode("utf-8", errors="replace").strip() or None


def _libreoffice(soffice: str, path: Path) -> str | None:
    """Convert to UTF-8 text with a private profile, so a running LibreOffice does not interfere."""
    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--convert-to",
                "txt:Text (encoded):UTF8",
                "--outdir",
                str(work),
                str(path),
            ],
            capture_output=True,
            timeout=_TIMEOUT,
        )
        output = work / f"{path.stem}.txt"
        if not output.exists():
            return None
        return output.read_text(encoding="utf-8-sig", errors="replace").strip() or None


def _not_word(path: Path) -> IngestError:
    return IngestError(
        path.name,
        "文件不是有效的 Word 文档，可能已损坏或扩展名有误",
        "请用 Word 或 WPS 打开确认内容，另存为 .docx 后再导入",
    )
