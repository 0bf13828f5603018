"""The offline writer: a section in the bureau's style from computed facts and key events —
a 一、 heading, an opening, 一是…二是… with varied sentence patterns, and a closing that says what
comes next (and names what fell, rather than praising it)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from assistant.drafting.facts import average_fact, event_total, parent_of, share_fact
from assistant.drafting.topics import Topic, heading_for
from assistant.indicators.facts import Change, change, is_ratio, plain
from assistant.indicators.model import Event, Indicator, IndicatorData
from assistant.indicators.place import place_level
from language.changes import stated
from language.lexicon import lexicon
from language.text import cn_numeral

MAX_ITEMS = 7  # more than 七是 reads as a list; key events are then joined in pairs


@dataclass
class Group:
    head: Indicator
    parts: list[Indicator]


def groups(chosen: list[Indicator], all_indicators: list[Indicator]) -> list[Group]:
    """Each indicator with its 其中： parts; a part whose parent was not chosen stands alone."""
    result: list[Group] = []
    by_head: dict[str, Group] = {}
    for indicator in chosen:
        parent = parent_of(all_indicators, indicator) if indicator.is_part else None
        if parent is not None and parent.name in by_head:
            by_head[parent.name].parts.append(indicator)
            continue
        group = Group(indicator, [])
        by_head[indicator.name] = group
        result.append(group)
    return result


def _sentences() -> dict[str, Any]:
    """The template sentences: language/lexicon/draft_sentences.toml."""
    return lexicon("draft_sentences")


def _moved(indicator: Indicator, moved: Change | None, pattern_index: int, level: str) -> str:
    """One indicator's clause; without a level (no setting or title names the place) a sentence that
    needs one gives way to the plain one: a level word is never guessed."""
    name, sentences = indicator.label, _sentences()
    v = f"{plain(indicator.this)}{indicator.unit}"
    if indicator.last is None:
        return sentences["value_only"].format(name=name, v=v)
    l = f"{plain(indicator.last)}{indicator.unit}"  # noqa: E741
    if indicator.last == 0 and indicator.this > 0:
        return sentences["from_zero"].format(name=name, v=v)
    if moved is None or indicator.this == indicator.last:
        return sentences["flat"].format(name=name, v=v)
    if is_ratio(indicator):
        way = moved.direction
        words = {"reach": stated(way, "ratio_is"), "direction": stated(way, "points"), "direction_to": stated(way, "points_reached")}
        ratio = sentences["ratio"]
        return ratio[pattern_index % len(ratio)].format(name=name, v=v, l=l, p=moved.amount.value, **words)
    patterns = sentences["rising" if moved.rising else "falling"]
    pattern = patterns[pattern_index % len(patterns)]
    if name.startswith(tuple(sentences["verb_starts"])) or ("{level}" in pattern and not level):
        pattern = sentences["plain_rising" if moved.rising else "plain_falling"]  # 全县全社会… read badly
    increment = moved.increment.figure if moved.increment else ""
    return pattern.format(name=name, v=v, l=l, r=moved.amount.value, i=increment, level=level)


def _part(part: Indicator, whole: Indicator) -> str:
    moved, sentences = change(part), _sentences()
    text = sentences["part"].format(name=part.label, v=f"{plain(part.this)}{part.unit}")
    if moved and part.this != part.last:
        text += sentences["part_change"].format(way=stated(moved.direction, "rate"), r=moved.amount.value)
    share = share_fact(part, whole)
    if share:
        text += sentences["part_share"].format(whole=whole.label, share=share.figure)
    return text


def _items(data: IndicatorData, chosen: list[Indicator], events: list[Event], level: str) -> list[str]:
    """One clause chain per indicator (with its parts and the events that restate it), then the events."""
    items, remaining = [], list(events)
    for index, group in enumerate(groups(chosen, data.indicators)):
        sentence = _moved(group.head, change(group.head), index, level)
        if average := average_fact(group.head):  # 近三年年均增长x%, from the documents' figures
            sentence += f"，{average.name.removeprefix(group.head.label)}{average.figure}"
        sentence += "".join(f"，{_part(p, group.head)}" for p in group.parts)
        stated = f"{group.head.label}{plain(group.head.this)}{group.head.unit}"
        for event in [e for e in remaining if e.item.startswith(stated)]:  # the event restates the figure
            sentence += event.item[len(stated) :].rstrip("。；")
            remaining.remove(event)
        items.append(sentence)
    if remaining:
        per_item = math.ceil(len(remaining) / max(1, MAX_ITEMS - len(items)))
        total = _sentences()["event_total"]
        texts = [e.item.rstrip("。；") + (total.format(total=t.figure) if (t := event_total(e)) else "") for e in remaining]
        items += ["，".join(texts[i : i + per_item]) for i in range(0, len(texts), per_item)]
    return items


def write_section(
    topic: Topic, data: IndicatorData, chosen: list[Indicator], events: list[Event], level: str | None = None
) -> str:
    """The section text: the heading line, the body paragraph, the closing paragraph. `level` (市 for
    全市) defaults to what the workbook itself says (assistant/indicators/place.py)."""
    level = place_level(data).level if level is None else level
    items = _items(data, chosen, events, level)
    if len(items) == 1:
        body = f"{items[0]}。"
    else:
        body = "".join(f"{cn_numeral(i + 1)}是{item}{'。' if i == len(items) - 1 else '；'}" for i, item in enumerate(items))
    sentences = _sentences()
    variant = sum(map(ord, topic.name))  # a fixed choice per topic, so that sections differ from each other
    fallen = [i.label for i in chosen if i.last is not None and i.this < i.last]
    rose = all(i.last is not None and i.this > i.last for i in chosen)
    result = sentences["result_all_up"] if chosen and not fallen and rose else ""
    openings, closings = sentences["openings"], sentences["closings"]
    opening = openings[variant % len(openings)].format(when=data.when, aim=topic.aim, name=topic.name, result=result)
    if fallen:
        closing = sentences["closing_after_fall"].format(fallen="、".join(fallen), name=topic.name)
    else:
        closing = closings[variant % len(closings)].format(name=topic.name)
    if data.period:  # 上半年 compares with the same period of last year
        last_year, same_period = sentences["last_year"]
        body, closing = body.replace(last_year, same_period), closing.replace(last_year, same_period)
    return f"一、{heading_for(topic, chosen)}\n{opening}{body}\n{closing}"
