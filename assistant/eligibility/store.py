"""Extracted rules kept per policy file version, and the staff's corrections to them, in the bureau's
database (every replica sees a correction). A correction stays until the file itself changes (then the
rules are read again)."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine

from assistant.eligibility.model import PolicyRules
from language.lexicon import LEXICON_DIR
from vectorstore.database import upsert
from vectorstore.schema import policy_rules

READING = ("clauses.py", "conditions.py", "benefits.py", "policy.py", "reading.py", "model.py")


def _reader_version() -> str:
    """Changes whenever the reading code or the eligibility lexicon changes, so stored readings are redone."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in [*(here / name for name in READING), LEXICON_DIR / "eligibility.toml"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


READER_VERSION = _reader_version()


class RulesStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, kb: str, source: str, doc_id: str, content_hash: str) -> PolicyRules | None:
        """The stored reading of this version of the file (a correction always counts)."""
        query = select(policy_rules.c.content_hash, policy_rules.c.rules, policy_rules.c.corrected_by).where(
            policy_rules.c.kb == kb, policy_rules.c.source == source, policy_rules.c.doc_id == doc_id
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        stored_hash, data, corrected_by = row
        if stored_hash != f"{content_hash}:{READER_VERSION}" and not (corrected_by and stored_hash.startswith(content_hash)):
            return None
        return PolicyRules.from_dict(json.loads(data))

    def put(self, kb: str, rules: PolicyRules, content_hash: str, corrected_by: str = "") -> None:
        row = {
            "kb": kb, "source": rules.source, "doc_id": rules.doc_id, "content_hash": f"{content_hash}:{READER_VERSION}",
            "rules": json.dumps(rules.as_dict(), ensure_ascii=False), "corrected_by": corrected_by,
            "corrected_at": datetime.now().astimezone().isoformat(timespec="seconds") if corrected_by else "",
        }  # fmt: skip
        with self.engine.begin() as conn:
            upsert(conn, policy_rules, row)

    def revision(self, kb: str) -> str:
        """Changes whenever a staff member corrects or resets a policy of the knowledge base (any process)."""
        query = select(func.count(), func.max(policy_rules.c.corrected_at)).where(
            policy_rules.c.kb == kb, policy_rules.c.corrected_by != ""
        )
        with self.engine.connect() as conn:
            count, latest = conn.execute(query).one()
        return f"{count}:{latest}"

    def forget(self, kb: str, source: str) -> None:
        """Drop a correction (the next check reads the file again)."""
        with self.engine.begin() as conn:
            conn.execute(delete(policy_rules).where(policy_rules.c.kb == kb, policy_rules.c.source == source))
