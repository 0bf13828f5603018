"""Uploaded names can never write outside the upload folder; Chinese names are kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.web.uploads import safe_name, store_upload, uploads_dir


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("a/../../x.txt", "x.txt"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("..", "未命名文件"),
        ("/", "未命名文件"),
        ("示范县\x00科技\x1b局.docx", "示范县科技局.docx"),
        (".hidden.txt", "hidden.txt"),
        ('报告<1>:"终稿"?.pdf', "报告_1___终稿__.pdf"),
        ("2024年 工作总结.docx", "2024年 工作总结.docx"),
    ],
)
def test_safe_name(name: str, expected: str) -> None:
    assert safe_name(name) == expected


def test_long_names_keep_their_extension() -> None:
    name = safe_name("很" * 200 + ".docx")
    assert name.endswith("很.docx") and len(name.encode("utf-8")) <= 200


@pytest.mark.parametrize("hostile", ["../../etc/passwd", "a/../../x.txt", "../uploads2/evil.txt", "..", "/tmp/abs.txt"])
def test_hostile_names_stay_inside_the_upload_folder(tmp_path: Path, hostile: str) -> None:
    settings = Settings(home=tmp_path / "home")
    source = tmp_path / "upload.tmp"
    source.write_text("内容", encoding="utf-8")
    stored = store_upload(settings, "default", source, hostile)
    folder = uploads_dir(settings, "default")
    assert stored.parent == folder and stored.read_text(encoding="utf-8") == "内容"
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p != source]
    assert written == [stored]  # nothing anywhere else


def test_a_discarded_upload_is_gone_and_names_cannot_leave_the_folder(tmp_path: Path) -> None:
    from assistant.web.uploads import discard_upload

    settings = Settings(home=tmp_path)
    source = tmp_path / "a.txt"
    source.write_text("正文", encoding="utf-8")
    stored = store_upload(settings, "default", source, "办法.txt")
    outside = tmp_path / "keep.txt"
    outside.write_text("不能删", encoding="utf-8")
    assert discard_upload(settings, "default", "../../keep.txt") is False and outside.exists()
    assert discard_upload(settings, "default", "办法.txt") is True and not stored.exists()
    assert discard_upload(settings, "default", "办法.txt") is False
