"""Evidence for a question: passages from the knowledge bases the user may read, and whether they
are adequate at all (a question about something the documents never mention is declined)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import jieba.posseg as pseg

from assistant.answer.colloquial import official_words
from assistant.knowledge import KnowledgeBase
from ingest.normalize import normalize_for_search
from vectorstore.model import SearchFilters, SearchResult


# Nouns any question may use without the documents having to: they say what is asked, not about what.
GENERIC_NOUNS = frozenset(
    "企业 单位 部门 时间 政策 标准 条件 材料 情况 工作 钱 问题 方面 内容 规定 要求 县里 市里 我们 公司 资金 "
    "多少 什么 哪些 东西 事情 方式 办法 程序 流程 手续 期限 日期 金额 数量 结果 后果 资格 对象 人 人员 "
    "今年 去年 明年 上半年 下半年 全年 全县 本县 县 市 区 地方 科技局 局里 文件 规定 具体 有关 相关 方法 "
    "能 会 后 时候 年 月 日 号 件 家 个 名 项 次 一下 怎么样 谁 哪里 哪儿 多久 如何 怎样 一共 总共 合计 共计 目前 现在 "
    "文号 额外 比例 费用 最多 最晚 一年 每年 问题 电话 有没有".split()
)
CONTENT_FLAGS = ("n", "vn", "eng", "j", "l", "b", "i")  # n covers nr, ns, nt, nz
NAME_FLAGS = ("ns", "nt")  # places and organisations (jieba's person tag nr fires on ordinary words)
YEAR = re.compile(r"(?:19|20)\d{2}年?")


@dataclass
class Evidence:
    """One retrieved passage and the knowledge base it came from."""

    result: SearchResult
    kb: str


def retrieve(kbs: list[KnowledgeBase], query: str, k: int, filters: SearchFilters | None) -> list[Evidence]:
    """The k best passages over all given knowledge bases (fused scores are comparable across them)."""
    found = [Evidence(r, kb.name) for kb in kbs for r in kb.search(query, k, filters)]
    found.sort(key=lambda e: -e.result.score)
    return found[:k]


def content_terms(query: str) -> list[str]:
    """The words a passage must mention to be about the question: names, things, years."""
    text = normalize_for_search(query)
    # Dictionary words only: jieba's guesses for unknown words glue particles on (培育库有 → 库有).
    terms = [w for w, flag in pseg.lcut(text, HMM=False) if flag.startswith(CONTENT_FLAGS) and len(w) >= 2]
    terms += YEAR.findall(text)
    return [t for t in dict.fromkeys(terms) if t not in GENERIC_NOUNS]


def _mentioned(term: str, texts: list[str]) -> bool:
    """In a passage verbatim, or most of its character pairs in one passage (申请专利 ~ 专利申请表)."""
    if any(term in text for text in texts):
        return True
    if any(char.isdigit() for char in term):
        return False  # a year or a figure must be there exactly
    pairs = {term[i : i + 2] for i in range(len(term) - 1)}
    return len(pairs) >= 2 and any(sum(p in text for p in pairs) * 2 > len(pairs) for text in texts)


def unsupported_terms(query: str, evidence: list[Evidence]) -> list[str]:
    """Content words of the question that none of the passages mentions."""
    texts = [normalize_for_search(e.result.text + e.result.title + e.result.section) for e in evidence]
    return [
        term for term in content_terms(query)
        if not any(_mentioned(word, texts) for word in (term, *official_words(term)))
    ]  # fmt: skip


def off_topic(query: str, evidence: list[Evidence], known: Callable[[str], bool]) -> list[str]:
    """The missing words that show the passages are about something else: a word the knowledge base
    never uses (`known` says whether it does), a name or a year the passages never mention, or most
    of the question's content words. Empty when the evidence fits."""
    terms = content_terms(query)
    missing = unsupported_terms(query, evidence)
    names = {w for w, flag in pseg.lcut(normalize_for_search(query)) if flag in NAME_FLAGS}
    unknown = [t for t in missing if not any(known(word) for word in (t, *official_words(t)))]
    if unknown:
        return unknown
    if any(t in names or YEAR.fullmatch(t) for t in missing) or len(missing) * 2 > len(terms):
        return missing
    return []


INTERROGATIVES = frozenset("多少 什么 哪些 哪个 哪家 几 多大 多高 多长".split())
LINKS = frozenset("是 有 为 的 能 可 可以 会 要 需要 都 共 一共 总共 每 每件 每年 每月 最高 最多".split())


def focus_term(query: str) -> str | None:
    """The thing a question asks after: the content word next to its question word
    (多少资助 → 资助, 工作补贴是多少 → 补贴), or None."""
    words = [(w, flag) for w, flag in pseg.lcut(normalize_for_search(query), HMM=False) if w.strip()]
    for i, (word, _) in enumerate(words):
        if word not in INTERROGATIVES:
            continue
        after = [w for w, flag in words[i + 1 : i + 3] if flag.startswith(CONTENT_FLAGS) and len(w) >= 2]
        if after:
            return after[0]
        j = i - 1
        while j >= 0 and words[j][0] in LINKS:
            j -= 1
        if j >= 0 and words[j][1].startswith(CONTENT_FLAGS) and len(words[j][0]) >= 2:
            return words[j][0]
    return None


def focus_unsupported(query: str, cited_texts: list[str]) -> str | None:
    """The question's focus when the passages an answer would cite never mention it."""
    focus = focus_term(query)
    if focus is None or focus in GENERIC_NOUNS:
        return None
    texts = [normalize_for_search(t) for t in cited_texts]
    return None if any(_mentioned(w, texts) for w in (focus, *official_words(focus))) else focus
