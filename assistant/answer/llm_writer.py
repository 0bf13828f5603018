"""Answers and follow-up rewrites written by an LLM from the numbered sources, then checked:
citations to sources that were not retrieved are removed, an answer citing nothing is rejected,
and every figure must stand in a cited source."""

from __future__ import annotations

from collections.abc import Generator

from assistant.answer.citations import checked, citations_for, cited_numbers, drop_unknown_citations, markers
from assistant.answer.condense import asked
from assistant.answer.evidence import Evidence
from assistant.answer.model import Answer, Turn
from assistant.config import Settings
from assistant.llm import LLMUnavailableError, complete_text, stream_text
from assistant.prompts import load_prompt

DECLINED = "未找到相关依据"
NO_CITATION = "大模型的回答没有标注依据，已改用离线摘录回答。"
FALLBACK = "{error} 已改用离线摘录回答。"
DROPPED = "已删除指向未检索到的依据的引用：{numbers}。"
HISTORY_TURNS = 3


QUOTE_OPEN, QUOTE_CLOSE = "<资料原文>", "</资料原文>"  # the system prompt says what stands between is data


def quoted(text: str) -> str:
    """A passage as quoted material: a passage cannot close the quote early by writing the marks itself."""
    for mark in (QUOTE_CLOSE, QUOTE_OPEN):
        text = text.replace(mark, "")
    return f"{QUOTE_OPEN}\n{text}\n{QUOTE_CLOSE}"


def format_sources(evidence: list[Evidence]) -> str:
    return "\n\n".join(
        f"{markers([n])} 《{e.result.title}》{e.result.section}\n{quoted(e.result.text)}" for n, e in enumerate(evidence, start=1)
    )


def format_history(history: list[Turn]) -> str:
    return "\n".join(f"问：{t.question}\n答：{t.answer}" for t in history[-HISTORY_TURNS:]) or "（无）"


def condense_with_llm(llm: object, settings: Settings, question: str, history: list[Turn]) -> str | None:
    """The LLM's standalone rewrite of a follow-up, or None when it fails (the offline rewrite is used)."""
    prompt = load_prompt(settings, "condense").format(history=format_history(history), question=question)
    try:
        rewritten = complete_text(llm, prompt).strip().splitlines()
    except LLMUnavailableError:
        return None
    first = rewritten[0].strip() if rewritten else ""
    # A usable rewrite keeps what the follow-up asks (实用新型, 申报时间) and adds the earlier topic.
    return first if asked(question) in first and len(first) > len(question) else None


def answer_with_llm(
    llm: object, settings: Settings, question: str, query: str, evidence: list[Evidence], history: list[Turn]
) -> Generator[str, None, Answer | str]:
    """Yields the LLM's text as it streams; returns the checked Answer, or a notice saying why the
    offline answer must be used instead."""
    prompt = load_prompt(settings, "answer_user").format(
        sources=format_sources(evidence), question=query, history=format_history(history)
    )
    pieces: list[str] = []
    try:  # the rules go as a system message: chat models follow those more closely
        for piece in stream_text(llm, prompt, system=load_prompt(settings, "answer_system")):
            pieces.append(piece)
            yield piece
    except LLMUnavailableError as error:
        return FALLBACK.format(error=str(error))
    return review(question, query, "".join(pieces).strip(), evidence)


def review(question: str, query: str, text: str, evidence: list[Evidence]) -> Answer | str:
    """Repair or reject an LLM answer: the checked Answer, or the reason it cannot be used."""
    text, dropped = drop_unknown_citations(text, len(evidence))
    used = cited_numbers(text)
    if DECLINED in text and not used:
        return Answer(question, query, text, [], "llm", declined=True)
    if not used:
        return NO_CITATION
    notice = DROPPED.format(numbers="、".join(markers([n]) for n in dropped)) if dropped else None
    return checked(Answer(question, query, text, citations_for(evidence, used, text), "llm", notice=notice))
