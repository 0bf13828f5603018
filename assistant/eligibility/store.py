"""Extracted rules kept per policy file version, and the staff's corrections to them, in the bureau's
database (every replica sees a correction). A correction stays until the file itself changes (then the
rules are read again). Every confirmation and reset is kept as a numbered review, with the rules as
confirmed, so that what enterprises were judged by, and what a re-read changed, can be shown."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Engine

from assistant.eligibility.model import PolicyRules
from language.lexicon import LEXICON_DIR
from vectorstore.database import upsert
from vectorstore.schema import policy_rule_reviews, policy_rules

READING = ("clauses.py", "conditions.py", "benefits.py", "policy.py", "reading.py", "model.py", "scope.py")


def _reader_version() -> str:
    """Changes whenever the reading code or the eligibility lexicon changes, so stored readings are redone."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in [*(here / name for name in READING), LEXICON_DIR / "eligibility.toml"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


READER_VERSION = _reader_version()


@dataclass
class Review:
    """One staff review of a policy's rules."""

    version: int
    action: str  # "confirmed" (the rules as they are now, edited or not) | "reset" (back to the file)
    time: str
    user: str
    content_hash: str  # the file's hash when the rules were confirmed
    rules: dict | None  # as confirmed; None for a reset
    changes: list[str]  # the edits, as a person reads them


def _now(timespec: str = "seconds") -> str:
    return datetime.now().astimezone().isoformat(timespec=timespec)


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
        with self.engine.begin() as conn:
            upsert(conn, policy_rules, self._row(kb, rules, content_hash, corrected_by))

    @staticmethod
    def _row(kb: str, rules: PolicyRules, content_hash: str, corrected_by: str) -> dict[str, object]:
        return {
            "kb": kb, "source": rules.source, "doc_id": rules.doc_id, "content_hash": f"{content_hash}:{READER_VERSION}",
            "rules": json.dumps(rules.as_dict(), ensure_ascii=False), "corrected_by": corrected_by,
            "corrected_at": _now("microseconds") if corrected_by else "",  # two confirmations in one second differ
        }  # fmt: skip

    def confirm(self, kb: str, rules: PolicyRules, part: int, content_hash: str, user: str, changes: list[str]) -> Review:
        """Keep these rules for this file (until it changes) as a staff member confirmed them, and record the
        confirmation as the policy's next review version — both or neither."""
        with self.engine.begin() as conn:
            upsert(conn, policy_rules, self._row(kb, rules, content_hash, user))
            return self._record(conn, kb, (rules.source, part, rules.doc_id), "confirmed", user, content_hash, rules.as_dict(),
                                changes)  # fmt: skip

    def _record(self, conn, kb: str, document: tuple[str, int, str], action: str, user: str, content_hash: str,  # noqa: ANN001
                rules: dict | None, changes: list[str]) -> Review:  # fmt: skip
        source, part, doc_id = document
        key = (policy_rule_reviews.c.kb == kb, policy_rule_reviews.c.source == source, policy_rule_reviews.c.part == part)
        version = (conn.execute(select(func.max(policy_rule_reviews.c.version)).where(*key)).scalar() or 0) + 1
        review = Review(version, action, _now(), user, content_hash, rules, changes)
        conn.execute(insert(policy_rule_reviews).values(
            kb=kb, source=source, part=part, doc_id=doc_id, version=version, action=action, time=review.time, user=user,
            content_hash=content_hash, rules="" if rules is None else json.dumps(rules, ensure_ascii=False),
            changes=json.dumps(changes, ensure_ascii=False),
        ))  # fmt: skip
        return review

    def reviews(self, kb: str, source: str, part: int) -> list[Review]:
        """A policy's reviews (the document `part` of a file, whatever its version), newest first."""
        c = policy_rule_reviews.c
        query = (
            select(c.version, c.action, c.time, c.user, c.content_hash, c.rules, c.changes)
            .where(c.kb == kb, c.source == source, c.part == part)
            .order_by(c.version.desc())
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [Review(v, a, t, u, h, json.loads(r) if r else None, json.loads(ch)) for v, a, t, u, h, r, ch in rows]

    def revision(self, kb: str) -> str:
        """Changes whenever a staff member confirms or resets a policy of the knowledge base (any process)."""
        query = select(func.count(), func.max(policy_rules.c.corrected_at)).where(
            policy_rules.c.kb == kb, policy_rules.c.corrected_by != ""
        )
        with self.engine.connect() as conn:
            count, latest = conn.execute(query).one()
        return f"{count}:{latest}"

    def forget(self, kb: str, source: str, document: tuple[int, str], user: str, content_hash: str) -> Review:
        """Drop a correction (the next check reads the file again), recorded as the policy's next review."""
        part, doc_id = document
        with self.engine.begin() as conn:
            conn.execute(delete(policy_rules).where(policy_rules.c.kb == kb, policy_rules.c.source == source,
                                                    policy_rules.c.doc_id == doc_id))  # fmt: skip
            return self._record(conn, kb, (source, part, doc_id), "reset", user, content_hash, None, [])
