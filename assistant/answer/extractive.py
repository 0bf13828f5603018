"""The offline answerer: the most relevant sentences of the retrieved passages, verbatim, with their
citations, grouped by source. Needs no LLM."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.answer.citations import markers
from assistant.answer.evidence import FIGURE_KINDS, Evidence
from assistant.answer.query import Query, QuestionKind, fits
from assistant.answer.restated import without_restated_rows
from ingest.normalize import normalize_for_search
from language.lexicon import derived, words
from language.text import article_rank, enumeration_markers, sentences
from vectorstore.lexical import tokenize

SHAPE_BONUS = 0.25
# The retrieval rank counts: the passage ranked first holds the answer far more often than a sentence of
# a lower passage that happens to repeat more of the question's words.
RANK_BONUS = 0.3
# A sentence that restates the question (an FAQ's own question, the document's title line) says what the
# passage is about, not the answer.
RESTATES_PENALTY = 0.2
KEEP_RATIO = 0.85  # further sentences must score this share of the best one
MAX_SENTENCES = {"materials": 4, "conditions": 4}
DEFAULT_MAX_SENTENCES = 3
IDENTIFIER_KINDS = ("doc_number", "contact")  # answered by the identifier alone
# Only a word that few passages hold can say which document a question is about. BM25's IDF of a token
# that half the passages hold is log 2 whatever their number: at or below it (示范县, 企业, 科技 in a
# county bureau's base) a word stands in the headings of too many documents to name one.
GENERIC_IDF = math.log(2)


@derived
def leading_label() -> re.Pattern[str]:
    """The marker a quoted article or item starts with (第六条, 一、, （一）, 1.): the answer names the
    article in its own words (据《…》第六条：), so the marker is not written twice. Markers of chapters and
    sections never start a sentence that answers. From enumeration.toml, as every reader of markers."""
    labels = [p.pattern for rank, p in enumeration_markers() if rank >= article_rank()]
    return re.compile(rf"^\s*(?:{'|'.join(labels)})\s*")


@dataclass
class Sentence:
    text: str
    evidence: int  # index into the evidence list
    position: int  # order inside its passage
    score: float


@dataclass
class Extract:
    """The chosen sentences per passage (by evidence index, best passage first)."""

    kind: QuestionKind
    picked: dict[int, list[Sentence]]

    @property
    def answers_the_kind(self) -> bool:
        """For a question after a figure, a date, a 文号 or a contact: a chosen sentence holds one."""
        if self.kind not in FIGURE_KINDS:
            return True
        return any(fits(self.kind, s.text) for group in self.picked.values() for s in group)


def _continues(sentence: str) -> bool:
    """A sentence that introduces what follows: 申报须提交以下材料： … or ends on a clause mark."""
    return sentence.rstrip().endswith(("：", ":", "；", ";", "，"))


def _restates(sentence: str, title_line: str) -> bool:
    """The sentence asks a question, or it is the document's title line (its opening, normalised)."""
    head = normalize_for_search(sentence)[:20].strip()
    return sentence.rstrip().endswith(("？", "?")) or bool(head) and head in title_line


def rank_sentences(query: Query, evidence: list[Evidence], idf: Callable[[str], float]) -> list[Sentence]:
    """Every sentence of every passage scored against the question, best first. The official words for
    the question's everyday ones earn credit too, but a sentence need not have them."""
    kind = query.kind
    weights = query.weights(idf)
    total = sum(weights.values()) or 1.0
    for token, weight in query.expansion_weights(idf).items():
        weights.setdefault(token, weight)
    scored: list[Sentence] = []
    for index, item in enumerate(evidence):
        context = set(tokenize(normalize_for_search(item.result.section)))
        title_line = normalize_for_search(item.result.opening)[:120]
        for position, text in enumerate(sentences(item.result.text)):
            tokens = set(tokenize(normalize_for_search(text))) | context
            coverage = min(1.0, sum(w for t, w in weights.items() if t in tokens) / total)
            score = coverage + (SHAPE_BONUS if kind != "general" and fits(kind, text) else 0.0)
            score -= RESTATES_PENALTY if _restates(text, title_line) else 0.0
            scored.append(Sentence(text, index, position, score + RANK_BONUS / (1 + index)))
    return sorted(scored, key=lambda s: -s.score)


def extract(query: Query, evidence: list[Evidence], idf: Callable[[str], float]) -> Extract:
    """The best few sentences (rank_sentences), with the list items an introducing sentence announces."""
    kind = query.kind
    ranked = rank_sentences(query, evidence, idf)
    if not ranked:
        return Extract(kind, {})
    limit = MAX_SENTENCES.get(kind, DEFAULT_MAX_SENTENCES)
    asked = documents_asked(query, evidence, idf, ranked[0].evidence)
    close = [s for s in ranked if s.score >= KEEP_RATIO * ranked[0].score]
    chosen = [s for s in close if s.evidence in asked][:limit]
    if kind in IDENTIFIER_KINDS and any(fits(kind, s.text) for s in chosen):
        chosen = [s for s in chosen if fits(kind, s.text)]  # the 文号 itself, not the articles around it
    picked: dict[int, list[Sentence]] = {}
    for sentence in chosen:
        picked.setdefault(sentence.evidence, []).append(sentence)
    for index, group in picked.items():  # a list intro brings its items along
        all_sentences = sentences(evidence[index].result.text)
        positions = {s.position for s in group}
        for s in list(group):
            nxt = s.position + 1
            while _continues(all_sentences[nxt - 1]) and nxt < len(all_sentences) and nxt not in positions:
                group.append(Sentence(all_sentences[nxt], index, nxt, s.score))
                positions.add(nxt)
                nxt += 1
        group.sort(key=lambda s: s.position)
    picked = without_restated_rows(picked, {i: evidence[i].result.source for i in picked})
    return Extract(kind, picked)


def _document(item: Evidence) -> tuple[str, str]:
    return item.result.source, item.result.title  # a compilation's articles share the file, not the title


def _specific_tokens(query: Query, idf: Callable[[str], float]) -> set[str]:
    """The search tokens of the question's runs of content words that few passages hold. Left out: the
    question words, time qualifiers, the lexicon's generic nouns, the words naming the kind of answer
    and the focus (多少资助 → 资助: every policy pays some 资助, so it names no document). Within a run,
    so that 创新券 gives 新券 although the dictionary cuts it 创新 / 券."""
    skip = {*words("question", "question_words"), *words("question", "time_qualifiers")}
    skip |= {*words("question", "generic_nouns"), *query.asked, query.focus}
    runs, run = [], ""
    for word, _ in query.words:
        if word in skip:
            runs.append(run)
            run = ""
        else:
            run += word
    runs.append(run)
    return {t for r in runs for t in tokenize(normalize_for_search(r)) if len(t) > 1 and idf(t) > GENERIC_IDF}


def documents_asked(query: Query, evidence: list[Evidence], idf: Callable[[str], float], best: int) -> set[int]:
    """The passages an answer may quote: those of the document holding the best sentence, and those of
    another document only when the question asks about it too. What a document is about is what its
    title and headings say, so of the question's specific words (`_specific_tokens`) another document's
    headings must hold one that the best document's do not (a question about two policies names both),
    or every one that they do (the question cannot tell the two apart). A figure of another policy that
    merely scores well — its cap, its window — answers a question nobody asked."""
    wanted = _specific_tokens(query, idf)
    named: dict[tuple[str, str], set[str]] = {}
    for item in evidence:
        heading = normalize_for_search(f"{item.result.title}\n{item.result.section}")
        named.setdefault(_document(item), set()).update(wanted.intersection(tokenize(heading)))
    document = _document(evidence[best])
    return {
        index
        for index, item in enumerate(evidence)
        if _document(item) == document or named[_document(item)] and not named[_document(item)] < named[document]
    }


def _locator(section: str, title: str) -> str:
    """The last heading when it is short (第四条, 三、奖励标准), to say where in the document."""
    last = section.split(" › ")[-1] if section else ""
    return "" if not last or last == title or len(last) > 16 else last


def compose(extract_: Extract, evidence: list[Evidence], numbers: dict[int, int]) -> str:
    """One paragraph per source: 据《title》第四条：sentence sentence。[n]"""
    paragraphs = []
    for index, group in extract_.picked.items():
        result = evidence[index].result
        body = "".join(leading_label().sub("", s.text) for s in group).strip()
        if body[-1:] in "；;，,：:":
            body = body[:-1] + "。"
        locator = _locator(result.section, result.title)
        lead = f"据《{result.title}》{locator}：" if result.title else ""
        paragraphs.append(f"{lead}{body}{markers([numbers[index]])}")
    return "\n".join(paragraphs)
