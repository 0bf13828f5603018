"""Extracted rules kept per policy file version, and the staff's corrections to them, in SQLite under
settings.home. A correction stays until the file itself changes (then the rules are read again)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from datetime import datetime
from pathlib import Path

from assistant.eligibility.model import PolicyRules
from language.lexicon import LEXICON_DIR

READING = ("clauses.py", "conditions.py", "benefits.py", "policy.py", "reading.py", "model.py")

SCHEMA = """
CREATE TABLE IF NOT EXISTS rules (
    kb TEXT NOT NULL, source TEXT NOT NULL, doc_id TEXT NOT NULL, content_hash TEXT NOT NULL,
    rules TEXT NOT NULL, corrected_by TEXT NOT NULL DEFAULT '', corrected_at TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kb, source, doc_id)
);
"""


def _reader_version() -> str:
    """Changes whenever the reading code or the eligibility lexicon changes, so stored readings are redone."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in [*(here / name for name in READING), LEXICON_DIR / "eligibility.toml"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


READER_VERSION = _reader_version()


class RulesStore:
    def __init__(self, home: Path) -> None:
        path = Path(home) / "eligibility.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)

    def get(self, kb: str, source: str, doc_id: str, content_hash: str) -> PolicyRules | None:
        """The stored reading of this version of the file (a correction always counts)."""
        with self._lock:
            row = self._db.execute(
                "SELECT content_hash, rules, corrected_by FROM rules WHERE kb = ? AND source = ? AND doc_id = ?",
                (kb, source, doc_id),
            ).fetchone()
        if row is None:
            return None
        stored_hash, data, corrected_by = row
        if stored_hash != f"{content_hash}:{READER_VERSION}" and not (corrected_by and stored_hash.startswith(content_hash)):
            return None
        return PolicyRules.from_dict(json.loads(data))

    def put(self, kb: str, rules: PolicyRules, content_hash: str, corrected_by: str = "") -> None:
        row = (kb, rules.source, rules.doc_id, f"{content_hash}:{READER_VERSION}",
               json.dumps(rules.as_dict(), ensure_ascii=False), corrected_by,
               datetime.now().astimezone().isoformat(timespec="seconds") if corrected_by else "")  # fmt: skip
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO rules VALUES (?, ?, ?, ?, ?, ?, ?)", row)

    def revision(self, kb: str) -> str:
        """Changes whenever a staff member corrects or resets a policy of the knowledge base (any process)."""
        with self._lock:
            count, latest = self._db.execute(
                "SELECT COUNT(*), MAX(corrected_at) FROM rules WHERE kb = ? AND corrected_by != ''", (kb,)
            ).fetchone()
        return f"{count}:{latest}"

    def forget(self, kb: str, source: str) -> None:
        """Drop a correction (the next check reads the file again)."""
        with self._lock:
            self._db.execute("DELETE FROM rules WHERE kb = ? AND source = ?", (kb, source))
