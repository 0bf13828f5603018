"""Limits enforced before parsing, on real hostile files: a refusal names the file, the reason and the limit,
and nothing is inflated or built into a tree to find out."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from lxml import etree

from ingest.limits import Limits, is_depth_error, xml_nesting_limit
from ingest.load import load_file
from ingest.model import IngestError
from ingest.pipeline import ingest_file

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def make_docx(path: Path, document_xml: bytes | None = None) -> Path:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("示范县科技局工作简报")
    document.save(buffer)
    if document_xml is None:
        path.write_bytes(buffer.getvalue())
        return path
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = document_xml if item.filename == "word/document.xml" else source.read(item.filename)
            target.writestr(item.filename, data)
    return path


def body(inner: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{inner}</w:body></w:document>'.encode()


def refusal(path: Path, limits: Limits) -> IngestError:
    with pytest.raises(IngestError) as caught:
        load_file(path, limits)
    return caught.value


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path: Path) -> None:
    # 40 MB of one repeated paragraph deflates to about 100 KB: a ratio no real document has
    bomb = make_docx(tmp_path / "炸弹.docx", body("<w:p><w:r><w:t>啊啊啊啊</w:t></w:r></w:p>" * 1_000_000))
    assert bomb.stat().st_size < 1 << 20
    error = refusal(bomb, Limits())
    assert error.path == "炸弹.docx"
    assert "word/document.xml" in error.reason and "压缩比" in error.reason
    assert "压缩比 200 倍" in error.advice and "limits" in error.advice


def test_total_unzipped_size_is_limited(tmp_path: Path) -> None:
    big = make_docx(tmp_path / "大.docx", body("<w:p><w:r><w:t>示范县</w:t></w:r></w:p>" * 100_000))
    error = refusal(big, Limits(max_unzipped_mb=1))
    assert "解压后共" in error.reason and "1 MB" in error.advice


def test_deep_nesting_is_refused_in_html_and_word(tmp_path: Path) -> None:
    html = tmp_path / "嵌套.html"
    html.write_bytes(b"<html><body>" + b"<div>" * 20_000 + "正文".encode() + b"</div>" * 20_000 + b"</body></html>")
    error = refusal(html, Limits())
    assert "嵌套超过 200 层" in error.reason and "200 层" in error.advice
    word = make_docx(tmp_path / "嵌套.docx", body("<w:p>" + "<w:r>" * 1000 + "</w:r>" * 1000 + "</w:p>"))
    error = refusal(word, Limits())
    assert "嵌套超过 200 层" in error.reason and "200 层" in error.advice


def test_nesting_beyond_what_the_parser_reads_is_refused_by_the_limit_not_called_damaged(tmp_path: Path) -> None:
    # A limit set above the depth lxml's own parser stops at (libxml2: 256): the check stops first, at the
    # parser's depth, whatever lxml release is installed.
    parser_depth = xml_nesting_limit(100_000)
    assert parser_depth < 100_000  # this lxml has a depth limit of its own; the test is about it
    limits = Limits(max_nesting_depth=100_000)
    for depth in (parser_depth + 1, 1000, 5000):
        word = make_docx(tmp_path / f"嵌套{depth}.docx", body("<w:p>" + "<w:r>" * depth + "</w:r>" * depth + "</w:p>"))
        error = refusal(word, limits)
        assert f"嵌套超过 {parser_depth} 层" in error.reason and "损坏" not in error.reason
    inner = parser_depth - 3  # below w:document, w:body and w:p: exactly as deep as the parser reads
    fits = "<w:p><w:r><w:t>示范县</w:t></w:r></w:p><w:p>" + "<w:r>" * inner + "</w:r>" * inner + "</w:p>"
    assert load_file(make_docx(tmp_path / "刚好.docx", body(fits)), limits).blocks[0].text == "示范县"


def test_a_parser_depth_error_is_told_apart_from_damaged_markup() -> None:
    depth = xml_nesting_limit(100_000) + 1
    with pytest.raises(etree.XMLSyntaxError) as deep:
        etree.fromstring(b"<a>" * depth + b"</a>" * depth)
    with pytest.raises(etree.XMLSyntaxError) as damaged:
        etree.fromstring(b"<a><b></a>")
    assert is_depth_error(deep.value) and not is_depth_error(damaged.value)


def test_size_and_text_length_limits(tmp_path: Path) -> None:
    text = tmp_path / "长文.txt"
    text.write_text("示范县科技局工作要点。\n" * 20_000, encoding="utf-8")  # 220,000 characters, 620 KB
    assert "文件大小" in refusal(text, Limits(max_file_mb=0.5)).reason
    assert "文字" in refusal(text, Limits(max_text_chars=100_000)).reason  # more bytes than 4 per allowed character
    with pytest.raises(IngestError, match="文字上限"):
        ingest_file(text, limits=Limits(max_text_chars=200_000))  # decoded, then counted
    assert ingest_file(text, limits=Limits(max_text_chars=300_000)).chunks


def test_a_large_workbook_is_read_row_by_row_and_stopped_at_the_text_limit(tmp_path: Path) -> None:
    path = tmp_path / "名单.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("企业")
    sheet.append(["企业名称", "研发投入（万元）"])
    for n in range(20_000):
        sheet.append([f"示范县第{n}号科技企业有限公司", n])
    book.save(path)
    error = refusal(path, Limits(max_text_chars=50_000))
    assert error.path == "名单.xlsx" and "50,000 字" in error.advice
    assert len(load_file(path, Limits()).blocks) == 20_000


def test_a_forged_sheet_dimension_does_not_make_the_reader_walk_empty_cells(tmp_path: Path) -> None:
    path = tmp_path / "范围.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["指标", "数值"])
    book.active.append(["专利授权量", 128])
    book.save(path)
    forged = tmp_path / "伪造范围.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(forged, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:XFD1048576"/>')
            target.writestr(item.filename, data)
    assert [b.text for b in load_file(forged).blocks] == ["指标：专利授权量；数值：128"]


def test_a_pipe_and_a_looping_link_are_refused_by_name(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "管道.txt")  # opening it would wait for ever
    assert "不是普通文件" in refusal(tmp_path / "管道.txt", Limits()).reason
    os.symlink("循环.txt", tmp_path / "循环.txt")
    error = refusal(tmp_path / "循环.txt", Limits())
    assert error.path == "循环.txt" and "循环" in error.reason
