"""Number check for drafts: every figure must be a cell value or a figure computed from cells.
A wrong figure whose indicator is named in its clause is corrected; any other is cut out with its
clause. Both are reported."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answer.numbers import FIGURE
from assistant.drafting.facts import Fact

SENTENCE_START = re.compile(r"[；。\n]")
YEAR_ONLY = re.compile(r"^(?:19|20)\d{2}年$")


@dataclass
class Checked:
    text: str
    unverified: list[str] = field(default_factory=list)  # the wrong figures as the draft had them
    corrections: list[str] = field(default_factory=list)  # what was done about each, in Chinese


def _plain(figure: str) -> str:
    return re.sub(r"\s+", "", figure).replace(",", "").replace("％", "%")


def _unit(figure: str) -> str:
    return re.sub(r"^[\d.,\s]+(?:[万亿千](?=元|人))?(?:余|多)?", "", _plain(figure)) or figure


def _sentence_before(text: str, end: int) -> str:
    """The text from the start of the sentence (after ；, 。 or a line break) up to end."""
    start = max((m.end() for m in SENTENCE_START.finditer(text, 0, end)), default=0)
    return text[start:end]


def _intended(figure: str, context: str, facts: list[Fact]) -> Fact | None:
    """The fact a wrong figure stands for: same unit, its indicator named closest before it."""
    unit = _unit(figure)
    candidates = [f for f in facts if f.unit == unit and "（上年）" not in f.name]
    if unit == "%":
        wanted = "比重" if context.rstrip().endswith(("的", "占")) or "占" in context[-12:] else "同比变化"
        candidates = [f for f in candidates if f.name.endswith(wanted)]
    best, best_position = None, -1
    for fact in candidates:
        subject = re.sub(r"(同比变化|变化|增减量|占.*比重)$", "", fact.name)
        position = context.rfind(subject)
        if position > best_position or (position == best_position and best and len(fact.name) < len(best.name)):
            best, best_position = fact, position
    return best if best_position >= 0 else None


def _cut_clause(text: str, start: int, end: int) -> str:
    """Remove the clause holding text[start:end] (from the previous ， to the next ，/；/。)."""
    left = max(text.rfind("，", 0, start), text.rfind("；", 0, start), text.rfind("。", 0, start))
    right_candidates = [i for i in (text.find(c, end) for c in "，；。") if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    if left >= 0 and text[left] == "，":
        return text[:left] + text[right:]
    return text[: left + 1] + text[right + 1 if right < len(text) and text[right] == "，" else right :]


def verify_draft(text: str, facts: list[Fact], event_texts: list[str], years: set[int]) -> Checked:
    allowed = {_plain(f.figure) for f in facts}
    allowed |= {_plain(m.group(0)) for t in event_texts for m in FIGURE.finditer(t)}
    allowed |= {f"{y}年" for y in years}
    checked = Checked(text)
    while True:
        wrong = next((m for m in FIGURE.finditer(checked.text) if _plain(m.group(0)) not in allowed), None)
        if wrong is None:
            return checked
        figure = wrong.group(0)
        checked.unverified.append(figure)
        fact = None if YEAR_ONLY.match(_plain(figure)) else _intended(figure, _sentence_before(checked.text, wrong.start()), facts)
        if fact is not None:
            checked.text = checked.text[: wrong.start()] + fact.figure + checked.text[wrong.end() :]
            checked.corrections.append(f"{figure} 与数据不符，已更正为 {fact.figure}（{fact.name}，来自 {fact.derived_from}）")
        else:
            checked.text = _cut_clause(checked.text, wrong.start(), wrong.end())
            checked.corrections.append(f"{figure} 在数据中找不到出处，已删除所在分句")
