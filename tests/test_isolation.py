"""Parsing in a worker process: a file that takes longer than its time budget, or more memory than the
worker may have, costs that worker only; the next file is parsed as usual."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
import pytest

from ingest.isolation import parse_isolated
from ingest.limits import Limits
from ingest.model import IngestError

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def many_paragraphs(path: Path, count: int, text: str = "示范县科技企业研发投入稳步增长") -> Path:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    paragraphs = "".join(f"<w:p><w:r><w:t>第{n}段：{text}。</w:t></w:r></w:p>" for n in range(count))
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{paragraphs}</w:body></w:document>'
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, xml if item.filename == "word/document.xml" else source.read(item.filename))
    return path


def good(tmp_path: Path) -> Path:
    path = tmp_path / "通知.txt"
    path.write_text("示范县科技局通知\n一、创新券每家企业每年最高20万元。\n", encoding="utf-8")
    return path


def test_a_good_file_comes_back_from_the_worker(tmp_path: Path) -> None:
    result = parse_isolated(good(tmp_path), 300, Limits())
    assert result.documents and "20万元" in result.chunks[0].text
    assert os.getpid() != 0  # parsed elsewhere: the worker pool exists


def test_a_file_over_its_time_budget_is_stopped_and_the_next_one_parses(tmp_path: Path) -> None:
    slow = many_paragraphs(tmp_path / "五万段.docx", 50_000)  # well over a second of parsing even on a quiet machine
    with pytest.raises(IngestError) as caught:
        parse_isolated(slow, 300, Limits(file_seconds=0.5))
    assert caught.value.path == "五万段.docx"
    assert "时间上限 0.5 秒" in caught.value.reason and "limits.file_seconds" in caught.value.advice
    assert parse_isolated(good(tmp_path), 300, Limits(file_seconds=0.5 + 60)).chunks


def test_a_file_needing_more_memory_than_the_worker_may_have_is_refused(tmp_path: Path) -> None:
    flat = tmp_path / "平铺.html"  # 200,000 paragraphs: a parse tree of several hundred MB
    flat.write_text("<html><body>" + "<p>示范县科技局</p>" * 200_000 + "</body></html>", encoding="utf-8")
    limits = Limits(worker_memory_mb=64, file_seconds=600)
    with pytest.raises(IngestError) as caught:
        parse_isolated(flat, 300, limits)
    assert caught.value.path == "平铺.html"
    assert "内存超过上限" in caught.value.reason and "64 MB" in caught.value.advice
    assert parse_isolated(good(tmp_path), 300, limits).chunks  # the next file is parsed as usual


def test_a_refused_file_is_not_what_its_twin_duplicates(tmp_path: Path) -> None:
    """Two files with the same broken bytes are both refused for what they are; neither is called a
    duplicate of a file that was never stored."""
    from assistant.config import Settings
    from assistant.knowledge import KnowledgeBase

    for name in ("坏文件.docx", "坏文件副本.docx"):
        (tmp_path / name).write_bytes(b"PK\x03\x04 not really a Word file")
    report = KnowledgeBase(Settings(home=tmp_path / "home")).ingest(sorted(tmp_path.glob("*.docx")))
    assert [o.status for o in report.outcomes] == ["failed", "failed"]
    assert all("损坏" in o.reason for o in report.outcomes), report.outcomes


def test_the_worker_reads_the_bureaus_own_lexicon(tmp_path: Path) -> None:
    """A bureau's lexicon folder (settings lexicon_dirs) counts in the worker too: its boilerplate goes."""
    from language import lexicon

    path = tmp_path / "通知.txt"
    path.write_text("示范县科技局通知\n一、创新券每家企业每年最高20万元。【本站编辑】\n", encoding="utf-8")
    own = tmp_path / "lexicon"
    own.mkdir()
    (own / "boilerplate.toml").write_text("inline = ['【本站编辑】']\n", encoding="utf-8")
    assert "【本站编辑】" in "".join(c.text for c in parse_isolated(path, 300, Limits()).chunks)
    lexicon.use_extra_dirs([own])
    try:
        assert "【本站编辑】" not in "".join(c.text for c in parse_isolated(path, 300, Limits()).chunks)
    finally:
        lexicon.use_extra_dirs([])
