"""Citations from retrieved passages, and the number check applied to every finished answer."""

from __future__ import annotations

from assistant.answer.evidence import Evidence
from assistant.answer.model import Answer, Citation
from assistant.answer.numbers import mark_unverified, unverified_figures
from language.text import sentences


def citation(number: int, item: Evidence, highlight: str) -> Citation:
    r = item.result
    return Citation(number, r.source, r.title, r.section, r.text, highlight, r.chunk_id, item.kb)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def supporting_sentence(passage: str, claim: str) -> str:
    """The sentence of the passage that shares the most wording with the claim."""
    claim_grams = _bigrams(claim)
    return max(sentences(passage), key=lambda s: len(_bigrams(s) & claim_grams), default="")


def citations_for(evidence: list[Evidence], numbers: list[int], answer_text: str) -> list[Citation]:
    """Citations for the 1-based source numbers an LLM answer used, each highlighting the sentence
    closest to what the answer says with that marker."""
    return [
        citation(n, evidence[n - 1], supporting_sentence(evidence[n - 1].result.text, claim_before(answer_text, n)))
        for n in numbers
    ]


def claim_before(text: str, number: int) -> str:
    """The sentence(s) of an answer that end with the marker [number]."""
    claims = text.split(f"[{number}]")[:-1]
    return " ".join(c[-80:] for c in claims)


def checked(answer: Answer) -> Answer:
    """Flag every figure that none of the cited passages holds, in the list and visibly in the text."""
    unverified = unverified_figures(answer.text, [f"{c.title}\n{c.section}\n{c.text}" for c in answer.citations])
    answer.unverified_numbers = unverified
    answer.text = mark_unverified(answer.text, unverified)
    return answer
