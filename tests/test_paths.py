"""Walking a folder someone dropped in: links are never followed out of it or round in a loop; each bad link
is that file's error and the good files are all found."""

from __future__ import annotations

import os
from pathlib import Path

from assistant.paths import expand_paths
from ingest.model import IngestError


def test_links_out_dangling_and_looping_are_per_file_errors(tmp_path: Path) -> None:
    folder = tmp_path / "下级单位来件"
    (folder / "子目录").mkdir(parents=True)
    (folder / "通知.txt").write_text("通知", encoding="utf-8")
    (folder / "子目录" / "办法.txt").write_text("办法", encoding="utf-8")
    (tmp_path / "外面.txt").write_text("不该读", encoding="utf-8")
    os.symlink("/etc/hostname", folder / "主机名.txt")
    os.symlink(tmp_path / "外面.txt", folder / "外面的链接.txt")
    os.symlink("不存在.txt", folder / "失效.txt")
    os.symlink("循环.txt", folder / "循环.txt")
    os.symlink("..", folder / "子目录" / "up")  # loopdir/up → ..
    os.symlink("/etc", folder / "系统目录")
    os.symlink("通知.txt", folder / "通知的链接.txt")  # inside the folder: the file is read once
    os.symlink("子目录", folder / "子目录的链接")  # inside the folder: its files are read where they are

    items = expand_paths([folder])

    files = sorted(p.name for p in items if isinstance(p, Path))
    errors = {Path(e.path).name: e.reason for e in items if isinstance(e, IngestError)}
    assert files == ["办法.txt", "通知.txt"]
    assert set(errors) == {"主机名.txt", "外面的链接.txt", "失效.txt", "循环.txt", "up", "系统目录"}
    assert "/etc/hostname" in errors["主机名.txt"] and "之外" in errors["外面的链接.txt"]
    assert "失效或循环" in errors["失效.txt"] and "失效或循环" in errors["循环.txt"]
    assert "循环链接" in errors["up"]
