"""Pick the loader for a file by its extension. PLACEHOLDER: the loaders helper replaces this."""

from __future__ import annotations

from pathlib import Path

from ingest.model import Block, IngestError, LoadedFile


def load_file(path: Path) -> LoadedFile:
    path = Path(path)
    if path.suffix.lower() not in {".txt", ".md"}:
        raise IngestError(path.name, f"不支持的文件类型 {path.suffix}", "请转换为 .txt 后再导入")
    text = path.read_bytes().decode("utf-8", errors="replace")
    blocks = [Block(text=line, location=f"第{i}行") for i, line in enumerate(text.splitlines(), 1) if line.strip()]
    return LoadedFile(path=str(path), format="txt", blocks=blocks)
