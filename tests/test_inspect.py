"""`bureau inspect` on real files: metadata, heading tree and chunks a person can judge."""

from __future__ import annotations

import pytest
from rich.console import Console
from typer.testing import CliRunner

from assistant.terminal import cli
from conftest import POLICIES, SEEDS


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):
    """Invoke `bureau` with a console wide enough that no chunk wraps."""
    monkeypatch.setattr(cli, "console", Console(width=1000, color_system=None))

    def invoke(*args: str):
        return CliRunner().invoke(cli.app, list(args))

    return invoke


def test_inspect_a_word_policy_shows_metadata_chapters_and_articles(run):
    result = run("inspect", str(POLICIES / "示范县专利资助与奖励办法.docx"))
    assert result.exit_code == 0, result.output
    for expected in ("示县科〔2023〕45号", "2024-01-01", "文号", "施行日期", "标题层级", "第二章", "第五条"):
        assert expected in result.output
    row = next(line for line in result.output.splitlines() if "每件资助1000元" in line)
    assert "第五条" in row


def test_inspect_a_seed_shows_the_heading_tree_and_chunks(run):
    result = run("inspect", str(SEEDS / "004_8b0321ef3d32d5f2.txt"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    top = next(line for line in lines if line.rstrip().endswith("一、上半年工作总结"))
    nested = next(line for line in lines if line.rstrip().endswith("1、目标责任完成情况"))
    assert nested.index("1、") > top.index("一、")
    row = next(line for line in lines if "比值为25.6%" in line)
    assert "一、上半年工作总结 › 1、目标责任完成情况" in row
    assert "切分段落" in result.output


def test_inspect_without_chunks_lists_no_passages(run):
    result = run("inspect", "--no-chunks", str(SEEDS / "004_8b0321ef3d32d5f2.txt"))
    assert result.exit_code == 0
    assert "标题层级" in result.output and "切分段落" not in result.output
