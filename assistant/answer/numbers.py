"""Number check: every figure with its unit in an answer must stand in a cited source; citations must
point at sources that were actually retrieved."""

from __future__ import annotations

import re

UNITS = (
    "个百分点|百分点|平方米|平方公里|公里|小时|工作日|人次|场次|万元|亿元|元|件|项|家|名|人|个|%|亩|吨|次|份|所|台|套|"
    "篇|场|批|户|村|倍|天|周|年|月|日|号"
)
# A date first (2024年1月1日 is one figure), then a number with its unit: 5000元, 1.2万元, 25.6%, 30余家.
FIGURE = re.compile(
    r"\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月"
    rf"|\d+(?:[.,]\d+)*(?:\s*[万亿千])?(?:余|多)?\s*(?:{UNITS})"
)
CITATION = re.compile(r"\[(\d{1,2})\]")
FULL_WIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")
UNVERIFIED_MARK = "（⚠未核实）"


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(FULL_WIDTH))


def figures(text: str) -> list[str]:
    """The figures in a text, in order, each once."""
    return list(dict.fromkeys(m.group(0) for m in FIGURE.finditer(text.translate(FULL_WIDTH))))


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
