"""Two app replicas over one knowledge base: a document ingested through replica A is cited by replica B
within one refresh interval (B rebuilds its BM25 cache from Chroma when the version in the database
moves), removed through B it is no longer cited by A, and the audit log holds both replicas' exchanges.

Run twice: with a real `chroma run` server and a real PostgreSQL server (Debian's postgresql, started
here in a temporary directory), each replica with an empty home of its own; and with the single-machine
default, SQLite and embedded Chroma in one shared home. The answers must be the same."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from gradio_client import Client, handle_file

from app_server import AppUnderTest, running_app
from assistant.audit import audit_log
from assistant.config import Settings
from assistant.knowledge import KnowledgeBase
from local_servers import running_chroma, running_postgres

pytestmark = pytest.mark.slow
NOTICE_NAME = "揭榜挂帅通知.txt"
DOC_NUMBER = "示县科〔2025〕91号"
# Only BM25 finds it: the 文号 is a string of characters no embedding places near the question's meaning.
QUESTION = f"{DOC_NUMBER}通知里每个项目最高资助多少？"
NOTICE = f"""示范县科学技术局关于开展2025年度揭榜挂帅项目申报工作的通知

{DOC_NUMBER}

各乡镇人民政府，县直有关单位，各有关企业：

一、支持方向
围绕县域主导产业中的关键共性技术难题，面向全社会张榜招贤。

二、支持方式
经评审立项的揭榜项目，每个项目最高资助150万元，分两期拨付。

三、申报时间
申报截止时间为2025年9月30日。

示范县科学技术局
2025年8月1日
"""
ANSWERS: dict[str, list[str]] = {}  # mode → what the replicas answered, compared across modes


@contextmanager
def two_replicas(mode: str, root: Path) -> Iterator[tuple[AppUnderTest, AppUnderTest, Settings]]:
    """Replicas A and B, and settings that reach the database they share."""
    config = root / "bureau.toml"
    config.write_text("", encoding="utf-8")
    env: dict[str, str] = {}
    with ExitStack() as stack:
        if mode == "postgresql+chroma-server":
            url = stack.enter_context(running_postgres())
            port = stack.enter_context(running_chroma(root / "chroma-server"))
            env |= {"BUREAU_DATABASE__URL": url, "BUREAU_CHROMA__MODE": "server", "BUREAU_CHROMA__PORT": str(port)}
            homes = [root / "replica-a", root / "replica-b"]  # nothing shared on disk
            shared = Settings(home=root / "reader", database={"url": url})
        else:
            homes = [root / "home", root / "home"]  # SQLite and embedded Chroma in one folder
            shared = Settings(home=homes[0])
        a = stack.enter_context(running_app(homes[0], config, root / "a.log", env))
        b = stack.enter_context(running_app(homes[1], config, root / "b.log", env))
        yield a, b, shared


def port_of(address: str) -> str:
    """"host:port" of an audit row, or an app's URL → the port."""
    return address.rstrip("/").rsplit(":", 1)[1]


def ask(app: AppUnderTest, question: str) -> tuple[str, str]:
    """The final answer text and the 依据 panel's HTML."""
    client = Client(app.url, verbose=False, download_files=False)
    history, sources, _ = client.predict(question, [], [], "全部", "全部", api_name="/ask")
    content = history[-1]["content"]
    return (content if isinstance(content, str) else "".join(p.get("text", "") for p in content)), sources


@pytest.mark.parametrize("mode", ["postgresql+chroma-server", "sqlite+embedded"])
def test_a_document_ingested_through_one_replica_is_cited_by_the_other(mode: str, tmp_path: Path) -> None:
    notice = tmp_path / NOTICE_NAME
    notice.write_text(NOTICE, encoding="utf-8")
    with two_replicas(mode, tmp_path) as (a, b, shared):
        before, _ = ask(b, QUESTION)
        assert "150万元" not in before

        outcomes, *_ = Client(a.url, verbose=False).predict([handle_file(str(notice))], "default", api_name="/ingest")
        assert NOTICE_NAME in str(outcomes) and "新增" in str(outcomes)
        dense = [r.source for r in KnowledgeBase(shared).search(QUESTION, 5, mode="dense")]
        assert NOTICE_NAME not in dense  # the dense half alone does not find it: B needs its BM25 cache
        cited, sources = ask(b, QUESTION)
        assert "150万元" in cited and "[1]" in cited and NOTICE_NAME in sources

        Client(b.url, verbose=False).predict("default", NOTICE_NAME, api_name="/remove")
        after, sources = ask(a, QUESTION)
        assert "150万元" not in after and NOTICE_NAME not in sources

        rows = [row for row in audit_log(shared).exchanges() if row.question == QUESTION]
        assert [port_of(row.replica) for row in rows] == [port_of(b.url), port_of(b.url), port_of(a.url)]
        assert [any(c["source"] == NOTICE_NAME for c in row.citations) for row in rows] == [False, True, False]
    ANSWERS[mode] = [before, cited, after]
    if len(ANSWERS) == 2:
        assert ANSWERS["postgresql+chroma-server"] == ANSWERS["sqlite+embedded"]
