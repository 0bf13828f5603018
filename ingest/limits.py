"""How much one file may cost, and the checks that refuse a file before a parser touches it.

Every limit is a setting (`[limits]` in bureau.toml, `BUREAU_LIMITS__*`); a refusal names the file,
what is over and the limit, so a person can act on it."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree
from pydantic import BaseModel

from ingest.model import IngestError

MB = 1 << 20
BYTES_PER_CHAR = 4  # no encoding the loaders accept spends more than 4 bytes on a character
ZIP_FORMATS = (".docx", ".xlsx")
TEXT_FORMATS = (".txt", ".md", ".csv")  # all bytes are text: the size alone bounds the characters
MARKUP_FORMATS = (".html", ".htm")
ZIP_MARKUP_PARTS = ("word/document.xml",)  # the part a .docx parser builds a whole tree of


class Limits(BaseModel):
    """Defaults take a 1,000-page policy compilation or a yearly statistics workbook, and no bomb."""

    max_file_mb: float = 100  # also the largest upload the web app accepts
    max_unzipped_mb: float = 300  # .docx/.xlsx: all parts together, as the zip directory states
    max_zip_ratio: float = 200  # .docx/.xlsx: uncompressed ÷ compressed size of any part
    max_text_chars: int = 1_500_000  # text of one file after reading
    max_nesting_depth: int = 200  # HTML and Word XML element nesting; libxml2 stops at 256 on its own
    file_seconds: float = 180  # reading, cleaning and chunking one file, in its worker process
    worker_memory_mb: int = 1024  # address space parsing one file may add to the worker process


def refuse(path: Path, reason: str, limit: str) -> IngestError:
    return IngestError(
        path.name, reason, f"上限为{limit}（设置项 limits）；请拆分或精简文件后再导入，确需导入请管理员调整上限"
    )


def check_size(path: Path, limits: Limits) -> int:
    """The file's size in bytes; refused over the limit before anything reads (or hashes) it."""
    size = path.stat().st_size
    if size > limits.max_file_mb * MB:
        raise refuse(path, f"文件大小 {size / MB:.1f} MB 超过上限", f" {limits.max_file_mb:g} MB")
    return size


def check_before_parsing(path: Path, limits: Limits) -> None:
    """Size, zip directory and nesting checks that read no more than the file's header and directory."""
    size = check_size(path, limits)
    extension = path.suffix.lower()
    if extension in TEXT_FORMATS and size > limits.max_text_chars * BYTES_PER_CHAR:
        raise refuse(path, f"文件有 {size / MB:.1f} MB，文字量超过单个文件的文字上限", f" {limits.max_text_chars:,} 字")
    if extension in ZIP_FORMATS and zipfile.is_zipfile(path):
        check_zip_directory(path, limits)
    if extension in MARKUP_FORMATS:
        with path.open("rb") as handle:
            check_nesting(path, handle, limits.max_nesting_depth, html=True)


def check_zip_directory(path: Path, limits: Limits) -> None:
    """A zip bomb is refused from what the central directory declares, before anything is inflated."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            total = sum(m.file_size for m in members)
            if total > limits.max_unzipped_mb * MB:
                raise refuse(path, f"压缩包内容解压后共 {total / MB:.0f} MB，超过上限", f" {limits.max_unzipped_mb:g} MB")
            for member in members:
                ratio = member.file_size / max(member.compress_size, 1)
                if member.file_size > MB and ratio > limits.max_zip_ratio:
                    raise refuse(
                        path, f"文件内部的 {member.filename} 压缩比为 {ratio:.0f} 倍，疑似压缩炸弹",
                        f"压缩比 {limits.max_zip_ratio:g} 倍",
                    )  # fmt: skip
            for name in ZIP_MARKUP_PARTS:
                if name in archive.NameToInfo:
                    with archive.open(name) as part:
                        check_nesting(path, part, limits.max_nesting_depth, html=False)
    except zipfile.BadZipFile:
        return  # the loader reports a damaged file in its own words


def check_nesting(path: Path, stream, limit: int, html: bool) -> None:  # noqa: ANN001 — a binary file object
    """Element nesting deeper than `limit` is refused; the markup is streamed, never built into a tree."""
    depth = 0
    parser = etree.iterparse(stream, events=("start", "end"), html=html, huge_tree=False, recover=html,
                             resolve_entities=False, no_network=True)  # fmt: skip
    try:
        for event, element in parser:
            if event == "start":
                depth += 1
                if depth > limit:
                    raise refuse(path, f"文件的标签嵌套超过 {limit} 层，不像正常文档", f" {limit} 层")
            else:
                depth -= 1
                element.clear()  # keep memory flat however long the file is
    except etree.LxmlError:
        return  # malformed markup: the loader decides (HTML is read leniently, XML errors are reported)


def check_text_length(path: Path, chars: int, max_chars: int) -> None:
    if chars > max_chars:
        raise refuse(path, "文件的文字超过单个文件的文字上限", f" {max_chars:,} 字")
