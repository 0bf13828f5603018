"""Conditions an LLM proposes that the rules missed. A proposal must quote the policy verbatim; it is
then read by the same rules as any clause (so it gets a field, a test and its location, or stays a
condition the enterprise must speak to) and marked as proposed by the LLM. Any LLM failure is ignored:
the rules' reading stands."""

from __future__ import annotations

import json
import re

from assistant.config import Settings
from assistant.eligibility.clauses import units
from assistant.eligibility.conditions import conditions_of
from assistant.eligibility.model import PolicyRules
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
            condition.origin = "llm"
            rules.conditions.append(condition)
            added += 1
        covered += " " + quote
    return added
