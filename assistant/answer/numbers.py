"""Number check: every figure with its unit in an answer — in Arabic or in Chinese numerals (每件资助五千元) —
must stand in a cited source, written either way; citations must point at sources that were actually
retrieved. Chinese numerals are read as a draft's check reads them (language/numerals.py)."""

from __future__ import annotations

import re

from language.numerals import arabic_figures, chinese_figures
from language.text import FULL_WIDTH, figures

CITATION = re.compile(r"\[(\d{1,2})\]")
UNVERIFIED_MARK = "（⚠未核实）"


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(FULL_WIDTH))


def _arabic(text: str) -> str:
    return _plain(arabic_figures(text, amounts=True)).replace(",", "")


def unverified_figures(answer: str, sources: list[str]) -> list[str]:
    """Figures of the answer, as it writes them, that appear in none of the sources (thousands separators,
    spaces and the way the numerals are written ignored: 五千元 is 5000元)."""
    haystack = _arabic("\n".join(sources))
    written = _plain(answer)
    return [
        f for f in figures(written) + chinese_figures(written)
        if not re.search(rf"(?<![\d.]){re.escape(_arabic(f))}", haystack)
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
