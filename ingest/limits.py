"""How much one file may cost, and the checks that refuse a file before a parser touches it.

Every limit is a setting (`[limits]` in bureau.toml, `BUREAU_LIMITS__*`); a refusal names the file,
what is over and the limit, so a person can act on it."""

from __future__ import annotations

import zipfile
from functools import lru_cache
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
READ_BYTES = 1 << 16  # markup is fed to the nesting check in pieces of this size
# libxml2's xmlParserErrors codes its depth limit comes under: XML_ERR_RESOURCE_LIMIT (114; lxml < 6 has
# no name for it) in current releases, XML_ERR_INTERNAL_ERROR (1) in older ones
DEPTH_ERROR_TYPES = (114, 1)


class Limits(BaseModel):
    """Defaults take a 1,000-page policy compilation or a yearly statistics workbook, and no bomb."""

    max_file_mb: float = 100  # also the largest upload the web app accepts
    max_unzipped_mb: float = 300  # .docx/.xlsx: all parts together, as the zip directory states
    max_zip_ratio: float = 200  # .docx/.xlsx: uncompressed ÷ compressed size of any part
    max_text_chars: int = 1_500_000  # text of one file after reading
    max_nesting_depth: int = 200  # HTML and Word XML element nesting (XML: never deeper than lxml reads)
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


class _DepthCounter:
    """A parser target that keeps only the current depth: the markup streams through, no tree is built,
    and the parse stops at the first element deeper than the limit."""

    def __init__(self, limit: int) -> None:
        self.limit, self.depth = limit, 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > self.limit:
            raise _TooDeep

    def end(self, tag: str) -> None:
        self.depth -= 1

    def close(self) -> None:
        return None


class _TooDeep(Exception):
    """Raised inside the parser by _DepthCounter; lxml hands it back out of feed()."""


@lru_cache(maxsize=8)
def xml_nesting_limit(limit: int) -> int:
    """`limit`, lowered to the deepest nesting lxml builds a tree of with a default XMLParser, as the .docx
    loader parses (libxml2 2.14 stops at 256 unless told XML_PARSE_HUGE; other releases may differ).
    Measured on probe documents, so that the nesting check stops before the loader's parser does,
    whatever release is installed."""

    def accepts(depth: int) -> bool:
        try:
            etree.fromstring(b"<a>" * depth + b"</a>" * depth, etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            return False
        return True

    low, high = 1, limit  # accepts(low) holds for any parser; find the largest depth accepted
    if accepts(high):
        return high
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if accepts(middle) else (low, middle)
    return low


def is_depth_error(error: BaseException) -> bool:
    """The parser gave up on nesting depth, not on broken markup. libxml2 has no error code of its own for
    it (DEPTH_ERROR_TYPES are shared with other limits), so its message tells which limit it was."""
    return (
        isinstance(error, etree.XMLSyntaxError) and error.code in DEPTH_ERROR_TYPES and "depth" in str(error.msg).lower()
    )


def nesting_refusal(path: Path, limit: int) -> IngestError:
    return refuse(path, f"文件的标签嵌套超过 {limit} 层，不像正常文档", f" {limit} 层")


def check_nesting(path: Path, stream, limit: int, html: bool) -> None:  # noqa: ANN001 — a binary file object
    """Element nesting deeper than `limit` is refused as the markup streams through the parser (never
    built into a tree). XML stops no deeper than the loader's own parser reads (xml_nesting_limit), so a
    deep file is refused by this check, never reported as damaged by the loader."""
    if not html:
        limit = xml_nesting_limit(limit)
    counter = _DepthCounter(limit)
    options = {"recover": True} if html else {"resolve_entities": False}
    parser = (etree.HTMLParser if html else etree.XMLParser)(target=counter, no_network=True, **options)
    try:
        while chunk := stream.read(READ_BYTES):
            parser.feed(chunk)
        parser.close()
    except _TooDeep:
        raise nesting_refusal(path, limit) from None
    except etree.LxmlError as error:
        if is_depth_error(error):  # the parser's own limit came first: still the nesting limit, not damage
            raise nesting_refusal(path, min(limit, counter.depth)) from None
        return  # malformed markup: the loader decides (HTML is read leniently, XML errors are reported)


def check_text_length(path: Path, chars: int, max_chars: int) -> None:
    if chars > max_chars:
        raise refuse(path, "文件的文字超过单个文件的文字上限", f" {max_chars:,} 字")
