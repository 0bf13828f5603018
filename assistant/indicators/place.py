"""The place an indicator table speaks for and its level (临江市 → 市, so a draft says 全市): from the
configured names (`drafting.region`, then `bureau_name`), else from the workbook (its title rows, then the
file's name). Where none of them names a place, there is no level — a level is never guessed."""

from __future__ import annotations

import re

from assistant.indicators.model import IndicatorData
from language.lexicon import derived, words
from language.places import Place, place_at, scope_word
from language.text import YEAR_NUMBER, periods


@derived
def _title_prefixes() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in words("draft_table", "title_prefixes"))


def _candidates(text: str) -> list[str]:
    """Where a place name may start in a line: the line without a 表1/附件2 prefix, and what follows a
    label (填报单位：临江市科学技术局)."""
    line = re.sub(r"\s+", "", text)
    for prefix in _title_prefixes():
        line = prefix.sub("", line)
    while (found := periods(line, 0)) and found[0][0] == 0:  # 2025年1-11月临江市…
        line = line[found[0][1] :]
    line = re.sub(rf"^{YEAR_NUMBER}年\d{{1,2}}月份?", "", line)  # 2025年11月临江市科技统计月报
    return [line] + [part for part in re.split(r"[：:]", line)[1:] if part]


def place_in(text: str) -> Place | None:
    """The first place a text names (临江市, level 市), or a level without a name (市科技局); None when
    it names none. 全市/我市/本市 are scope words, no place."""
    scope = set(words("figures", "scope_words"))
    for candidate in _candidates(text):
        place = place_at(candidate)
        if place is None or str(place) in scope or scope_word(candidate):
            continue
        return place
    return None


def place_level(data: IndicatorData, configured: tuple[str, ...] = ()) -> Place:
    """The place of a draft: the first of the configured names (region setting, bureau name), the
    workbook's title rows and its file name that names a place or a level; a Place without a name or
    a level when none does."""
    for text in (*configured, *data.title, data.source):
        if place := place_in(text or ""):
            return place
    return Place()
