"""Chinese text handling with one definition each: sentences, years, figures with their units and
Chinese numerals. Every layer uses these instead of patterns of its own."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import cn2an

from language.lexicon import derived, lexicon, words

# Full-width digits, point and percent as ASCII; the full-width comma ， stays: Chinese text
# punctuates with it (10，20万元 are two figures), never groups thousands.
FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")

# ---- sentences ----------------------------------------------------------------------------
SENTENCE_END = "。！？!?"
CLAUSE_END = SENTENCE_END + "；;"  # a clause of a list ends a sentence too where clauses count
CLOSERS = "”’」』）)"
# A line ending in one of these is complete: the next line does not continue it.
LINE_END = CLAUSE_END + "：:" + CLOSERS
# A sentence ends after 。！？!? (and any closing quotes/brackets) or at a line end; with
# `clauses=True` also after ；; (a clause of a list), and after ; or . that a CJK character follows.
_SENTENCE_END = re.compile(rf"(?<=[{SENTENCE_END}])[{CLOSERS}]*|\n+")
_CLAUSE_END = re.compile(
    rf"(?<=[{SENTENCE_END}；])[{CLOSERS}]*|\n+|(?<=[;])(?=[\u4e00-\u9fff])|(?<=[^\d][.])(?=[\u4e00-\u9fff])"
)


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


# A date: groups year, month, day (2024年3月1日).
DATE = rf"({YEAR_NUMBER})年(\d{{1,2}})月(\d{{1,2}})日"
# A part of a year that figures are reported for: 上半年, 前三季度, 第一季度, 1-6月.
PERIOD = r"上半年|下半年|前三季度|(?:第?一)季度|1\s*[-—–~至]\s*\d{1,2}\s*月"


def years(text: str) -> list[int]:
    """The calendar years a text names, in order, each once."""
    return list(dict.fromkeys(int(y) for y in YEAR.findall(text)))


# ---- periods -------------------------------------------------------------------------------
# A period is a string code: "2014" (a year), "2025H1"/"2025H2" (halves), "2025Q1" (quarters),
# "2013-01..05" (January to May). Documents write them 2024年, 2024年上半年, 2024年一季度, 2013年1-5月,
# 2024年前三季度 — or 上半年 alone in a report on one year.
@derived
def period_pattern() -> re.Pattern[str]:
    """A year with what follows it (年度, a part, a month range), or a part of a year or a month range
    on its own (上半年, 一至四月份)."""
    parts = "|".join(re.escape(p) for p in sorted(lexicon("periods")["parts"], key=len, reverse=True))
    marks = "".join(re.escape(m) for m in words("periods", "range_marks"))
    month = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"

    def months(n: str) -> str:
        return rf"(?P<first{n}>{month})\s*(?:月份?)?\s*[{marks}]\s*(?P<last{n}>{month})\s*月(?:份)?"

    return re.compile(
        rf"(?<![\d〔\[(（【])(?P<year>{YEAR_NUMBER})\s*年(?P<whole>度)?(?:(?P<part>{parts})|{months('')}|(?!\s*\d))"
        rf"|(?<![年\d])(?:(?P<alone>{parts})|{months('_alone')})"
    )


def _month(numeral: str) -> int:
    return int(cn_value(numeral))


def _code(year: int, match: re.Match[str]) -> str:
    part = match.group("part") or match.group("alone")
    if part:
        code = lexicon("periods")["parts"][part]
        return f"{year}-{code}" if ".." in code else f"{year}{code}"
    first, last = match.group("first") or match.group("first_alone"), match.group("last") or match.group("last_alone")
    if first:
        return f"{year}-{_month(first):02d}..{_month(last):02d}"
    return str(year)


def periods(text: str, year: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, code) of each period a text names, in order. A part without a year (上半年) is
    of `year`, the year the text is about, and left out when that is unknown."""
    found = []
    for match in period_pattern().finditer(text.translate(FULL_WIDTH)):
        of = int(match.group("year")) if match.group("year") else year
        if of is not None:
            found.append((match.start(), match.end(), _code(of, match)))
    return found


def period_in(text: str, year: int | None = None) -> str | None:
    """The first period a text names (2024年上半年 → 2024H1), or None."""
    found = periods(text, year)
    return found[0][2] if found else None


def relative_year(word: str, year: int) -> int | None:
    """The year a relative word names in a text about `year` (去年 in 2024 → 2023), or None."""
    offset = lexicon("periods")["relative"].get(word)
    return None if offset is None else year + int(offset)


_PERIOD_CODE = re.compile(r"^(\d{4})(?:(H[12]|Q[1-4])|-(\d{2})\.\.(\d{2}))?$")
# The period of a figure whose year its document does not give (20__年, xx年): still a figure, listed
# and citable, but in no series — there is no year to line it up by.
UNKNOWN_PERIOD = ""


def is_dated(code: str) -> bool:
    """Whether a period code names a time (2024, 2025H1), rather than UNKNOWN_PERIOD."""
    return bool(_PERIOD_CODE.match(code))


def period_year(code: str) -> int:
    return int(code[:4])


def period_label(code: str) -> str:
    """How people write a period: 2024 → 2024年, 2025H1 → 2025年上半年, 2013-01..05 → 2013年1—5月;
    UNKNOWN_PERIOD → 年份不详."""
    if code == UNKNOWN_PERIOD:
        return lexicon("periods")["unknown"]
    match = _PERIOD_CODE.match(code)
    if not match:
        return code
    year, part, first, last = match.groups()
    if part:
        return f"{year}年{lexicon('periods')['labels'][part]}"
    if first:
        return f"{year}年{int(first)}—{int(last)}月"
    return f"{year}年"


def period_months(code: str) -> tuple[int, int]:
    """(first, last) month a period covers: 2025H1 → (1, 6), 2024 → (1, 12)."""
    match = _PERIOD_CODE.match(code)
    if not match:
        raise ValueError(code)
    _, part, first, last = match.groups()
    if first:
        return int(first), int(last)
    if part:
        number = int(part[1])
        return ((number - 1) * 6 + 1, number * 6) if part[0] == "H" else ((number - 1) * 3 + 1, number * 3)
    return 1, 12


def period_sort_key(code: str) -> tuple[int, int, int]:
    """Periods in time order; within a year, the longer period (the whole year) last."""
    first, last = period_months(code)
    return period_year(code), last, -first


def is_whole_year(code: str) -> bool:
    return bool(_PERIOD_CODE.match(code)) and len(code) == 4


# ---- figures with units -------------------------------------------------------------------
NUMBER = r"\d+(?:[.,]\d+)*"  # 1356, 1.2, 1,200


def unit_pattern(extra: tuple[str, ...] = (), counts_only: bool = False) -> str:
    """Alternation of the lexicon's units and any `extra` ones (a workbook's own: 公顷), longest
    first; `counts_only` leaves out the units after which a Chinese numeral is no figure (五年)."""
    units = set(words("units", "units")) | set(extra)
    if counts_only:
        units -= set(words("units", "not_after_chinese_numerals"))
    return "|".join(re.escape(u) for u in sorted(units, key=lambda u: (-len(u), u)))


def approximate_pattern() -> str:
    """What may follow a number to make it approximate: 余|多 (30余家)."""
    return "|".join(words("units", "approximate"))


@derived
def figure_pattern(extra_units: tuple[str, ...] = ()) -> re.Pattern[str]:
    """A date first (2024年1月1日 is one figure), then a number with its unit: 5000元, 1.2万元,
    25.6%, 30余家, 1,200件; `extra_units` adds units the lexicon does not list."""
    scales = "".join(words("units", "scales"))
    return re.compile(
        rf"{YEAR_NUMBER}年\d{{1,2}}月\d{{1,2}}日|\d{{1,2}}月\d{{1,2}}日|{YEAR_NUMBER}年\d{{1,2}}月"
        rf"|{NUMBER}(?:\s*[{scales}])?(?:{approximate_pattern()})?\s*(?:{unit_pattern(extra_units)})"
    )


@derived
def _number_run() -> re.Pattern[str]:
    return re.compile(rf"(?:{NUMBER}\s*[-–~～]\s*)?(?:{figure_pattern().pattern})|{NUMBER}%?")


def number_spans(text: str) -> list[tuple[int, int]]:
    """Where each number stands with its unit, a range (2-3项) as one: the places a cut of the
    text must not fall inside. Full-width digits count (the spans are those of `text`)."""
    return [m.span() for m in _number_run().finditer(text.translate(FULL_WIDTH))]


@derived
def _lone_figure() -> re.Pattern[str]:
    scales = "".join(words("units", "scales"))
    return re.compile(rf"([-+−－]?)\s*({NUMBER})\s*([{scales}]?(?:{unit_pattern()})|[{scales}])?")


def figure_value(text: str) -> tuple[Decimal, str] | None:
    """A figure written alone, as a table cell holds it, with its sign and unit: 1,356 → (1356, ""),
    2.03% → (2.03, "%"), 12.4亿元 → (12.4, "亿元"), 1.2万 → (1.2, "万"), -3.5 → (-3.5, ""). None when
    the text is not one figure (约1300, 1300左右)."""
    match = _lone_figure().fullmatch(text.strip().translate(FULL_WIDTH))
    if not match:
        return None
    sign, number, unit = match.groups()
    try:
        value = cn_value(number)
    except ValueError:
        return None  # 1.2.3 is no number
    return (-value if sign and sign != "+" else value), unit or ""


def figures(text: str) -> list[str]:
    """The figures in a text (full-width digits read as ASCII), in order, each once."""
    return list(dict.fromkeys(m.group(0) for m in figure_pattern().finditer(text.translate(FULL_WIDTH))))


# ---- Chinese numerals ----------------------------------------------------------------------
CN_DIGITS = "零〇一二两三四五六七八九"
# A Chinese numeral as headings and ordinals write it (十二, 二十, 一百零一).
CN_NUMERAL = f"[{CN_DIGITS}十百]+"
_TWO_DIGITS = re.compile("[一二两三四五六七八九]{2}")  # 三四: “three or four”, not a number
_SCALED_DECIMAL = re.compile(r"(.+(?:点|\.).+?)([十百千]?[万亿]|[十百千])")  # 一点二万, 1.2千万, which cn2an does not read


def numbered(pattern: str) -> str:
    """A marker pattern of enumeration.toml with its {numeral} written out (language.text.CN_NUMERAL)."""
    return pattern.replace("{numeral}", CN_NUMERAL)


@derived
def enumeration_markers() -> tuple[tuple[int, re.Pattern[str]], ...]:
    """The heading and enumeration markers (第一章 … 一、 （一） 1. （1）), highest level first, each with its
    rank (a lower rank is a higher level); group 1 of a pattern is the ordinal. From enumeration.toml."""
    return tuple(
        (marker["rank"], re.compile(numbered(marker["pattern"])))
        for marker in lexicon("enumeration")["markers"]
    )


@derived
def item_marker() -> str:
    """The marker of a list item inside a paragraph (一是, 二是) as a regular expression; group 1 is the
    ordinal. From enumeration.toml."""
    return numbered(lexicon("enumeration")["item"])


def article_rank() -> int:
    """The rank of 第X条 among the enumeration markers."""
    return int(lexicon("enumeration")["article_rank"])


def cn_value(numeral: str) -> Decimal:
    """A Chinese or Arabic numeral's value: 一千三百五十六 → 1356, 十四点九 → 14.9, 一万二千 → 12000,
    3千 → 3000, 1.2万 → 12000, 1.2千万 → 12000000, 0.5亿 → 50000000. Raises ValueError for what is not one number (三四 is “three or four”)."""
    text = numeral.strip().translate(FULL_WIDTH).replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    if scaled := _SCALED_DECIMAL.fullmatch(text):
        return cn_value(scaled[1]) * cn_value(f"一{scaled[2]}")
    if _TWO_DIGITS.search(text):
        raise ValueError(numeral)
    try:
        return Decimal(str(cn2an.cn2an(text, "smart")))
    except (ValueError, KeyError, IndexError) as error:
        raise ValueError(numeral) from error


def cn_numeral(number: int) -> str:
    """An integer as a Chinese numeral (3 → 三, 12 → 十二), as a report writes a count of years."""
    return cn2an.an2cn(str(number), "low")
