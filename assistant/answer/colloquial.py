"""Everyday words users type, and the words bureau documents use for the same thing.

A question says 补贴 or 批下来; the policy says 资助 and 授权. The official words are added to the
query for retrieval and sentence scoring, and count as mentions when deciding whether to decline.
"""

from __future__ import annotations

OFFICIAL_WORDS: dict[str, tuple[str, ...]] = {
    "补贴": ("资助", "补助", "奖励"),
    "补助": ("资助", "补贴", "奖励"),
    "资助": ("补助", "奖励"),
    "奖金": ("奖励",),
    "批下来": ("授权", "批准"),
    "批了": ("授权", "批准"),
    "最多": ("最高", "不超过", "上限"),
    "封顶": ("最高", "不超过", "上限"),
    "最晚": ("截止", "前"),
    "多少钱": ("资金", "万元"),
    "找谁": ("联系人",),
    "电话": ("联系电话",),
    "交什么": ("提交", "材料"),
    "公司": ("企业",),
    "老板": ("负责人",),
}


def official_words(word: str) -> tuple[str, ...]:
    return OFFICIAL_WORDS.get(word, ())


def expand_query(query: str) -> str:
    """The query followed by the official words for the everyday words it uses."""
    extra = [w for plain, words in OFFICIAL_WORDS.items() if plain in query for w in words if w not in query]
    return " ".join([query, *dict.fromkeys(extra)]) if extra else query
