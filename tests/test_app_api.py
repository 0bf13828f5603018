"""The app through its HTTP API (gradio_client), as a script or a curious enterprise user would call it:
enterprise accounts never get internal passages nor document management, every exchange is audited, and
ten conversations at once are all answered without mixing."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from gradio_client import Client

from app_server import FIRM, INTERNAL_KB, SECRET, SECRET_QUESTION, STAFF, AppUnderTest, build_home, running_app
from assistant.audit import audit_log
from local_servers import patient

pytestmark = pytest.mark.slow
ASK = "/ask"
PUBLIC_QUESTION = "创新券的申领条件是什么？"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppUnderTest]:
    root = tmp_path_factory.mktemp("app_api")
    home, config = build_home(root)
    with running_app(home, config, root / "app.log") as app:
        yield app


def login(server: AppUnderTest, user: tuple[str, str]) -> Client:
    # gradio_client's own requests (login, config) wait 5 s unless told: stretched by the load, too
    return Client(server.url, auth=user, verbose=False, download_files=False, httpx_kwargs={"timeout": patient(60)})


def ask(client: Client, question: str, kbs: list[str] | None = None) -> tuple[str, str]:
    """The final answer text and the 依据 panel's HTML."""
    history, sources, _ = client.predict(question, [], kbs or [], "全部", "全部", api_name=ASK)
    return message_text(history[-1]), sources


def message_text(message: dict) -> str:
    content = message["content"]
    return content if isinstance(content, str) else "".join(part.get("text", "") for part in content)


def test_a_wrong_password_is_refused(server: AppUnderTest) -> None:
    with pytest.raises(Exception):  # noqa: B017 — gradio_client raises a plain ValueError/HTTP error here
        login(server, (FIRM[0], "wrong"))


def test_staff_get_the_internal_passage_with_its_citation(server: AppUnderTest) -> None:
    text, sources = ask(login(server, STAFF), SECRET_QUESTION)
    assert "80万元" in text and "[1]" in text
    assert SECRET in sources.replace("<mark>", "").replace("</mark>", "")
    assert f"知识库：{INTERNAL_KB}" in sources


def test_enterprise_never_receives_internal_passages(server: AppUnderTest) -> None:
    firm = login(server, FIRM)
    for kbs in ([], [INTERNAL_KB], ["default", INTERNAL_KB]):  # even when asking for the internal one by name
        text, sources = ask(firm, SECRET_QUESTION, kbs)
        assert "80万元" not in text and "星河光电" not in sources and INTERNAL_KB not in sources
    text, sources = ask(firm, PUBLIC_QUESTION, [INTERNAL_KB])
    assert "[1]" in text and "示范县科技创新券管理办法.pdf" in sources  # the public knowledge base still answers
    loaded = firm.predict(api_name="/on_load")
    assert INTERNAL_KB not in str(loaded)
    assert INTERNAL_KB not in firm.predict(api_name="/status")


@pytest.mark.parametrize(
    ("endpoint", "args"),
    [("/documents", [INTERNAL_KB]), ("/remove", [INTERNAL_KB, "内部工作备忘.txt"]), ("/reindex", [INTERNAL_KB]),
     ("/export_audit", []), ("/draft", [None, "知识产权"])],
)  # fmt: skip
def test_enterprise_cannot_manage_documents_through_the_api(server: AppUnderTest, endpoint: str, args: list) -> None:
    with pytest.raises(httpx.HTTPStatusError) as refused:  # the web guard refuses it before Gradio runs it
        login(server, FIRM).predict(*args, api_name=endpoint)
    assert refused.value.response.status_code == 403 and "无权" in refused.value.response.json()["detail"]
    assert "内部工作备忘.txt" in str(login(server, STAFF).predict(INTERNAL_KB, api_name="/documents"))


def test_staff_draft_a_section_and_download_it_as_docx(server: AppUnderTest) -> None:
    staff = login(server, STAFF)
    title, text, facts, report, *_ = staff.predict(None, "知识产权", api_name="/draft")
    assert text.startswith("一、") and "同比增长" in text and "主要指标!" in str(facts) and "起草" in report
    edited = text.replace("同比增长", "同比增长（修改）", 1)
    document = staff.predict(title, edited, api_name="/export_draft")
    assert Path(document["value"]["path"]).suffix == ".docx", document


def test_answers_stream_in_pieces(server: AppUnderTest) -> None:
    job = login(server, STAFF).submit(PUBLIC_QUESTION, [], [], "全部", "全部", api_name=ASK)
    job.result(timeout=patient(60))
    partial = [message_text(out[0][-1]) for out in job.outputs()]
    assert len(partial) >= 3 and partial[-1].startswith(partial[-2][:10])


def test_every_exchange_is_in_the_audit_log(server: AppUnderTest) -> None:
    before = len(audit_log(server.settings).exchanges())
    staff, firm = login(server, STAFF), login(server, FIRM)
    ask(staff, PUBLIC_QUESTION)
    ask(firm, SECRET_QUESTION)
    rows = audit_log(server.settings).exchanges()[before:]
    assert [(r.user, r.role, r.question) for r in rows] == [
        (STAFF[0], "staff", PUBLIC_QUESTION), (FIRM[0], "enterprise", SECRET_QUESTION),
    ]  # fmt: skip
    assert rows[0].citations and rows[0].citations[0]["source"] == "示范县科技创新券管理办法.pdf"
    assert rows[1].kbs == ["default"] and all(c["kb"] == "default" for c in rows[1].citations)
    csv_path = Path(login(server, STAFF).predict(api_name="/export_audit")["path"])  # same machine
    assert PUBLIC_QUESTION in csv_path.read_text(encoding="utf-8-sig")


def test_ten_conversations_at_once_are_answered_without_mixing(server: AppUnderTest) -> None:
    questions = ["创新券的申领条件是什么？", "发明专利每件资助多少？", "创新券可以用于哪些服务？",
                 "专利资助需要提交哪些材料？", "创新券的有效期是多久？"]  # fmt: skip
    before = len(audit_log(server.settings).exchanges())

    def conversation(n: int) -> tuple[list[str], float]:
        client, asked, history = login(server, STAFF if n % 2 else FIRM), [], []
        start = time.monotonic()
        for turn in range(2):
            question = f"{questions[(n + turn) % len(questions)]}（会话{n}）"
            history, _, _ = client.predict(question, history, [], "全部", "全部", api_name=ASK)
            asked.append(question)
        assert [message_text(m) for m in history if m["role"] == "user"] == asked
        return asked, time.monotonic() - start

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(conversation, range(10), timeout=patient(300)))
    elapsed = time.monotonic() - started
    rows = audit_log(server.settings).exchanges()[before:]
    assert len(rows) == 20 and all(r.answer for r in rows)
    by_conversation: dict[str, list[str]] = {}
    for row in rows:
        by_conversation.setdefault(row.conversation, []).append(row.question)
    assert sorted(by_conversation.values()) == sorted(asked for asked, _ in results)  # one server-side conversation each
    # How long they took depends on what else the machine runs: printed, never asserted (speed lives in benchmarks/)
    print(f"10 conversations × 2 questions: {elapsed:.1f} s wall, slowest {max(t for _, t in results):.1f} s")
