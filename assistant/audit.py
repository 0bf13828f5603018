"""The audit log (留痕): every question, answer, citation set and feedback, in SQLite under settings.home."""

from __future__ import annotations

import csv
import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.clock import local_time
from assistant.config import Settings, UserSettings

if TYPE_CHECKING:
    from assistant.answer import Answer

SCHEMA = """
CREATE TABLE IF NOT EXISTS exchanges (
    id INTEGER PRIMARY KEY, time TEXT NOT NULL, user TEXT NOT NULL, role TEXT NOT NULL,
    conversation TEXT NOT NULL, kbs TEXT NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL,
    citations TEXT NOT NULL, mode TEXT NOT NULL, unverified TEXT NOT NULL, declined INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS logins (
    id INTEGER PRIMARY KEY, time TEXT NOT NULL, user TEXT NOT NULL, address TEXT NOT NULL, outcome TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY, exchange INTEGER NOT NULL REFERENCES exchanges(id),
    time TEXT NOT NULL, user TEXT NOT NULL, liked INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS charts (exchange INTEGER PRIMARY KEY REFERENCES exchanges(id), png BLOB NOT NULL);
"""
CSV_HEADER = [
    "编号", "时间", "用户", "角色", "会话", "知识库", "问题", "回答", "引用依据", "回答方式", "未核实数字",
    "是否拒答", "反馈",
]  # fmt: skip


LOGIN_OUTCOMES = {"ok": "登录成功", "failed": "口令错误", "locked": "口令错误，开始暂停登录", "refused": "暂停期间拒绝登录"}
FORMULA_START = tuple("=+-@\t\r")  # a cell starting so is run as a formula by Excel/WPS (CSV injection)


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


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


class AuditLog:
    """One SQLite file; a lock serialises writers so concurrent conversations never interleave a row."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)

    def record(self, user: UserSettings, conversation: str, kbs: list[str], answer: Answer) -> int:
        """Log one question and its answer; returns the exchange id that feedback refers to."""
        citations = [c.as_json() | {"chunk_id": c.chunk_id} for c in answer.citations]
        row = (
            _now(), user.name, user.role, conversation, json.dumps(kbs, ensure_ascii=False), answer.question,
            answer.text, json.dumps(citations, ensure_ascii=False), answer.mode,
            json.dumps(answer.unverified_numbers, ensure_ascii=False), int(answer.declined),
        )  # fmt: skip
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO exchanges (time, user, role, conversation, kbs, question, answer, citations, mode,"
                " unverified, declined) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            if answer.chart and Path(answer.chart).is_file():  # a figures answer's chart, as the user saw it
                self._db.execute("INSERT INTO charts VALUES (?, ?)", (cursor.lastrowid, Path(answer.chart).read_bytes()))
            return int(cursor.lastrowid)

    def chart(self, exchange: int) -> bytes | None:
        """The PNG chart shown with an exchange's answer, if it had one."""
        with self._lock:
            row = self._db.execute("SELECT png FROM charts WHERE exchange = ?", (exchange,)).fetchone()
        return row[0] if row else None

    def feedback(self, exchange: int, user: UserSettings, liked: bool) -> None:
        """👍 (liked) or 👎 on a logged exchange; a later vote by the same user supersedes the earlier one."""
        with self._lock:
            self._db.execute(
                "INSERT INTO feedback (exchange, time, user, liked) VALUES (?, ?, ?, ?)",
                (exchange, _now(), user.name, int(liked)),
            )

    def login_event(self, user: str, address: str, outcome: str) -> None:
        """A login attempt: ok, failed, locked (the failure that started a lockout) or refused (during one)."""
        with self._lock:
            self._db.execute(
                "INSERT INTO logins (time, user, address, outcome) VALUES (?, ?, ?, ?)", (_now(), user, address, outcome)
            )

    def login_events(self) -> list[LoginEvent]:
        with self._lock:
            rows = self._db.execute("SELECT time, user, address, outcome FROM logins ORDER BY id").fetchall()
        return [LoginEvent(*row) for row in rows]

    def exchanges(self) -> list[Exchange]:
        """All exchanges, oldest first, each with its latest feedback."""
        with self._lock:
            rows = self._db.execute(
                "SELECT e.*, (SELECT liked FROM feedback f WHERE f.exchange = e.id ORDER BY f.id DESC LIMIT 1)"
                " FROM exchanges e ORDER BY e.id"
            ).fetchall()
        return [
            Exchange(
                id, time, user, role, conversation, json.loads(kbs), question, answer, json.loads(citations),
                mode, json.loads(unverified), bool(declined), {1: "👍", 0: "👎"}.get(liked, ""),
            )  # fmt: skip
            for id, time, user, role, conversation, kbs, question, answer, citations, mode, unverified, declined, liked
            in rows
        ]

    def export_csv(self, path: Path, zone: str = "Asia/Shanghai") -> Path:
        """UTF-8 with a BOM, so Excel opens the Chinese text correctly; times in the bureau's time zone;
        no cell can run as a formula."""
        with open(path, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(CSV_HEADER)
            for e in self.exchanges():
                sources = "；".join(f"[{c['number']}] {c['source']} {c.get('section') or ''}".strip() for c in e.citations)
                writer.writerow(map(csv_cell, [
                    e.id, local_time(e.time, zone), e.user, {"staff": "工作人员", "enterprise": "企业"}.get(e.role, e.role),
                    e.conversation, "、".join(e.kbs), e.question, e.answer, sources,
                    {"llm": "大模型", "extractive": "摘录"}.get(e.mode, e.mode), "、".join(e.unverified),
                    "是" if e.declined else "否", e.feedback,
                ]))  # fmt: skip
        return path


def audit_log(settings: Settings) -> AuditLog:
    """The log at settings.home/audit.sqlite3."""
    return AuditLog(Path(settings.home) / "audit.sqlite3")
