"""Eligibility checks over the policies of the readable knowledge bases: read (once per file version)
each policy's rules, find the policies a check is about, judge them and write the check to the audit log;
staff confirm (and correct) a policy's rules, each confirmation a numbered review in the audit log."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher

from assistant.access import LOCAL_USER
from assistant.answer.citations import Citations
from assistant.answer.model import Answer
from assistant.audit import audit_log
from assistant.config import Settings, UserSettings
from assistant.eligibility.checklist import checklist_markdown
from assistant.eligibility.facts import read_facts
from assistant.eligibility.model import Check, Facts, PolicyRules, PolicyVerdict
from assistant.eligibility.policy import locality_of, read_policy
from assistant.eligibility.reading import cue_list
from assistant.eligibility.review import changes, review_lines
from assistant.eligibility.store import Review, RulesStore
from assistant.eligibility.verdict import judge
from assistant.knowledge import KnowledgeBase
from language.text import YEAR_NUMBER
from vectorstore.database import open_database

MIN_TITLE_MATCH = 3  # characters a question shares with a policy's own title words to be about it
SAME_POLICY = 0.6  # how alike two titles' own words are (difflib ratio) for one to be a version of the other


@dataclass
class Policy:
    kb: str
    rules: PolicyRules
    part: int = 1  # which document of its file (a compilation holds several): staff reviews follow it


@dataclass
class ReviewState:
    """Where a policy's rules stand with the staff: its reviews (newest first) and, when its file changed
    after the rules were confirmed, what the new reading changed against the confirmed rules."""

    policy: Policy
    reviews: list[Review] = field(default_factory=list)
    changed_since: list[str] | None = None  # None: the file has not changed since the last confirmation

    def lines(self, zone: str) -> list[str]:
        """Where the rules stand, as lines a person reads (times in `zone`)."""
        return review_lines(self.reviews, self.confirmed, self.changed_since, zone)

    @property
    def confirmed(self) -> Review | None:
        """The confirmation the rules in force come from (None: read automatically)."""
        latest = self.reviews[0] if self.reviews else None
        return latest if self.policy.rules.corrected and latest and latest.action == "confirmed" else None


class PolicyNotFoundError(LookupError):
    def __init__(self, word: str, titles: list[str]) -> None:
        known = "、".join(f"《{t}》" for t in titles) or "（知识库中还没有政策文件）"
        super().__init__(f"没有标题含“{word}”的政策。可选的政策：{known}")


def title_core(title: str) -> str:
    """A title's own words: without its place and kind (示范县科技创新券管理办法 → 科技创新券)."""
    locality = locality_of(title)
    core = re.sub(rf"{YEAR_NUMBER}年度?", "", title.replace(locality, "", 1) if locality else title)
    for affix in sorted(cue_list("title_affixes"), key=len, reverse=True):
        core = core.replace(affix, "")
    return core or title


def same_policy(a: PolicyRules, b: PolicyRules) -> bool:
    """Two versions of one policy: the same place, and titles whose own words are alike (示范县高新技术企业
    培育和奖励实施细则 and 示范县高新技术企业认定奖励细则)."""
    if a.locality != b.locality:
        return False
    return SequenceMatcher(None, title_core(a.title), title_core(b.title), autojunk=False).ratio() >= SAME_POLICY


def supersede(dated: list[tuple[Policy, str]]) -> None:
    """Mark each policy a newer version of the same policy replaces (by effective date, else year): it is
    no longer in force and never recommended."""
    for policy, when in dated:
        newer = [(other, since) for other, since in dated if other is not policy and when and since > when
                 and same_policy(policy.rules, other.rules)]  # fmt: skip
        if newer:
            latest = max(newer, key=lambda n: n[1])[0].rules
            policy.rules.superseded_by = latest.title
            policy.rules.valid = False
            policy.rules.validity_note = f"已被《{latest.title}》替代"


def is_policy(metadata: dict[str, object]) -> bool:
    """A policy by its document type (办法, 通知 …), or by a title that names what it grants (…创业补贴,
    …扶持政策清单, …税收政策) when the title has no type word."""
    if str(metadata.get("doc_type", "")) in cue_list("policy_types"):
        return True
    return not metadata.get("doc_type") and any(w in str(metadata.get("title", "")) for w in cue_list("policy_title_words"))


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
        dated: list[tuple[Policy, str]] = []
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
            found.append(Policy(kb, rules, document.part))
            dated.append((found[-1], str(document.metadata.get("effective_date") or document.metadata.get("year") or "")))
        supersede(dated)
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
        """The policies a question names by their own title words (创新券, 专利资助); [] when none. A version
        a newer one replaces is never among them."""
        scored = []
        for policy in self.policies():
            if policy.rules.superseded_by:
                continue
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
        verdicts: list[PolicyVerdict] = [judge(p.rules, facts, text) for p in policies]
        notice = "" if not facts.empty else "没有从您的描述中读到企业情况（注册地、成立年限、营业收入等），下表列出需要说明的全部条件。"
        return Check(text, facts, verdicts, notice)

    # staff corrections ----------------------------------------------------------------------------
    def rules_of(self, source: str) -> Policy:
        for policy in self.policies():
            if policy.rules.source == source or policy.rules.title == source:
                return policy
        raise PolicyNotFoundError(source, [p.rules.title for p in self.policies()])

    def correct(self, source: str, data: dict, user: UserSettings) -> PolicyRules:
        """Confirm a policy's rules, with a staff member's corrections (the JSON `bureau policy-rules --json`
        shows, whole or in part): kept as the policy's next review version and written to the audit log."""
        policy = self.rules_of(source)
        before = policy.rules.as_dict()
        rules = PolicyRules.from_dict({**before, **data, "source": policy.rules.source,
                                       "doc_id": policy.rules.doc_id, "corrected": True})  # fmt: skip
        content_hash = KnowledgeBase(self.settings, policy.kb).manifest.content_hash(rules.source) or ""
        review = self.store.confirm(policy.kb, rules, policy.part, content_hash, user.name, changes(before, rules.as_dict()))
        record_review(self.settings, user, policy.kb, rules, review)
        with self._lock:
            self._cache.pop(policy.kb, None)
        return rules

    def reset(self, source: str, user: UserSettings = LOCAL_USER) -> None:
        """Forget a confirmation: the policy is read again from its file (a review of its own, audited)."""
        policy = self.rules_of(source)
        content_hash = KnowledgeBase(self.settings, policy.kb).manifest.content_hash(policy.rules.source) or ""
        review = self.store.forget(policy.kb, policy.rules.source, (policy.part, policy.rules.doc_id), user.name, content_hash)
        record_review(self.settings, user, policy.kb, policy.rules, review)
        with self._lock:
            self._cache.pop(policy.kb, None)

    def review(self, source: str) -> ReviewState:
        """A policy's rules with their reviews, and what a re-read of its changed file changed."""
        policy = self.rules_of(source)
        reviews = self.store.reviews(policy.kb, policy.rules.source, policy.part)
        state = ReviewState(policy, reviews)
        latest = reviews[0] if reviews else None
        if latest and latest.rules is not None and not policy.rules.corrected:  # confirmed, then the file changed
            state.changed_since = changes(latest.rules, policy.rules.as_dict())
        return state


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
    cited = Citations()
    for verdict in check.policies:
        for item in [*verdict.conditions, *verdict.benefits]:
            clause = item.condition if hasattr(item, "condition") else item.benefit  # type: ignore[attr-defined]
            cited.cite(verdict.rules.source, verdict.rules.title, clause.location, clause.text,
                       kb=next((k for k in kbs), ""), same=(verdict.rules.source, clause.location))  # fmt: skip
    answer = Answer(check.profile, json.dumps(check.as_json()["facts"], ensure_ascii=False)[:2000],
                    checklist_markdown(check), cited.list, "extractive")  # fmt: skip
    return audit_log(settings).record(user, conversation, kbs, answer)


def record_review(settings: Settings, user: UserSettings, kb: str, rules: PolicyRules, review: Review) -> int:
    """Write a confirmation or reset of a policy's rules to the audit log, with the edits it made."""
    if review.action == "confirmed":
        what = f"确认《{rules.title}》的申请条件与待遇（第{review.version}版）"
        text = "\n".join(review.changes) or "按提取结果确认，未作改动"
    else:
        what = f"撤销对《{rules.title}》的确认，重新从文件提取（第{review.version}版）"
        text = "之后的体检按文件重新提取的条件判断"
    answer = Answer(what, rules.source, text, [], "人工校核")  # type: ignore[arg-type] — not an answer mode: a review
    return audit_log(settings).record(user, "政策条件校核", [kb], answer)
