"""Figures written in Chinese numerals (一千三百五十六件, 百分之十四点九, 一点二万人次) rewritten in Arabic
numerals, as statistics are printed (GB/T 15835-2011), so that the number checks — of a chat answer
(assistant/answer/numbers.py) and of a draft (assistant/drafting/verify.py) — see them. Ordinals
(一是, 第三), times (五年) and set phrases (一批, 两个确保) stay as they are."""

from __future__ import annotations

import re
from decimal import Decimal

from language.lexicon import derived, words
from language.text import CN_DIGITS, approximate_pattern, cn_value, unit_pattern

BIG = {"万": Decimal(10**4), "亿": Decimal(10**8)}
# A numeral that may carry a figure: it starts with a digit or 十; a scale after a decimal (一点二万)
# only before 元 and 人 (一点二万元, 一点二万人次).
NUMERAL = f"[{CN_DIGITS}十][{CN_DIGITS}十百千万亿]*(?:点[{CN_DIGITS}]+)?(?:[万亿](?=[元人]))?"
PERCENT = re.compile(rf"百分之({NUMERAL})")


@derived
def chinese_figure_pattern() -> re.Pattern[str]:
    """A Chinese numeral with the unit of a count or an amount (not of a time: 五年), not inside a
    longer numeral or an ordinal (第十二家)."""
    units = unit_pattern(counts_only=True)
    return re.compile(rf"(?<![第{CN_DIGITS}十百千万亿点])({NUMERAL})({approximate_pattern()})?({units})")


def arabic(numeral: str) -> str:
    """The numeral in Arabic digits, keeping a 万/亿 scale as a report writes it (一万二千 → 1.2万).
    Raises ValueError for what is not one number (三四家 is “three or four”)."""
    number = cn_value(numeral)
    scale = "亿" if "亿" in numeral else "万" if "万" in numeral else ""
    if scale:
        number /= BIG[scale]
    return format(number.normalize(), "f") + scale


def arabic_figures(text: str, amounts: bool = False) -> str:
    """The text with every figure in Chinese numerals written in Arabic numerals. An amount in 元 is
    rewritten only with its 万/亿 scale (五万元 → 5万元, 五千元 stays), unless `amounts` (a check
    reads 五千元 as 5000元)."""
    text = PERCENT.sub(lambda m: f"{arabic(m.group(1))}%", text)
    strict = set(words("units", "strict_units"))

    def figure(match: re.Match[str]) -> str:
        numeral, about, unit = match.groups()
        small_amount = unit == "元" and numeral[-1] not in BIG and not amounts
        if numeral == "一" or small_amount or (len(numeral) == 1 and unit not in strict):
            return match.group(0)
        try:
            return f"{arabic(numeral)}{about or ''}{unit}"
        except ValueError:
            return match.group(0)

    return chinese_figure_pattern().sub(figure, text)


def chinese_figures(text: str) -> list[str]:
    """The figures a text writes in Chinese numerals (五千元, 百分之十四点九), as written, each once."""
    found = [m.group(0) for m in PERCENT.finditer(text)] + [m.group(0) for m in chinese_figure_pattern().finditer(text)]
    return list(dict.fromkeys(f for f in found if arabic_figures(f, amounts=True) != f))
