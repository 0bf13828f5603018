"""The number check's reading of figures, for chat answers and drafts alike: a figure with its unit, in
Arabic or in Chinese numerals (每件资助五千元), is compared by what it states — 5,000元, ５０００元 and 五千元
are all 5000元 (Chinese numerals are read by language/numerals.py). A chat answer's figures must stand
in a cited source (`unverified_figures`); a draft's must be figures of its data (drafting/verify.py)."""

from __future__ import annotations

import re

from language.numerals import arabic_figures, chinese_figures
from language.text import FULL_WIDTH, figures

UNVERIFIED_MARK = "（⚠未核实）"


def in_arabic(text: str) -> str:
    """The text with full-width digits as ASCII and every figure in Chinese numerals in Arabic numerals,
    amounts in 元 included (五千元 → 5000元): how a number check reads a text."""
    return arabic_figures(text.translate(FULL_WIDTH), amounts=True)


def figure_key(text: str) -> str:
    """What a figure (or a text's figures) states, written one way: Arabic numerals, no spaces, no
    thousands separators. Two figures are the same when their keys are."""
    return re.sub(r"[\s,，]", "", in_arabic(text))


def stated_figures(text: str) -> list[str]:
    """The figures a text states, in Arabic or Chinese numerals, as written (spaces dropped), each once."""
    written = re.sub(r"\s+", "", text.translate(FULL_WIDTH))
    return list(dict.fromkeys(figures(written) + chinese_figures(written)))


def unverified_figures(answer: str, sources: list[str]) -> list[str]:
    """Figures of the answer, as it writes them, that appear in none of the sources."""
    haystack = figure_key("\n".join(sources))
    return [f for f in stated_figures(answer) if not re.search(rf"(?<![\d.]){re.escape(figure_key(f))}", haystack)]


def mark_unverified(text: str, unverified: list[str]) -> str:
    """Put a visible warning after each unverified figure."""
    for figure in unverified:
        text = re.sub(rf"{re.escape(figure)}(?!{re.escape(UNVERIFIED_MARK)})", figure + UNVERIFIED_MARK, text)
    return text
