"""Reading Chinese policy and enterprise text for eligibility: cue words from the lexicon ("A+B" =
both words), numbers with their units in 元/年/% (Chinese numerals, 万/亿/千万, commas), threshold
operators (以上/以下/不低于/不超过/（含）/满N年) and negation. Numerals go through language.text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from language.lexicon import derived, lexicon, words
from language.numerals import NUMERAL
from language.places import home_place, place_pattern  # noqa: F401 — conditions.py reads them from here
from language.text import FULL_WIDTH, cn_value, unit_pattern

LEXICON = "eligibility"
MONEY = "元"  # every amount is read in 元
# A number: Arabic (with thousands commas, and CN scale words between digits: 1亿2千万) or a Chinese numeral
# (language.numerals); then a trailing scale (万/亿/千万) and the unit. The scale before 元 belongs to the
# figure (万元). Values are language.text.cn_value's, units units.toml's plus the eligibility lexicon's own.
@derived
def number_pattern() -> re.Pattern[str]:
    """A number and its unit: the product's units (units.toml) and those only an eligibility reading needs
    (周岁, 个月, 千元: the eligibility lexicon's `extra_units`), longest first."""
    units = unit_pattern(tuple(words(LEXICON, "extra_units")))
    percent = "|".join(re.escape(w) for w in words(LEXICON, "percent_words"))
    return re.compile(
        rf"(?<![第\d.])(?P<pct>{percent})?(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?(?:[亿万千百]+\d+(?:\.\d+)?)*|{NUMERAL})"
        rf"\s*(?:个(?=[亿万]))?(?P<scale>千万|百万|[万亿千](?!元))?\s*(?P<unit>{units})?"
    )


HALF_YEAR = re.compile(r"(?<![\d一二三四五六七八九十])半年")
HALF = "半"  # 一年半, 两个半月: half a unit more
CLAUSE_BREAK = re.compile(r"[，；;。！？!?\n]|(?<!\d),|,(?!\d{3}(?!\d))")  # 4,500万元 is one figure


def lex() -> dict:
    return lexicon(LEXICON)


def cue_list(*keys: str) -> tuple[str, ...]:
    """A word list of the eligibility lexicon; nested keys reach tables (cue_list("benefit", "verbs"))."""
    data: object = lex()
    for key in keys:
        data = data.get(key, {}) if isinstance(data, dict) else {}
    return tuple(data) if isinstance(data, list) else ()


def cue_match(text: str, cue: str) -> int:
    """Length of the cue when every '+'-joined word of it is in the text, else 0."""
    parts = cue.split("+")
    return sum(len(p) for p in parts) if all(p in text for p in parts) else 0


def best_cue(text: str, cues: tuple[str, ...] | list[str]) -> int:
    """The longest matching cue's length (0 when none matches)."""
    return max((cue_match(text, c) for c in cues), default=0)


def first_cue(text: str, cues: tuple[str, ...] | list[str]) -> tuple[int, str] | None:
    """(position, word) of the earliest plain cue word in the text."""
    found = [(text.find(c), c) for c in cues if c and c in text]
    return min(found, key=lambda f: (f[0], -len(f[1]))) if found else None


@dataclass
class Quantity:
    value: float  # in 元 for money, else as written
    unit: str  # 元, 年, %, 件 …, or "" when the text gave none
    start: int
    end: int
    text: str


def quantities(text: str) -> list[Quantity]:
    """Every number in the text with its unit; money in 元 (1.2亿元 → 120000000, 3千万 → 30000000,
    3,000万元 → 30000000, 二十万元 → 200000). A number with 万/亿 but no unit is money."""
    text = text.translate(FULL_WIDTH)
    found = []
    for match in number_pattern().finditer(text):
        num, scale, unit = match["num"], match["scale"], match["unit"] or ""
        if match["pct"]:
            scale, unit = None, "%"  # 百分之五
        if not num[0].isdigit() and not (unit or scale):
            continue  # 一次性, 统一: a Chinese numeral counts only with its unit
        if unit.endswith(MONEY):  # 20万元, 1亿2000万元, 5千元: the scale is the figure's
            num, scale, unit = num + (scale or "") + unit[: -len(MONEY)], None, MONEY
        try:
            value = float(cn_value(num + (scale or "")))
        except ValueError:
            continue
        if scale and not unit:
            unit = "元"
        elif unit in ("周岁", "岁"):
            unit = "年"
        elif unit in words(LEXICON, "percent_units"):
            unit = "%"  # 3.5个百分点: points of a percentage
        end = match.end()
        if unit in words(LEXICON, "half_units") and text.startswith(HALF, end):
            value, end = value + 0.5, end + 1  # 一年半
        if unit == "个月":
            value, unit = value / 12, "年"  # 18个月 is 1.5年 for 满N年
        if unit == "年" and found and found[-1].unit == "年" and found[-1].end == match.start() and "个月" in match.group(0):
            last = found.pop()  # 2年4个月: one span of time
            found.append(Quantity(last.value + value, "年", last.start, end, text[last.start : end]))
            continue
        found.append(Quantity(value, unit, match.start(), end, text[match.start() : end]))
    taken = [(q.start, q.end) for q in found]
    found += [Quantity(0.5, "年", m.start(), m.end(), m.group(0)) for m in HALF_YEAR.finditer(text)
              if not any(a <= m.start() < b for a, b in taken)]  # fmt: skip
    return sorted(found, key=lambda q: q.start)


def clauses(text: str) -> list[str]:
    """Clauses cut at commas, semicolons and sentence ends."""
    return [c.strip() for c in CLAUSE_BREAK.split(text) if c.strip()]


def negated(clause: str, position: int) -> bool:
    """A negation word stands before `position` in the clause (没有失信记录, 未被列入, 不是失信主体)."""
    before = clause[:position]
    return any(n in before for n in cue_list("negations"))


def operator_around(text: str, q: Quantity) -> str | None:
    """The comparison a policy attaches to a number: ">=", "<=", ">" or "<" (以上/以下 and 不低于/不超过
    include the number, and so does （含）)."""
    ops = lex()["operators"]
    after = text[q.end : q.end + 8].lstrip()
    before = text[max(0, q.start - 7) : q.start].rstrip()
    for suffix, op in (("suffix_ge", ">="), ("suffix_le", "<=")):
        if any(after.startswith(w) for w in sorted(ops[suffix], key=len, reverse=True)):
            return op
    inclusive = any(after.startswith(w) for w in ops["inclusive"])
    for key, op in (("prefix_ge", ">="), ("prefix_le", "<="), ("prefix_gt", ">"), ("prefix_lt", "<")):
        for word in sorted(ops[key], key=len, reverse=True):
            if before.rstrip("在为").endswith(word) or before.endswith(word):
                if inclusive and op in (">", "<"):
                    return op + "="
                return op
    return None


@derived
def applicant_words() -> dict[str, tuple[str, ...]]:
    return {kind: tuple(ws) for kind, ws in lex()["applicants"].items()}


def kinds_named(text: str) -> list[str]:
    """The kinds of applicant a text names (企业, 事业单位, 个人 …), in lexicon order."""
    named = []
    for kind, ws in applicant_words().items():
        if any(w in text for w in ws):
            named.append(kind)
    return named


def level_of(text: str) -> int | None:
    """The highest title level a text names (副高级 is not 高级), or None."""
    found = []
    for index, level in sorted(enumerate(cue_list("title_levels")), key=lambda p: -len(p[1])):
        if level in text:
            found.append(index)
            text = text.replace(level, "")
    return max(found) if found else None


def shown(value: float, unit: str) -> str:
    """A figure as a reader writes it: 2亿元, 20万元, 5000元, 3年, 60%."""
    if unit == "元" and value >= 100_000_000:
        return f"{yuan(value / 100_000_000)}亿元"
    if unit == "元" and value >= 10_000:
        return f"{yuan(value / 10_000)}万元"
    return f"{yuan(value)}{unit}"


def yuan(value: float) -> str:
    """元 as written in an answer: 19000, 0.5 → 0.5."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def kind_unit(kind: str) -> str:
    """The unit a field of this kind is stated in (amount → 元); "" for a kind without one (count)."""
    return str(lex()["kind_units"].get(kind, ""))


def unit_kind(unit: str) -> str | None:
    """The kind of field a figure in this unit is compared with (元 → amount), or None."""
    return next((kind for kind, u in lex()["kind_units"].items() if u == unit), None)


def field_unit(field: str) -> str:
    """The unit of a field, by its kind in the lexicon's [fields]."""
    return kind_unit(lex()["fields"].get(field, {}).get("kind", ""))
