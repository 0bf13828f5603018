"""Eligibility checks over the policies of the readable knowledge bases: read (once per file version)
each policy's rules, find the policies a check is about, judge them and write the check to the audit log."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from assistant.answer.model import Answer, Citation
from assistant.audit import audit_log
from assistant.config import Settings, UserSettings
from assistant.eligibility.facts import read_facts
from assistant.eligibility.model import Check, Facts, PolicyRules, PolicyVerdict
from assistant.eligibility.policy import locality_of, read_policy
from assistant.eligibility.reading import cue_list
from assistant.eligibility.store import RulesStore
from assistant.eligibility.verdict import judge
from assistant.eligibility_view import checklist_markdown
from assistant.knowledge import KnowledgeBase
from vectorstore.database import open_database

MIN_TITLE_MATCH = 3  # characters a question shares with a policy's own title words to be about it


@dataclass
class Policy:
    kb: str
    rules: PolicyRules


class PolicyNotFoundError(LookupError):
    def __init__(self, word: str, titles: list[str]) -> None:
        known = "、".join(f"《{t}》" for t in titles) or "（知识库中还没有政策文件）"
        super().__init__(f"没有标题含“{word}”的政策。可选的政策：{known}")


def title_core(title: str) -> str:
    """A title's own words: without its place and kind (示范县科技创新券管理办法 → 科技创新券)."""
    core = title.removeprefix(locality_of(title))
    for affix in sorted(cue_list("title_affixes"), key=len, reverse=True):
        core = core.replace(affix, "")
    return core or title


def is_policy(metadata: dict[str, object]) -> bool:
    return str(metadata.get("doc_type", "")) in cue_list("policy_types")


class Eligibility:
    """Checks for one set of knowledge bases (what the user may read, and nothing else)."""

    def __init__(self, settings: Settings, kbs: list[str] | None = None, llm: object | None = None) -> None:
        self.settings = settings
        self.kb_names = list(kbs) if kbs is not None else [settings.kb]
        self.llm = llm
        self.store = RulesStore(open_database(settings.database_url))
        self._cache: dict[str, tuple[tuple[int, str], list[Policy]]] = {}
        self._lock = threading.Lock()

    # the policies ---------------------------------------------------------------------------------
    def policies(self, today: date | None = None) -> list[Policy]:
        """Every policy document of the knowledge bases, valid ones first."""
        found = [p for kb in self.kb_names for p in self._policies_of(kb, today)]
        return sorted(found, key=lambda p: not p.rules.valid)

    def _policies_of(self, kb: str, today: date | None) -> list[Policy]:
        knowledge = KnowledgeBase(self.settings, kb)
        generation = (knowledge.manifest.version, self.store.revision(kb))  # new files, or a staff correction
        with self._lock:
            cached = self._cache.get(kb)
            if cached and cached[0] == generation and today is None:
                return cached[1]
        documents = knowledge.documents()
        repealed = {str(d.metadata["repeals"]).strip("《》") for d in documents if d.metadata.get("repeals")}
        found = []
        for document in documents:
            if not is_policy(document.metadata):
                continue
            content_hash = knowledge.manifest.content_hash(document.source) or ""
            rules = None if today else self.store.get(kb, document.source, document.doc_id, content_hash)
            if rules is None:
                chunks = [c for c in knowledge.manifest.chunks(document.source) if c.doc_id == document.doc_id]
                rules = read_policy(document.source, document.doc_id, document.title, document.metadata, chunks,
                                    repealed, today)  # fmt: skip
                if self.llm is not None:
                    # Deferred: the LLM client libraries load only when an LLM is configured.
                    from assistant.eligibility.proposals import propose_conditions

                    propose_conditions(self.llm, self.settings, rules, chunks)
                if today is None:
                    self.store.put(kb, rules, content_hash)
            found.append(Policy(kb, rules))
        if today is None:
            with self._lock:
                self._cache[kb] = (generation, found)
        return found

    def select(self, word: str | None) -> list[Policy]:
        """The policies whose title or file name holds the word (all of them for no word)."""
        policies = self.policies()
        if not word:
            return policies
        chosen = [p for p in policies if word in p.rules.title or word in p.rules.source]
        if not chosen:
            raise PolicyNotFoundError(word, [p.rules.title for p in policies])
        return chosen

    def about(self, question: str) -> list[Policy]:
        """The policies a question names by their own title words (创新券, 专利资助); [] when none."""
        scored = []
        for policy in self.policies():
            core = title_core(policy.rules.title)
            match = SequenceMatcher(None, core, question, autojunk=False).find_longest_match()
            if match.size >= min(MIN_TITLE_MATCH, len(core)):
                scored.append((match.size, policy))
        if not scored:
            return []
        best = max(size for size, _ in scored)
        return [p for size, p in scored if size == best]

    # checks ---------------------------------------------------------------------------------------
    def check(self, text: str, policy: str | None = None, facts: Facts | None = None) -> Check:
        """Read the facts (unless given) and judge the chosen policies (by title word, or all)."""
        facts = facts if facts is not None else read_facts(text)
        return self.judge(text, facts, self.select(policy))

    def judge(self, text: str, facts: Facts, policies: list[Policy]) -> Check:
        verdicts: list[PolicyVerdict] = [judge(p.rules, facts) for p in policies]
        notice = "" if not facts.empty else "没有从您的描述中读到企业情况（注册地、成立年限、营业收入等），下表列出需要说明的全部条件。"
        return Check(text, facts, verdicts, notice)

    # staff corrections ----------------------------------------------------------------------------
    def rules_of(self, source: str) -> Policy:
        for policy in self.policies():
            if policy.rules.source == source or policy.rules.title == source:
                return policy
        raise PolicyNotFoundError(source, [p.rules.title for p in self.policies()])

    def correct(self, source: str, data: dict, user: UserSettings) -> PolicyRules:
        """Replace a policy's extracted rules with a staff member's corrected ones (JSON as shown)."""
        policy = self.rules_of(source)
        knowledge = KnowledgeBase(self.settings, policy.kb)
        rules = PolicyRules.from_dict({**policy.rules.as_dict(), **data, "source": policy.rules.source,
                                       "doc_id": policy.rules.doc_id, "corrected": True})  # fmt: skip
        self.store.put(policy.kb, rules, knowledge.manifest.content_hash(rules.source) or "", corrected_by=user.name)
        with self._lock:
            self._cache.pop(policy.kb, None)
        return rules

    def reset(self, source: str) -> None:
        """Forget a correction: the policy is read again from its file."""
        policy = self.rules_of(source)
        self.store.forget(policy.kb, policy.rules.source)
        with self._lock:
            self._cache.pop(policy.kb, None)


def configured_llm(settings: Settings) -> object | None:
    """The configured LLM that may propose conditions, or None (offline, or unreachable: the rules alone read)."""
    if settings.llm.backend == "none":
        return None
    # Deferred: the LLM client libraries load only when an LLM is configured (offline is the default).
    from assistant.llm import LLMUnavailableError, build_llm

    try:
        return build_llm(settings.llm)
    except LLMUnavailableError:
        return None


def read_policies(settings: Settings, kb: str) -> int:
    """Read (and store) the rules of every new or changed policy of a knowledge base, right after it is
    ingested, so the first check is as quick as the others. A policy the rules cannot read is skipped
    here (the check reads it again and says what it could not read); ingestion never fails for it."""
    try:
        return len(Eligibility(settings, [kb], configured_llm(settings)).policies())
    except Exception:  # noqa: BLE001 — a reading problem must not undo a successful ingestion
        return 0


def record_check(settings: Settings, user: UserSettings, kbs: list[str], check: Check, conversation: str = "政策体检") -> int:
    """Write a check to the audit log: the profile as the question, the checklist as the answer, every
    clause it relied on as a citation."""
    citations = []
    for verdict in check.policies:
        for item in [*verdict.conditions, *verdict.benefits]:
            clause = item.condition if hasattr(item, "condition") else item.benefit  # type: ignore[attr-defined]
            citations.append(Citation(len(citations) + 1, verdict.rules.source, verdict.rules.title, clause.location,
                                      clause.text, "", "", next((k for k in kbs), "")))  # fmt: skip
    answer = Answer(check.profile, json.dumps(check.as_json()["facts"], ensure_ascii=False)[:2000],
                    checklist_markdown(check), citations, "extractive")  # fmt: skip
    return audit_log(settings).record(user, conversation, kbs, answer)
