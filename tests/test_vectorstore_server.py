"""Server mode: the knowledge base against a real `chroma run` process on the loopback address."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Settings, load_settings
from assistant.knowledge import KnowledgeBase
from benchmarks.common import holds_evidence
from conftest import POLICIES, SEEDS
from local_servers import free_port, running_chroma
from vectorstore.chroma_store import ChromaUnavailableError

pytestmark = pytest.mark.slow
SEED = SEEDS / "002_3b41ed0b22b5540a.txt"


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    with running_chroma(tmp_path_factory.mktemp("chroma-server")) as port:
        yield port


def server_settings(home: Path, port: int) -> Settings:
    return load_settings(home=home, chroma={"mode": "server", "host": "127.0.0.1", "port": port})


def test_ingest_search_and_remove_through_a_chroma_server(chroma_server, tmp_path):
    kb = KnowledgeBase(server_settings(tmp_path, chroma_server), "服务器")
    report = kb.ingest([SEED])
    assert [o.status for o in report.outcomes] == ["added"]
    assert not (tmp_path / "chroma").exists()  # the vectors live on the server
    results = kb.search("上半年登记了多少家省级科技型中小企业？", 5)
    assert any(holds_evidence(r.text, ["省级科技型中小企业登记29家"]) for r in results)
    assert kb.index.dense.ids() == set(kb.manifest.chunk_ids())
    kb.remove(SEED.name)
    assert kb.index.dense.ids() == set() and kb.search("科技型中小企业", 5) == []


def test_a_server_that_is_down_is_reported_in_chinese(tmp_path):
    kb = KnowledgeBase(server_settings(tmp_path, free_port()), "服务器")
    with pytest.raises(ChromaUnavailableError, match="无法连接 Chroma 服务"):
        kb.search("科技", 5)


def test_what_another_process_ingests_through_the_server_is_found_at_the_next_search(chroma_server, tmp_path):
    # No window: the server holds one index for every client, and the manifest's version (read at each
    # search) tells this process to rebuild its BM25 cache.
    settings = server_settings(tmp_path, chroma_server)
    running = KnowledgeBase(settings, "服务器并发")
    running.ingest([SEED])
    running.search("科技", 5)
    policy = tmp_path / "示范县高新技术企业培育和奖励实施细则.txt"
    policy.write_text((POLICIES / policy.name).read_text(encoding="gb18030"), encoding="utf-8")
    env = os.environ | {"BUREAU_HOME": str(tmp_path), "BUREAU_CHROMA__MODE": "server", "BUREAU_CHROMA__PORT": str(chroma_server)}
    command = [sys.executable, "-c", "from assistant.terminal.cli import main; main()", "ingest", str(policy), "--kb", "服务器并发"]
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=600)
    for mode in ("dense", "bm25", "hybrid"):
        assert policy.name in {r.source for r in running.search("高新技术企业培育和奖励", 5, mode=mode)}
