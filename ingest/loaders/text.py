"""Plain text and Markdown: one block per non-empty line."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.loaders.encoding import UndecodableText, decode_text
from ingest.model import Block, IngestError, LoadedFile

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def read_text(path: Path) -> tuple[str, str]:
    """The file's text and encoding; IngestError if no encoding gives readable text."""
    try:
        return decode_text(path.read_bytes())
    except UndecodableText:
        raise IngestError(
            path.name,
            "无法识别文件的文字编码，文件可能不是纯文本或扩展名有误",
            "请用记事本或 WPS 打开后另存为 UTF-8 编码再导入",
        ) from None


def load_text(path: Path) -> LoadedFile:
    text, encoding = read_text(path)
    markdown = path.suffix.lower() == ".md"
    blocks = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        location = f"第{number}行"
        heading = _MD_HEADING.match(line) if markdown else None
        if heading:
            blocks.append(Block(heading.group(2), "heading", location, len(heading.group(1))))
        else:
            blocks.append(Block(line, "para", location))
    return LoadedFile(str(path), "md" if markdown else "txt", blocks, encoding)
