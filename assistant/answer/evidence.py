"""Evidence for a question: passages from the knowledge bases the user may read, and how well they
support an answer at all (a question about something the documents never mention is declined)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assistant.answer.query import Query, fits, official_words
from assistant.knowledge import KnowledgeBase
from ingest.normalize import normalize_for_search
from vectorstore.lexical import tokenize
from vectorstore.model import SearchFilters, SearchResult


@dataclass
class Evidence:
    """One retrieved passage and the knowledge base it came from."""

    result: SearchResult
    kb: str

    @property
    def search_text(self) -> str:
        """The passage as search sees it, with its title, heading path and its document's opening (they
        say what it is about: a notice names its place and issuer in its first line only)."""
        r = self.result
        return normalize_for_search(f"{r.title}\n{r.section}\n{r.opening}\n{r.text}")


# A question after a figure, a date, a 文号 or a contact is answered only by a passage that holds one:
# among the POOL × k best, such passages go ahead of those that don't by this much of the fused score.
FIGURE_KINDS = ("amount", "date", "doc_number", "contact")
SHAPE_BONUS = 0.4
POOL = 3


def retrieve(kbs: list[KnowledgeBase], query: Query, k: int, filters: SearchFilters | None) -> list[Evidence]:
    """The k best passages over all given knowledge bases (fused scores are comparable across them)."""
    found = [Evidence(r, kb.name) for kb in kbs for r in kb.search(query.search_text, POOL * k, filters)]
    shaped = query.kind in FIGURE_KINDS
    found.sort(key=lambda e: -(e.result.score + (SHAPE_BONUS if shaped and fits(query.kind, e.result.text) else 0.0)))
    return found[:k]


def mentioned(term: str, texts: list[str]) -> bool:
    """In a passage verbatim, or most of its character pairs in one passage (申请专利 ~ 专利申请表)."""
    if any(term in text for text in texts):
        return True
    if any(char.isdigit() for char in term):
        return False  # a year or a figure must be there exactly
    pairs = {term[i : i + 2] for i in range(len(term) - 1)}
    return len(pairs) >= 2 and any(sum(p in text for p in pairs) * 2 > len(pairs) for text in texts)


def any_mentioned(term: str, texts: list[str]) -> bool:
    return any(mentioned(word, texts) for word in (term, *official_words(term)))


@dataclass
class Support:
    """How far passages support an answer to the query: the share of the question's weight (IDF of its
    search tokens) that they hold, and the words that show they are about something else."""

    coverage: float
    unknown: list[str]  # content words the knowledge base never uses
    missing_names: list[str]  # a place or organisation of the question that the passages never name
    missing_years: list[str]  # a year of the question that the passages never name

    @property
    def off_topic(self) -> list[str]:
        return self.unknown or self.missing_names or self.missing_years

    @property
    def off_topic_here(self) -> list[str]:
        """Off topic for a single passage. A document names its own place in its title or first line and
        then says 本市, 全省, 我县, so only a year or a word is required of the passage itself."""
        return self.unknown or self.missing_years


def support(query: Query, evidence: list[Evidence], idf: Callable[[str], float], known: Callable[[str], bool]) -> Support:
    """What the passages hold of the question. Only the index decides: token rarity (IDF), the index's
    vocabulary (`known`), and whether a year or name of the question stands in a passage."""
    texts = [e.search_text for e in evidence]
    weights = query.weights(idf)
    tokens = {t for text in texts for t in tokenize(text)}
    # An everyday word (公司, 补贴) is held by a passage that uses its official word (企业, 资助) instead.
    tokens |= {
        t
        for word, word_tokens in query.word_tokens().items()
        if any(mentioned(o, texts) for o in official_words(word))
        for t in word_tokens
    }
    total = sum(weights.values()) or 1.0
    coverage = sum(w for t, w in weights.items() if t in tokens) / total
    absent = [t for t in query.terms if not any_mentioned(t, texts)]
    unknown = [t for t in absent if not any(known(w) for w in (t, *official_words(t)))]
    missing_names = [n for n in query.names if not any(n in text for text in texts)]
    missing_years = [y for y in (y.rstrip("年") for y in query.years) if not any(y in text for text in texts)]
    return Support(coverage, unknown, missing_names, missing_years)
