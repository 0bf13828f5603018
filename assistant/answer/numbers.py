"""Number check: every figure with its unit in an answer must stand in a cited source; citations must
point at sources that were actually retrieved."""

from __future__ import annotations

import re

from language.text import FULL_WIDTH, figures

CITATION = re.compile(r"\[(\d{1,2})\]")
UNVERIFIED_MARK = "（⚠未核实）"


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(FULL_WIDTH))


def unverified_figures(answer: str, sources: list[str]) -> list[str]:
    """Figures of the answer that appear in none of the sources (thousands separators and spaces ignored)."""
    haystack = _plain("\n".join(sources)).replace(",", "")
    return [
        f for f in figures(_plain(answer))
        if not re.search(rf"(?<![\d.]){re.escape(f.replace(',', ''))}", haystack)
    ]  # fmt: skip


def mark_unverified(text: str, unverified: list[str]) -> str:
    """Put a visible warning after each unverified figure."""
    for figure in unverified:
        text = re.sub(rf"{re.escape(figure)}(?!{re.escape(UNVERIFIED_MARK)})", figure + UNVERIFIED_MARK, text)
    return text


def cited_numbers(text: str) -> list[int]:
    return list(dict.fromkeys(int(n) for n in CITATION.findall(text)))


def drop_unknown_citations(text: str, known: int) -> tuple[str, list[int]]:
    """Remove [n] markers that point at no retrieved source (n outside 1..known); return what went."""
    dropped = [n for n in cited_numbers(text) if not 1 <= n <= known]
    cleaned = CITATION.sub(lambda m: m.group(0) if 1 <= int(m.group(1)) <= known else "", text)
    return cleaned, dropped
