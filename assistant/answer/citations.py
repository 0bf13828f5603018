"""The one way an answer's citations are built, whoever answers (retrieval QA, an eligibility check, a
figures table): each cited passage numbered once, in the order the answer first uses it, and shown in
the text as an [n] marker. Also the number check applied to every finished answer."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable

from assistant.answer.evidence import Evidence
from assistant.answer.model import Answer, Citation
from assistant.answer.numbers import mark_unverified, unverified_figures
from language.text import sentences

MARKER = re.compile(r"\[(\d{1,2})\]")


def markers(numbers: Iterable[int]) -> str:
    """The [n] markers that cite the sources `numbers`, as the answer's text writes them."""
    return "".join(f"[{n}]" for n in numbers)


def cited_numbers(text: str) -> list[int]:
    """The source numbers a text's [n] markers cite, in order, each once."""
    return list(dict.fromkeys(int(n) for n in MARKER.findall(text)))


def drop_unknown_citations(text: str, known: int) -> tuple[str, list[int]]:
    """Remove [n] markers that point at no retrieved source (n outside 1..known); return what went."""
    dropped = [n for n in cited_numbers(text) if not 1 <= n <= known]
    cleaned = MARKER.sub(lambda m: m.group(0) if 1 <= int(m.group(1)) <= known else "", text)
    return cleaned, dropped


class Citations:
    """An answer's citations as it is written: `cite` gives a passage its number the first time and the
    same number again after; `list` is what the Answer carries."""

    def __init__(self) -> None:
        self.list: list[Citation] = []
        self._numbers: dict[Hashable, int] = {}

    def cite(
        self, source: str, title: str, section: str, text: str, *, highlight: str = "", chunk_id: str = "",
        kb: str = "", number: int | None = None, same: Hashable | None = None,
    ) -> int:  # fmt: skip
        """The number of the passage `text` at `section` of `source`. `number` keeps a number the text
        already uses (an LLM's [n] is its source's place in the prompt); `same` says which passages count
        as one (by default the same text at the same place)."""
        key = (source, section, text) if same is None else same
        if key not in self._numbers:
            self._numbers[key] = number if number is not None else len(self.list) + 1
            self.list.append(Citation(self._numbers[key], source, title, section, text, highlight, chunk_id, kb))
        return self._numbers[key]

    def passage(self, item: Evidence, highlight: str, number: int | None = None) -> int:
        """Cite a retrieved passage (one chunk of one knowledge base), the sentence that supports the
        answer highlighted."""
        r = item.result
        return self.cite(r.source, r.title, r.section, r.text, highlight=highlight, chunk_id=r.chunk_id,
                         kb=item.kb, number=number, same=(item.kb, r.chunk_id))  # fmt: skip


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def supporting_sentence(passage: str, claim: str) -> str:
    """The sentence of the passage that shares the most wording with the claim."""
    claim_grams = _bigrams(claim)
    return max(sentences(passage), key=lambda s: len(_bigrams(s) & claim_grams), default="")


def citations_for(evidence: list[Evidence], numbers: list[int], answer_text: str) -> list[Citation]:
    """Citations for the 1-based source numbers an LLM answer used, each highlighting the sentence
    closest to what the answer says with that marker."""
    cited = Citations()
    for n in numbers:
        cited.passage(evidence[n - 1], supporting_sentence(evidence[n - 1].result.text, claim_before(answer_text, n)), n)
    return cited.list


def claim_before(text: str, number: int) -> str:
    """The sentence(s) of an answer that end with the marker [number]."""
    claims = text.split(markers([number]))[:-1]
    return " ".join(c[-80:] for c in claims)


def checked(answer: Answer) -> Answer:
    """Flag every figure that none of the cited passages holds, in the list and visibly in the text."""
    unverified = unverified_figures(answer.text, [f"{c.title}\n{c.section}\n{c.text}" for c in answer.citations])
    answer.unverified_numbers = unverified
    answer.text = mark_unverified(answer.text, unverified)
    return answer
