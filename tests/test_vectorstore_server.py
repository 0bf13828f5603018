"""Server mode: the knowledge base against a real `chroma run` process on the loopback address."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Settings, load_settings
from assistant.knowledge import KnowledgeBase
from benchmarks.common import holds_evidence
from conftest import SEEDS
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
