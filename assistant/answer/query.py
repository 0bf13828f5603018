"""One analysis of a question, computed once: its standalone text (follow-ups carry the earlier topic
over), normalised text, words, question kind, focus, content terms and the official words for its
everyday ones. Retrieval, evidence selection, extraction and the decline decision all read it.

The language knowledge it uses is data: language/lexicon/question.toml and colloquial.toml."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import jieba.posseg as pseg

from ingest.normalize import normalize_for_search
from language.lexicon import derived, lexicon, words
from language.places import name_stem
from language.text import YEAR_NUMBER
from vectorstore.lexical import tokenize

QuestionKind = Literal[
    "doc_number", "contact", "which_document", "amount", "count", "date", "conditions", "materials", "who", "general"
]
# jieba part-of-speech flags of words that name something (n covers nr, ns, nt, nz).
CONTENT_FLAGS = ("n", "vn", "eng", "j", "l", "b", "i")
NAME_FLAGS = ("ns", "nt")  # places and organisations (jieba's person tag nr fires on ordinary words)
YEAR_TERM = re.compile(rf"{YEAR_NUMBER}年?")


@dataclass(frozen=True)
class KindRule:
    name: QuestionKind
    cues: re.Pattern[str]
    shape: re.Pattern[str]
    asks: frozenset[str]


@derived
def kind_rules() -> tuple[KindRule, ...]:
    return tuple(
        KindRule(rule["name"], re.compile(rule["cues"]), re.compile(rule["shape"]), frozenset(rule.get("asks", ())))
        for rule in lexicon("question")["kinds"]
    )


@derived
def _shapes() -> dict[str, re.Pattern[str]]:
    shapes: dict[str, re.Pattern[str]] = {}
    for rule in kind_rules():
        shapes.setdefault(rule.name, rule.shape)
    return shapes


def fits(kind: QuestionKind, sentence: str) -> bool:
    """The sentence has the shape of an answer of this kind (a sum of money, a date, a list …)."""
    shape = _shapes().get(kind)
    return bool(shape and shape.search(sentence))


def official_words(word: str) -> tuple[str, ...]:
    return tuple(lexicon("colloquial")["official"].get(word, ()))


@dataclass
class Query:
    """What a question asks, analysed once."""

    question: str  # as the user typed it
    text: str  # standalone: a follow-up with the earlier topic carried over
    carried: str | None = None  # the earlier query whose topic was carried over
    normalized: str = ""
    words: list[tuple[str, str]] = field(default_factory=list)  # (word, part of speech), dictionary words only
    kind: QuestionKind = "general"
    asked: set[str] = field(default_factory=set)  # words that name the kind of answer asked (文号, 电话)
    terms: list[str] = field(default_factory=list)  # content words a passage about the question mentions
    names: list[str] = field(default_factory=list)  # places and organisations, as stems (上海市 → 上海)
    years: list[str] = field(default_factory=list)
    focus: str | None = None  # the thing asked after (多少资助 → 资助)
    expansions: list[str] = field(default_factory=list)  # official words for the question's everyday words

    @property
    def search_text(self) -> str:
        """What retrieval searches: the standalone text and the official words for its everyday ones."""
        return " ".join([self.text, *self.expansions]) if self.expansions else self.text

    def word_tokens(self) -> dict[str, set[str]]:
        """The search tokens of each of the question's own words (question words, cue words and time
        qualifiers left out; no bigram across two words)."""
        skip = set(words("question", "question_words")) | set(words("question", "time_qualifiers"))
        return {word: set(tokenize(word)) for word, _ in self.words if word not in skip and word not in self.asked}

    def weights(self, idf: Callable[[str], float]) -> dict[str, float]:
        """The question's search tokens, each weighted by how rare it is in the knowledge base."""
        return {t: idf(t) for tokens in self.word_tokens().values() for t in tokens}

    def expansion_weights(self, idf: Callable[[str], float]) -> dict[str, float]:
        return {t: idf(t) for word in self.expansions for t in tokenize(normalize_for_search(word))}


def question_kind(text: str) -> QuestionKind:
    """The first kind whose cue the question matches."""
    return next((rule.name for rule in kind_rules() if rule.cues.search(text)), "general")


@derived
def _answer_names() -> frozenset[str]:
    return frozenset(word for rule in kind_rules() for word in rule.asks)


def _focus(tagged: list[tuple[str, str]]) -> str | None:
    """The content word next to the question word (多少资助 → 资助, 工作补贴是多少 → 补贴)."""
    interrogatives, links = set(words("question", "interrogatives")), set(words("question", "links"))
    for i, (word, _) in enumerate(tagged):
        if word not in interrogatives:
            continue
        after = [w for w, flag in tagged[i + 1 : i + 3] if flag.startswith(CONTENT_FLAGS) and len(w) >= 2]
        if after:
            return after[0]
        j = i - 1
        while j >= 0 and tagged[j][0] in links:
            j -= 1
        if j >= 0 and tagged[j][1].startswith(CONTENT_FLAGS) and len(tagged[j][0]) >= 2:
            return tagged[j][0]
    return None


def analyse(question: str, text: str | None = None, carried: str | None = None) -> Query:
    """The analysis of a question; `text` is its standalone form when a follow-up was rewritten."""
    text = text or question
    normalized = normalize_for_search(text)
    # Dictionary words only: jieba's guesses for unknown words glue particles on (培育库有 → 库有).
    tagged = [(w, flag) for w, flag in pseg.lcut(normalized, HMM=False) if w.strip()]
    kind = question_kind(normalized)
    generic = set(words("question", "generic_nouns")) | set(words("question", "question_words"))
    asked_words = {w for w, _ in tagged if w in _answer_names()}
    terms = [w for w, flag in tagged if flag.startswith(CONTENT_FLAGS) and len(w) >= 2]
    terms += YEAR_TERM.findall(normalized)
    terms = [t for t in dict.fromkeys(terms) if t not in generic and t not in asked_words]
    names = list(dict.fromkeys(name_stem(w) for w, flag in tagged if flag in NAME_FLAGS and len(w) >= 2))
    colloquial = lexicon("colloquial")["official"]
    expansions = [w for plain, official in colloquial.items() if plain in text for w in official if w not in text]
    focus = _focus(tagged)
    return Query(
        question=question,
        text=text,
        carried=carried,
        normalized=normalized,
        words=tagged,
        kind=kind,
        asked=asked_words,
        terms=terms,
        names=names,
        years=list(dict.fromkeys(YEAR_TERM.findall(normalized))),
        focus=None if focus in generic or focus in asked_words else focus,
        expansions=list(dict.fromkeys(expansions)),
    )
