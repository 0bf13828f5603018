"""Figures written in Chinese numerals (一千三百五十六件, 百分之十四点九, 一点二万人次) rewritten in Arabic
numerals, as statistics are printed (GB/T 15835-2011), so that the number check sees them. Ordinals
(一是, 第三), times (五年) and set phrases (一批, 两个确保) stay as they are."""

from __future__ import annotations

import re
from decimal import Decimal

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL = {"十": 10, "百": 100, "千": 1000}
BIG = {"万": Decimal(10**4), "亿": Decimal(10**8)}
# Units of counts and amounts; a one-character numeral (三家) is a figure only before the stricter ones.
UNITS = "个百分点|百分点|人次|场次|万元|亿元|元|件|家|名|人|项|个|户|笔|所|台|套|篇|场|次|份|亩|吨"
STRICT_UNITS = ("个百分点", "百分点", "人次", "万元", "亿元", "件", "家", "名", "笔", "户", "亩", "吨")
NUMERAL = "[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*(?:点[零〇一二三四五六七八九]+)?(?:[万亿](?=[元人]))?"
FIGURE = re.compile(rf"(?<![第零〇一二两三四五六七八九十百千万亿点])({NUMERAL})(余|多)?({UNITS})")
PERCENT = re.compile(rf"百分之({NUMERAL})")


def value(numeral: str) -> Decimal:
    """一千三百五十六 → 1356, 十四点九 → 14.9, 一万二千 → 12000, 一点二万 → 12000. Raises ValueError
    on two digits in a row (三四家 is “three or four”, not 34)."""
    if numeral[-1] in BIG and "点" in numeral:
        return value(numeral[:-1]) * BIG[numeral[-1]]
    whole, _, decimals = numeral.partition("点")
    total, section, number = Decimal(0), 0, 0
    for previous, char in zip(" " + whole, whole):
        if char in DIGITS:
            if previous in DIGITS and DIGITS[previous] and DIGITS[char]:
                raise ValueError(numeral)
            number = DIGITS[char]
        elif char in SMALL:
            section += (number or 1) * SMALL[char]
            number = 0
        elif char == "万":
            total += (section + number) * BIG[char]
            section = number = 0
        else:  # 亿 scales everything before it (一万亿)
            total = (total + section + number) * BIG[char]
            section = number = 0
    fraction = Decimal("0." + "".join(str(DIGITS[c]) for c in decimals)) if decimals else Decimal(0)
    return total + section + number + fraction


def arabic(numeral: str) -> str:
    """The numeral in Arabic digits, keeping a 万/亿 scale as a report writes it (一万二千 → 1.2万)."""
    number = value(numeral)
    scale = "亿" if "亿" in numeral else "万" if "万" in numeral else ""
    if scale:
        number /= BIG[scale]
    text = format(number.normalize(), "f")
    return text + scale


def arabic_figures(text: str) -> str:
    """The text with every figure in Chinese numerals written in Arabic numerals."""
    text = PERCENT.sub(lambda m: f"{arabic(m.group(1))}%", text)

    def figure(match: re.Match[str]) -> str:
        numeral, about, unit = match.groups()
        if numeral == "一" or (unit == "元" and numeral[-1] not in BIG) or (len(numeral) == 1 and unit not in STRICT_UNITS):
            return match.group(0)
        try:
            return f"{arabic(numeral)}{about or ''}{unit}"
        except ValueError:
            return match.group(0)

    return FIGURE.sub(figure, text)
