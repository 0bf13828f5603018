"""Undo a synonym-swapping rewriter (效劳 for 服务, 开展 for 发展 …) in the text that search sees.

Applied to chunk text and to queries alike, so a user typing the standard word finds the swapped
passage. Unambiguous swaps are always undone; ambiguous ones only in contexts the rewriter evidently
produced, so that legitimate uses (开展工作, 实施方案, 资助标准, 工程技术研究中心) stay as they are.
The swaps and their contexts are data: language/lexicon/synonyms.toml.
"""

from __future__ import annotations

import re
from typing import Any

from language.lexicon import compile_pattern, derived, lexicon
from language.text import enumeration_markers


def _clause_end() -> str:
    """Where a clause ends: punctuation, the text's end, or the next list item (第二、 3、), its markers
    those of enumeration.toml."""
    items = "|".join(pattern.pattern for _, pattern in enumeration_markers())
    return rf"(?=[\s，。、；：！？,.;:!?）)”」』]|$|{items})"


def _rule(rule: dict[str, Any]) -> re.Pattern[str]:
    """One context rule of the lexicon as a pattern (Python needs a fixed width per look-behind, so
    each preceding word gets its own)."""
    word = re.escape(rule["swapped"])
    contexts = []
    if preceded := rule.get("preceded_by"):
        contexts.append("(?:" + "|".join(f"(?<={w})" for w in preceded) + ")" + word)
    if followed := rule.get("followed_by"):
        contexts.append(f"{word}(?={'|'.join(followed)})")
    pattern = "".join(f"(?<!{w})" for w in rule.get("not_preceded_by", ()))
    pattern += f"(?:{'|'.join(contexts)})" if contexts else word
    if not_followed := rule.get("not_followed_by"):
        pattern += f"(?!{'|'.join(not_followed)})"
    return compile_pattern(pattern + (_clause_end() if rule.get("clause_end") else ""), "synonyms")


@derived
def _swaps() -> tuple[dict[str, str], list[tuple[re.Pattern[str], str]]]:
    table = lexicon("synonyms")
    return table.get("always", {}), [(_rule(rule), rule["standard"]) for rule in table.get("rules", [])]


def normalize_for_search(text: str) -> str:
    """Standard words for swapped ones; the same function serves documents and queries."""
    always, rules = _swaps()
    for swapped, standard in always.items():
        text = text.replace(swapped, standard)
    for pattern, standard in rules:
        text = pattern.sub(standard, text)
    return text
