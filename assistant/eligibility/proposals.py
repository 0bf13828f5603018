"""Conditions an LLM proposes that the rules missed. A proposal must quote the policy verbatim; it is
then read by the same rules as any clause (so it gets a field, a test and its location, or stays a
condition the enterprise must speak to) and marked as proposed by the LLM. A rule is kept only when
every threshold it tests is a figure its cited clause states (2亿元 is 200000000元), as an answer's
figures must stand in its cited sources. Any LLM failure is ignored: the rules' reading stands."""

from __future__ import annotations

import json
import re

from assistant.config import Settings
from assistant.eligibility.clauses import units
from assistant.eligibility.conditions import conditions_of
from assistant.eligibility.model import Condition, PolicyRules
from assistant.eligibility.reading import quantities
from assistant.llm import LLMUnavailableError
from assistant.llm.calls import complete_text
from assistant.prompts import load_prompt
from vectorstore.model import StoredChunk

MAX_POLICY_CHARS = 6000  # what a small model's context holds beside the instructions
MIN_CLAUSE_CHARS = 4


def _quotes(reply: str) -> list[str]:
    match = re.search(r"\[.*\]", reply, re.S)
    try:
        items = json.loads(match.group(0)) if match else []
    except json.JSONDecodeError:
        return []
    return [i.strip() for i in items if isinstance(i, str) and len(i.strip()) >= MIN_CLAUSE_CHARS]


def thresholds_cited(condition: Condition, clause: str) -> bool:
    """Every threshold the condition tests (a value, a band's limits) is a figure the clause states, in
    the same unit when both have one."""
    stated = [(q.value, q.unit) for q in quantities(clause)]
    tests = [*condition.tests, *(t for alternative in condition.alternatives for t in alternative)]
    wanted = [(t.value, t.unit) for t in tests if t.value is not None]
    wanted += [(v, "") for t in tests for band in t.bands for v in band if v is not None]
    return all(
        any(abs(value - v) < 1e-9 * max(1.0, abs(v)) and (not unit or not u or unit == u) for v, u in stated)
        for value, unit in wanted
    )


def propose_conditions(llm: object, settings: Settings, rules: PolicyRules, chunks: list[StoredChunk]) -> int:
    """Add the LLM's verbatim, not yet covered conditions to `rules`; returns how many were added."""
    clauses = [u for u in units(chunks) if not u.table]
    text = "\n".join(f"{u.location} {u.text}" for u in clauses)[:MAX_POLICY_CHARS]
    try:
        reply = complete_text(llm, load_prompt(settings, "eligibility_conditions").format(title=rules.title, text=text))  # type: ignore[arg-type]
    except LLMUnavailableError:
        return 0
    covered = " ".join(c.text for c in rules.conditions)
    added = 0
    for quote in _quotes(reply):
        unit = next((u for u in clauses if quote in u.text), None)
        if unit is None or quote in covered:
            continue  # not verbatim (no citation possible), or already read by the rules
        for condition in conditions_of(type(unit)(quote, unit.location, unit.heading, unit.lead), rules.locality):
            if not thresholds_cited(condition, unit.text):
                continue  # a threshold the cited clause does not state (read from elsewhere): no citation for it
            condition.origin = "llm"
            rules.conditions.append(condition)
            added += 1
        covered += " " + quote
    return added
