"""A follow-up (那实用新型呢？ 申报时间呢？) becomes a standalone query before retrieval.

Offline, the previous topic is carried over: a new subject replaces the old one (那实用新型呢 after
发明专利授权后资助多少 asks 实用新型授权后资助多少), a new aspect is asked of the old subject
(申报时间呢 after 专利资助标准 asks 专利资助 申报时间). With an LLM, the LLM rewrites it.
"""

from __future__ import annotations

import re

import jieba.posseg as pseg

from assistant.answer.model import Turn

FOLLOW_UP = re.compile(r"^(?:那么?|那|还有|另外|再问一下|然后)?\s*(?P<focus>.{1,16}?)\s*(?:呢|怎么样|如何|又是多少|是多少|多少)?[？?。！!]*$")
FOLLOW_UP_CUES = re.compile(r"^(?:那|还有|另外|然后)|呢[？?]*$|^(?:它|这个|该|其|他们|这些)")
# Words that ask about an aspect of the previous subject rather than name a new subject.
ASPECTS = re.compile(r"时间|期限|截止|条件|材料|金额|标准|多少|流程|程序|要求|地点|电话|联系人|上限|比例|有效期|对象|范围|怎么申请|如何申请|去哪")
SUBJECT_FLAGS = ("n", "l", "b", "j", "vn", "nz", "eng")
MAX_FOLLOW_UP_CHARS = 16


def is_follow_up(question: str) -> bool:
    text = question.strip()
    return len(text) <= MAX_FOLLOW_UP_CHARS and bool(FOLLOW_UP_CUES.search(text))


def _subject(query: str) -> tuple[str, str]:
    """The leading noun phrase of a query and the rest: (发明专利, 授权后每件能拿到多少资助？)."""
    words = pseg.lcut(query)
    taken = 0
    for word, flag in words:
        if not flag.startswith(SUBJECT_FLAGS):
            break
        taken += len(word)
    return query[:taken], query[taken:]


def carry_over(question: str, previous: Turn) -> str:
    """The offline rewrite of a follow-up, from the previous standalone query."""
    match = FOLLOW_UP.match(question.strip())
    focus = (match["focus"] if match else question).strip("那 ？?")
    focus = re.sub(r"^(?:它|这个|该|其)(?:的)?", "", focus)
    subject, rest = _subject(previous.query)
    if not focus:
        return previous.query
    if not subject:
        return f"{previous.query.rstrip('？?。')}，{focus}"
    if ASPECTS.search(focus):
        return f"{subject}{focus}"
    return f"{focus}{rest}"


def condense_offline(question: str, history: list[Turn]) -> str:
    if not history or not is_follow_up(question):
        return question
    return carry_over(question, history[-1])
