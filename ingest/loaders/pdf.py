"""PDF with a text layer (pypdf): one block per paragraph, wrapped lines rejoined, page kept."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from pypdf import PdfReader

from ingest.loaders.wrapped import rejoin_lines
from ingest.model import Block, IngestError, LoadedFile

# pypdf puts a space between a number and the character after it: 2027 年12月 → 2027年12月.
DIGIT_SPACE_HAN = re.compile(r"(?<=\d) (?=[\u4e00-\u9fff])")

logging.getLogger("pypdf").setLevel(logging.ERROR)  # its English repair warnings mean nothing to users


def load_pdf(path: Path) -> LoadedFile:
    reader = _open(path)
    blocks: list[Block] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception as error:  # noqa: BLE001 — pypdf raises many kinds on a damaged page
            raise _corrupt(path) from error
        lines = rejoin_lines(text.splitlines())
        blocks.extend(Block(DIGIT_SPACE_HAN.sub("", line), "para", f"第{number}页") for line in lines)
    if not blocks:
        raise IngestError(
            path.name,
            "这是扫描件或图片型 PDF，没有可提取的文字层",
            "需要先做文字识别（OCR），例如用 WPS、Adobe Acrobat 或 ocrmypdf 生成带文字层的 PDF 后再导入",
        )
    return LoadedFile(str(path), "pdf", blocks)


def _open(path: Path) -> PdfReader:
    with path.open("rb") as handle:
        if b"%PDF-" not in handle.read(1024):
            raise _corrupt(path)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(
                path.name,
                "PDF 设置了打开密码，无法读取内容",
                "请用 PDF 阅读器输入密码打开，另存或打印为不加密的 PDF 后再导入",
            )
        if len(reader.pages) == 0:
            raise _corrupt(path)
    except IngestError:
        raise
    except Exception as error:  # noqa: BLE001 — pypdf raises many kinds on a damaged file
        raise _corrupt(path) from error
    return reader


def _corrupt(path: Path) -> IngestError:
    return IngestError(
        path.name,
        "PDF 文件已损坏，无法读取",
        "请用 PDF 阅读器打开确认能否正常显示，重新下载或重新导出 PDF 后再导入",
    )
