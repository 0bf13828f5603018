"""Chinese text handling with one definition each: sentences, years, figures with their units and
Chinese numerals. Every layer uses these instead of patterns of its own."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache

import cn2an

from language.lexicon import words

FULL_WIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")

# ---- sentences ----------------------------------------------------------------------------
CLOSERS = "”’」』）)"
# A sentence ends after 。！？!? (and any closing quotes/brackets) or at a line end; with
# `clauses=True` also after ；; (a clause of a list), and after ; or . that a CJK character follows.
_SENTENCE_END = re.compile(rf"(?<=[。！？!?])[{CLOSERS}]*|\n+")
_CLAUSE_END = re.compile(rf"(?<=[。！？；!?])[{CLOSERS}]*|\n+|(?<=[;])(?=[\u4e00-\u9fff])|(?<=[^\d][.])(?=[\u4e00-\u9fff])")


def split_sentences(text: str, clauses: bool = False) -> list[str]:
    """Sentences with their punctuation and line breaks kept, so joining them gives back the text."""
    pieces, start = [], 0
    for match in (_CLAUSE_END if clauses else _SENTENCE_END).finditer(text):
        if match.end() > start:
            pieces.append(text[start : match.end()])
            start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    return [p for p in pieces if p.strip()]


def sentences(text: str, long: int = 120) -> list[str]:
    """The sentences of a text, stripped; a sentence longer than `long` is cut into its clauses
    (a policy's long list sentence answers one clause at a time)."""
    out = []
    for sentence in split_sentences(text):
        out.extend(split_sentences(sentence, clauses=True) if len(sentence) > long else [sentence])
    return [s.strip() for s in out if s.strip()]


# ---- years ----------------------------------------------------------------------------------
YEAR_NUMBER = r"(?:19|20)\d{2}"
# A calendar year as a document writes it: 2024年 (not the 2024 of 〔2024〕58号).
YEAR = re.compile(rf"(?<![\d〔\[(（【])({YEAR_NUMBER})(?=年)")


def years(text: str) -> list[int]:
    """The calendar years a text names, in order, each once."""
    return list(dict.fromkeys(int(y) for y in YEAR.findall(text)))


# ---- figures with units -------------------------------------------------------------------
@cache
def unit_pattern() -> str:
    """Alternation of the lexicon's units, longest first."""
    return "|".join(re.escape(u) for u in sorted(words("units", "units"), key=len, reverse=True))


@cache
def figure_pattern() -> re.Pattern[str]:
    """A date first (2024年1月1日 is one figure), then a number with its unit: 5000元, 1.2万元,
    25.6%, 30余家, 1,200件."""
    scales = "".join(words("units", "scales"))
    about = "|".join(words("units", "approximate"))
    return re.compile(
        r"\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月"
        rf"|\d+(?:[.,]\d+)*(?:\s*[{scales}])?(?:{about})?\s*(?:{unit_pattern()})"
    )


def figures(text: str) -> list[str]:
    """The figures in a text (full-width digits read as ASCII), in order, each once."""
    return list(dict.fromkeys(m.group(0) for m in figure_pattern().finditer(text.translate(FULL_WIDTH))))


# ---- Chinese numerals ----------------------------------------------------------------------
def cn_value(numeral: str) -> Decimal:
    """A Chinese or Arabic numeral's value: 一千三百五十六 → 1356, 十四点九 → 14.9, 一万二千 → 12000,
    3千 → 3000, 1.2万 → 12000. Raises ValueError for what is not one number (三四 is “three or four”)."""
    text = numeral.strip().translate(FULL_WIDTH).replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    try:
        return Decimal(str(cn2an.cn2an(text, "smart")))
    except (ValueError, KeyError, IndexError) as error:
        raise ValueError(numeral) from error
