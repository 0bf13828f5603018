"""Every figure a draft may state, computed in code from the cells: this year's and last year's
values, 同比 change in percent (one decimal, half up), 百分点 for ratios, increments, shares, and the
totals of a key event's list (新建院士工作站1家、省级工程技术研究中心2家 → 合计3家)."""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.indicators.facts import Fact, change, percent, plain
from assistant.indicators.model import Event, Indicator
from language.changes import stated
from language.lexicon import alternation, derived, words
from language.text import approximate_pattern, cn_numeral, figure_pattern, unit_pattern


@derived
def list_join() -> re.Pattern[str]:
    """What stands between the items of a list (、和及与)."""
    return re.compile(alternation("draft_check", "list_joins"))


# A figure as a key event writes it: a known unit, or any one measure word (举办对接会4期)
# (not a date or a code: 4·26, 2025年, 3月 are left out)
@derived
def event_figure() -> re.Pattern[str]:
    return re.compile(rf"(?<![\d.·\-/])(\d+(?:\.\d+)?)((?:[万亿千])?(?:{approximate_pattern()})?(?:{unit_pattern()}|[\u4e00-\u9fff]))(?![·\d])")



CLAUSE_START = re.compile(r"[，；。、,;：:（(]")


def value_fact(indicator: Indicator) -> Fact:
    return Fact(indicator.label, plain(indicator.this), indicator.unit, indicator.this_cell, indicator.label)


def average_fact(indicator: Indicator) -> Fact | None:
    """近三年年均增长x%, when the figures table gave enough years (drafting/history.py): the words name
    the years of growth the rate is computed over (2022→2025 is 近三年), as the arithmetic does."""
    if indicator.average is None:
        return None
    way = "fall" if indicator.average < 0 else "rise"
    name = f"{indicator.label}近{cn_numeral(indicator.average_years)}年年均{stated(way, 'rate')}"
    return Fact(name, format(abs(indicator.average), "f"), "%", indicator.average_from, indicator.label, "change", way)


def share_fact(part: Indicator, whole: Indicator) -> Fact | None:
    if whole.this == 0 or part.unit != whole.unit:
        return None
    return Fact(f"{part.label}占{whole.label}比重", format(percent(part.this, whole.this), "f"), "%",
                f"{part.this_cell}/{whole.this_cell}", part.label, "share", whole=whole.label)  # fmt: skip


def last_year_fact(indicator: Indicator) -> Fact:
    label = indicator.label
    return Fact(f"{label}（上年）", plain(indicator.last), indicator.unit, indicator.last_cell, label, "last")


def parent_of(indicators: list[Indicator], part: Indicator) -> Indicator | None:
    """The indicator a 其中： row belongs to: the nearest row above that is not itself a part."""
    index = indicators.index(part)
    return next((i for i in reversed(indicators[:index]) if not i.is_part), None)


def facts_for(indicators: list[Indicator], all_indicators: list[Indicator]) -> list[Fact]:
    """All facts the selected indicators give (values, last year's values, changes, shares)."""
    facts: list[Fact] = []
    for indicator in indicators:
        facts.append(value_fact(indicator))
        if indicator.last is not None:
            facts.append(last_year_fact(indicator))
        moved = change(indicator)
        if moved:
            facts += [moved.amount] + ([moved.increment] if moved.increment else [])
        average = average_fact(indicator)
        if average:
            facts.append(average)
        parent = parent_of(all_indicators, indicator) if indicator.is_part else None
        share = share_fact(indicator, parent) if parent else None
        if share:
            facts.append(share)
    return facts


def event_total(event: Event) -> Fact | None:
    """The total of a key event's list of figures in one unit (新建院士工作站1家、省级工程技术研究中心2家
    → 3家); None when the event has no such list (other units, 余/多, clauses, 其中)."""
    figures = list(figure_pattern().finditer(event.item))
    if len(figures) < 2 or any(mark in event.item for mark in words("draft_table", "part_marks")):
        return None
    split = [re.fullmatch(rf"([\d.]+)((?:(?!{approximate_pattern()})[^\d.])+)", m.group(0)) for m in figures]
    if not all(split) or len({m.group(2) for m in split}) != 1:
        return None
    gaps = [event.item[a.end() : b.start()] for a, b in zip(figures, figures[1:])]
    joins = list_join()
    if not all(joins.match(gap) and not re.search(r"[，；。,;]", gap) for gap in gaps):
        return None
    start = max(event.item.rfind(c, 0, figures[0].start()) for c in "，；。,;") + 1
    items = [event.item[start : figures[0].start()]] + [joins.sub("", gap, count=1) for gap in gaps]
    numbers = [m.group(1) for m in split]
    unit = split[0].group(2)
    return Fact(f"{'、'.join(items)}合计", plain(sum(map(Decimal, numbers))), unit,
                f"{event.cell}：{'+'.join(n + unit for n in numbers)}", event.item, "total")  # fmt: skip


def event_figures(event: Event) -> list[Fact]:
    """Each figure a key event states (举办科技成果对接会4期，服务企业510人次), as written, traced to the
    event's cell, so that the figure table lists every figure a draft takes from the events too."""
    facts = []
    for match in event_figure().finditer(event.item):
        if match.group(2) in words("draft_check", "date_units"):
            continue  # a date, not a figure
        start = max((m.end() for m in CLAUSE_START.finditer(event.item, 0, match.start())), default=0)
        what = event.item[start : match.start()].strip() or event.item.rstrip("。；")
        facts.append(Fact(what, match.group(1), match.group(2), event.cell, event.item, "event"))
    return facts
