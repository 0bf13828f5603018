"""The audit log (留痕): every question, answer, citation set and feedback, in the bureau's database
(SQLite under settings.home, or the PostgreSQL server that every replica shares)."""

from __future__ import annotations

import csv
import hashlib
import json
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from assistant.answer.citations import markers
from assistant.answer.model import Answer
from assistant.clock import local_time
from assistant.config import Settings, UserSettings
from assistant.labels import labels
from vectorstore.database import open_database
from vectorstore.schema import charts, exchanges, feedback, logins

CSV_HEADER: list[str] = labels("audit")["csv_header"]


LOGIN_OUTCOMES: dict[str, str] = labels("audit")["login_outcomes"]
FORMULA_START = tuple("=+-@\t\r")  # a cell starting so is run as a formula by Excel/WPS (CSV injection)
TEXT_CHARS = 4000  # a question or answer longer than this is stored as an excerpt, its length and its hash
CITATION_CHARS = 300  # a cited passage is stored as an excerpt this long: the CSV names the source, not the text
MAX_CITATIONS = 100  # a row lists at most this many citations (an eligibility check cites every clause it judged)


def bounded(text: str, limit: int = TEXT_CHARS) -> str:
    """`text` itself when it fits, else its beginning, its length and its SHA-256 (to match it against a
    copy the user kept): no row of the log grows with what a client sends or a document holds."""
    if len(text) <= limit:
        return text
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return f"{text[: limit // 2]}……【全文 {len(text)} 字，已截断；SHA-256 {digest}】"


def _citation_row(citation: dict[str, object]) -> dict[str, object]:
    return {k: bounded(v, CITATION_CHARS) if isinstance(v, str) else v for k, v in citation.items()}


def csv_cell(value: object) -> object:
    """Text a spreadsheet would read as a formula gets a leading apostrophe, so it shows as text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


@dataclass
class LoginEvent:
    time: str
    user: str
    address: str
    outcome: str  # a key of LOGIN_OUTCOMES


@dataclass
class Exchange:
    id: int
    time: str
    user: str
    role: str
    conversation: str
    kbs: list[str]
    question: str
    answer: str
    citations: list[dict[str, object]]
    mode: str
    unverified: list[str]
    declined: bool
    feedback: str  # "👍", "👎" or "" — the latest one counts
    replica: str  # the app process that answered (host:port)


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


class AuditLog:
    """Rows in the bureau's database, written by every app process (replica) that answers."""

    def __init__(self, engine: Engine, replica: str = "") -> None:
        self.engine, self.replica = engine, replica

    def record(self, user: UserSettings, conversation: str, kbs: list[str], answer: Answer, chart: bytes | None = None) -> int:
        """Log one question and its answer (with `chart`, the PNG of its chart as the front end drew it);
        returns the exchange id that feedback refers to."""
        citations = [_citation_row(c.as_json() | {"chunk_id": c.chunk_id}) for c in answer.citations[:MAX_CITATIONS]]
        row = {
            "time": _now(), "user": user.name, "role": user.role, "conversation": conversation,
            "kbs": json.dumps(kbs, ensure_ascii=False), "question": bounded(answer.question), "answer": bounded(answer.text),
            "citations": json.dumps(citations, ensure_ascii=False), "mode": answer.mode,
            "unverified": json.dumps(answer.unverified_numbers, ensure_ascii=False), "declined": answer.declined,
            "replica": self.replica,
        }  # fmt: skip
        with self.engine.begin() as conn:
            exchange = int(conn.execute(insert(exchanges).values(row)).inserted_primary_key[0])
            if chart:  # a figures answer's chart, as the user saw it
                conn.execute(insert(charts).values(exchange=exchange, png=chart))
            return exchange

    def chart(self, exchange: int) -> bytes | None:
        """The PNG chart shown with an exchange's answer, if it had one."""
        with self.engine.connect() as conn:
            return conn.execute(select(charts.c.png).where(charts.c.exchange == exchange)).scalar()

    def feedback(self, exchange: int, user: UserSettings, liked: bool) -> None:
        """👍 (liked) or 👎 on a logged exchange; a later vote by the same user supersedes the earlier one."""
        with self.engine.begin() as conn:
            conn.execute(insert(feedback).values(exchange=exchange, time=_now(), user=user.name, liked=liked))

    def login_event(self, user: str, address: str, outcome: str) -> None:
        """A login attempt: ok, failed, locked (the failure that started a lockout) or refused (during one)."""
        with self.engine.begin() as conn:
            conn.execute(
                insert(logins).values(time=_now(), user=user, address=address, outcome=outcome, replica=self.replica)
            )

    def login_events(self) -> list[LoginEvent]:
        query = select(logins.c.time, logins.c.user, logins.c.address, logins.c.outcome).order_by(logins.c.id)
        with self.engine.connect() as conn:
            return [LoginEvent(*row) for row in conn.execute(query)]

    def exchanges(self) -> list[Exchange]:
        """All exchanges, oldest first, each with its latest feedback."""
        latest = (
            select(feedback.c.liked)
            .where(feedback.c.exchange == exchanges.c.id)
            .order_by(feedback.c.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        with self.engine.connect() as conn:
            rows = conn.execute(select(exchanges, latest).order_by(exchanges.c.id)).all()
        return [
            Exchange(
                id, time, user, role, conversation, json.loads(kbs), question, answer, json.loads(citations),
                mode, json.loads(unverified), bool(declined), {True: "👍", False: "👎"}.get(liked, ""), replica,
            )  # fmt: skip
            for id, time, user, role, conversation, kbs, question, answer, citations, mode, unverified, declined,
            replica, liked in rows
        ]

    def export_csv(self, path: Path, zone: str = "Asia/Shanghai", kb_labels: Mapping[str, str] | None = None) -> Path:
        """UTF-8 with a BOM, so Excel opens the Chinese text correctly; times in the bureau's time zone;
        knowledge bases by the names people see (`app.kb_labels`: default → 公共知识库); no cell can run
        as a formula."""
        labels = kb_labels or {}
        with open(path, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(CSV_HEADER)
            for e in self.exchanges():
                sources = "；".join(f"{markers([c['number']])} {c['source']} {c.get('section') or ''}".strip() for c in e.citations)
                writer.writerow(map(csv_cell, [
                    e.id, local_time(e.time, zone), e.user, {"staff": "工作人员", "enterprise": "企业"}.get(e.role, e.role),
                    e.conversation, "、".join(labels.get(kb, kb) for kb in e.kbs), e.question, e.answer, sources,
                    {"llm": "大模型", "extractive": "摘录"}.get(e.mode, e.mode), "、".join(e.unverified),
                    "是" if e.declined else "否", e.feedback,
                ]))  # fmt: skip
        return path


def audit_log(settings: Settings) -> AuditLog:
    """The log in the configured database; this process signs its rows with its host name and port."""
    return AuditLog(open_database(settings.database_url), f"{socket.gethostname()}:{settings.app.port}")
