"""Report topics: which indicators and key events belong to each, its heading, and how a chat
request names one (帮我起草今年知识产权工作的总结段落 → 知识产权)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.drafting.data import Event, Indicator
from assistant.drafting.facts import parent_of


@dataclass(frozen=True)
class Topic:
    name: str
    heading: str  # the 一、 heading of the section, without the numeral
    indicator_words: tuple[str, ...]
    event_categories: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    aim: str = ""  # what the work serves, for the opening sentence


TOPICS: tuple[Topic, ...] = (
    Topic("知识产权", "知识产权创造运用水平稳步提升", ("专利", "知识产权", "PCT"), ("知识产权",),
          ("专利",), "深入实施知识产权战略"),
    Topic("高新技术企业培育", "高新技术企业培育成效明显", ("高新技术企业", "科技型中小企业"), ("高新技术企业",),
          ("高新技术企业", "高企", "科技型中小企业"), "持续壮大创新主体"),
    Topic("研发投入", "全社会研发投入持续增长", ("研发经费", "研发投入", "R&D"), ("研发投入",),
          ("研发经费", "R&D"), "引导全社会加大研发投入"),
    Topic("成果转化", "科技成果转移转化加快推进", ("技术合同", "成果转化"), ("成果转化",),
          ("技术合同", "技术市场"), "打通科技成果转化通道"),
    Topic("科技特派员", "科技特派员服务基层扎实有效", ("特派员",), ("农业科技", "科技特派员"),
          ("特派员", "农业科技"), "推动科技服务下沉基层"),
    Topic("创新平台", "创新平台建设取得新进展", ("平台", "研发中心", "院士工作站", "工程技术研究中心"), ("创新平台",),
          ("研发平台", "院士工作站"), "夯实创新载体支撑"),
    Topic("科普", "科学普及工作深入开展", ("科普", "科技活动"), ("科普",), ("科学普及", "科技活动周"),
          "提升公民科学素质"),
    Topic("科技金融", "科技金融服务持续优化", ("创新券", "科技金融", "质押"), ("科技金融",),
          ("创新券",), "破解科技型企业融资难题"),
    Topic("科技人才", "科技人才队伍不断壮大", ("人才", "博士", "专家"), ("科技人才", "人才引进"),
          ("人才",), "强化创新人才支撑"),
)  # fmt: skip
DRAFT_VERBS = re.compile(r"起草|草拟|拟写|拟一?[段篇份]|撰写|写一?[段篇份]|写个|写写|写一下|生成|帮我写")
DRAFT_OBJECTS = re.compile(r"总结|段落|材料|报告|小结|部分|章节|情况")


class UnknownTopicError(ValueError):
    def __init__(self, topic: str) -> None:
        names = "、".join(t.name for t in TOPICS)
        super().__init__(f"不认识的主题“{topic}”。可选主题：{names}")


def find_topic(name: str) -> Topic:
    """A topic by its name or an alias (知识产权, 专利, 高企 …)."""
    for topic in TOPICS:
        if name == topic.name or name in topic.aliases:
            return topic
    for topic in TOPICS:
        if topic.name in name or any(alias in name for alias in topic.aliases):
            return topic
    raise UnknownTopicError(name)


def topic_from_request(text: str) -> Topic | None:
    """The topic a chat message asks to draft, or None when it is not a drafting request."""
    if not (DRAFT_VERBS.search(text) and DRAFT_OBJECTS.search(text)):
        return None
    try:
        return find_topic(text)
    except UnknownTopicError:
        return None


def heading_for(topic: Topic, indicators: list[Indicator]) -> str:
    """The topic's 一、 heading, or a neutral one when an indicator fell: a heading must not praise a fall."""
    return topic.heading if all(i.last is None or i.this >= i.last for i in indicators) else f"{topic.name}工作情况"


def select(topic: Topic, indicators: list[Indicator], events: list[Event]) -> tuple[list[Indicator], list[Event]]:
    """The topic's indicators (by keyword in the name, with their 其中： rows) and key events (by category)."""
    named = [i for i in indicators if any(word in i.name for word in topic.indicator_words)]
    chosen = [i for i in indicators if i in named or (i.is_part and parent_of(indicators, i) in named)]
    return chosen, [e for e in events if e.category in topic.event_categories or e.category == topic.name]
