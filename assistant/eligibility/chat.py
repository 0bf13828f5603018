"""The chat's eligibility route: a question such as 我们公司在示范县注册…能不能申请创新券？ is answered
with the checklist (conditions ✓/✗/?, the clauses cited, amounts with their arithmetic)."""

from __future__ import annotations

import threading

from assistant.answer.citations import Citations
from assistant.answer.model import Answer, Citation
from assistant.config import Settings
from assistant.eligibility.checklist import checklist_markdown
from assistant.eligibility.facts import read_facts
from assistant.eligibility.model import Check
from assistant.eligibility.reading import cue_list, lex
from assistant.eligibility.service import Eligibility

STATED_KINDS = ("place", "amount", "years", "percent", "level")  # facts that show the asker describes itself
_services: dict[tuple[str, tuple[str, ...]], Eligibility] = {}
_lock = threading.Lock()


def is_eligibility_question(question: str) -> bool:
    """An eligibility cue (能不能申请, 符合条件吗, 能拿多少) and the asker speaking of itself (我们公司…)
    or stating its own facts (注册地在市区…); 企业可以申请哪些补贴？ is a general question."""
    if not any(c in question for c in cue_list("question_cues")):
        return False
    if any(c in question for c in cue_list("self_cues")):
        return True
    facts = read_facts(question)
    stated = [name for name in facts.fields if lex()["fields"].get(name, {}).get("kind") in STATED_KINDS]
    return bool(stated or facts.counts or facts.bases)


def service(settings: Settings, kbs: list[str], llm: object | None = None) -> Eligibility:
    """One per data directory and set of knowledge bases, so each policy is read once per process."""
    key = (str(settings.home), tuple(kbs))
    with _lock:
        if key not in _services:
            _services[key] = Eligibility(settings, list(kbs), llm)
        return _services[key]


def cited(check: Check, kbs: list[str]) -> tuple[list[Citation], dict[tuple[str, str], int]]:
    """The clauses a checklist relies on, numbered once each, and the number of each (source, location)."""
    cited = Citations()
    numbers: dict[tuple[str, str], int] = {}
    for verdict in check.policies:
        clauses = [r.condition for r in verdict.conditions] + [b.benefit for b in verdict.benefits]
        for clause in clauses:
            key = (verdict.rules.source, clause.location)
            numbers[key] = cited.cite(verdict.rules.source, verdict.rules.title, clause.location, clause.text,
                                      highlight=clause.text, kb=kbs[0] if kbs else "", same=key)  # fmt: skip
    return cited.list, numbers


def eligibility_answer(settings: Settings, kbs: list[str], question: str, llm: object | None = None) -> Answer | None:
    """The checklist answer, or None when the question is not an eligibility check (or no policy is there)."""
    if not is_eligibility_question(question):
        return None
    checker = service(settings, kbs, llm)
    policies = checker.about(question) or [p for p in checker.policies() if p.rules.valid]
    if not policies:
        return None
    check = checker.judge(question, read_facts(question), policies)
    citations, numbers = cited(check, kbs)
    text = checklist_markdown(check, numbers)
    notice = "结论由程序逐条对照政策原文得出，金额按原文标准计算；最终以主管部门审核为准。"
    return Answer(question, question, text, citations, "extractive", notice=notice)
