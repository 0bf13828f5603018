"""The offline writer: a section in the bureau's style from computed facts and key events —
a 一、 heading, an opening, 一是…二是… with varied sentence patterns, and a closing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.drafting.data import Event, Indicator, IndicatorData
from assistant.drafting.facts import Change, change, is_ratio, parent_of, plain, share_fact
from assistant.drafting.topics import Topic

ORDINALS = "一二三四五六七八九十"
PLACE = re.compile(r"^(?:(?:19|20)\d{2}年)?([\u4e00-\u9fff]{1,6}?[县市区])")
# Sentence patterns for an indicator that rose; {v} value+unit, {r} rate, {i} increment+unit.
RISING = (
    "全{level}{name}{v}，同比增长{r}%",
    "{name}达到{v}，较上年增加{i}，增长{r}%",
    "完成{name}{v}，比上年增长{r}%",
    "{name}{v}，同比增长{r}%",
)
FALLING = (
    "全{level}{name}{v}，同比下降{r}%",
    "{name}{v}，较上年减少{i}，下降{r}%",
)
RATIO = ("{name}达到{v}，较上年{direction}{p}个百分点",)
FLAT = "{name}{v}，与上年持平"
# Indicator names that begin with a verb or a scope word take no 全县 / 完成 in front.
VERB_STARTS = ("全", "新", "选派", "兑现", "发放", "办理", "举办", "引进", "培育", "建成", "省级", "国家")
CLOSING = "下一步，我局将紧紧围绕{aim}，在巩固现有成效的基础上补短板、强弱项，推动{topic}工作再上新台阶。"


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


def _moved(indicator: Indicator, moved: Change | None, pattern_index: int, level: str) -> str:
    v = f"{plain(indicator.this)}{indicator.unit}"
    name = indicator.label
    if is_ratio(indicator) and moved:
        direction = "提高" if moved.rising else "下降"
        return RATIO[0].format(name=name, v=v, direction=direction, p=moved.amount.value)
    if moved is None or indicator.this == indicator.last:
        return FLAT.format(name=name, v=v)
    patterns = RISING if moved.rising else FALLING
    pattern = patterns[pattern_index % len(patterns)]
    if name.startswith(VERB_STARTS) and pattern.startswith(("全", "完成")):
        pattern = patterns[-1]  # 全县全社会… and 完成新认定… read badly
    increment = moved.increment.figure if moved.increment else ""
    return pattern.format(name=name, v=v, r=moved.amount.value, i=increment, level=level)


def _part(part: Indicator, whole: Indicator) -> str:
    moved = change(part)
    text = f"其中{part.label}{plain(part.this)}{part.unit}"
    if moved and part.this != part.last:
        text += f"，同比{'增长' if moved.rising else '下降'}{moved.amount.value}%"
    share = share_fact(part, whole)
    if share:
        text += f"，占{whole.label}的{share.figure}"
    return text


def place_level(data: IndicatorData) -> tuple[str, str]:
    """(示范县, 县) from the data file's name; (本县, 县) when it names no place."""
    match = PLACE.match(data.source)
    place = match.group(1) if match else "本县"
    return place, place[-1]


def write_section(topic: Topic, data: IndicatorData, chosen: list[Indicator], events: list[Event]) -> str:
    """The section text: heading line, then one paragraph."""
    _, level = place_level(data)
    items = []
    remaining = list(events)
    for index, group in enumerate(groups(chosen, data.indicators)):
        sentence = _moved(group.head, change(group.head), index, level)
        sentence += "".join(f"，{_part(p, group.head)}" for p in group.parts)
        stated = f"{group.head.label}{plain(group.head.this)}{group.head.unit}"
        for event in [e for e in remaining if e.item.startswith(stated)]:  # the event restates the figure
            sentence += event.item[len(stated) :].rstrip("。；")
            remaining.remove(event)
        items.append(sentence)
    if remaining:
        items.append("；".join(e.item.rstrip("。；") for e in remaining))
    body = "".join(
        f"{ORDINALS[i]}是{item}{'。' if i == len(items) - 1 else '；'}" for i, item in enumerate(items[: len(ORDINALS)])
    )
    opening = f"{data.year}年，我局围绕{topic.aim}，扎实推进{topic.name}各项工作，取得了新的成效。"
    closing = CLOSING.format(aim=topic.aim, topic=topic.name)
    return f"一、{topic.heading}\n{opening}{body}\n{closing}"
