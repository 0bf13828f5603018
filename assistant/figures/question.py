"""Whether a chat question is about one indicator's figures, and which: across periods
(专利申请量这几年怎么变化？), against a period (高新技术企业数量比2023年多了多少？) or in one period
(2024年研发投入占GDP比重是多少？). The cue words live in language/lexicon/figures.toml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ingest.figures import normalize_indicator
from language.lexicon import alternation, lexicon, words
from language.text import periods, relative_year

Asked = Literal["trend", "compare", "value"]


@dataclass
class FigureQuestion:
    indicator: str  # the name records carry
    asked: Asked
    period: str | None = None  # the period asked about, or compared with
    relative: int | None = None  # a relative year (去年 = -1) when the period is named that way
    part: str = ""  # the part of that relative year (今年上半年 → "H1")
    plan: bool = False  # asked for a target (2025年专利申请量的目标是多少？)


def _names(known: list[str]) -> list[str]:
    """Every name an indicator may be asked by, longest first: the synonym table and the stored names."""
    names = set(known)
    for canonical, variants in lexicon("figures").get("synonyms", {}).items():
        names.update([canonical, *variants])
    return sorted(names, key=len, reverse=True)


def _expand(text: str) -> str:
    for short, full in lexicon("figures").get("abbreviations", {}).items():
        text = text.replace(short, full)
    return text


def _without_particles(text: str) -> str:
    for particle in words("figures", "name_particles"):
        text = text.replace(particle, "")
    return text


def figure_question(text: str, known: list[str]) -> FigureQuestion | None:
    """The figures question a message asks, or None; `known` are the indicator names the records hold
    (a question is taken only about an indicator the documents state)."""
    text = _expand(text)
    found_in = [(n, t) for t in dict.fromkeys((text, _without_particles(text))) for n in _names(known) if n in t]
    if not found_in:  # 研发投入占GDP的比重 is 研发投入占GDP比重
        return None
    name, text = max(found_in, key=lambda item: len(item[0]))
    indicator = normalize_indicator(name)
    if indicator not in known and not any(indicator in k for k in known):
        return None
    rest = text.replace(name, " ")
    found = periods(rest)
    relative = next((w for w in lexicon("periods")["relative"] if w in rest and w not in words("figures", "not_relative")), None)
    bare = rest.replace(relative, " ") if relative else rest
    part = next((code[4:] for _, _, code in periods(bare, 9999) if code.startswith("9999")), "")  # 今年上半年
    plan = any(cue in rest for cue in words("figures", "plan_cues"))
    if any(cue in rest for cue in words("figures", "compare_cues")) and (found or relative):
        before = re.search(alternation("figures", "compared_with"), rest)
        period = next((code for start, _, code in found if before and start > before.start()), None)
        if period or relative:
            return FigureQuestion(indicator, "compare", period, relative_year(relative, 0) if relative else None, part, plan)
    if any(cue in rest for cue in words("figures", "trend_cues")):
        return FigureQuestion(indicator, "trend", plan=plan)
    if any(cue in rest for cue in words("figures", "value_cues")) and (found or relative):
        period = found[0][2] if found else None
        offset = relative_year(relative, 0) if relative and not found else None
        return FigureQuestion(indicator, "value", period, offset, part, plan)
    return None
