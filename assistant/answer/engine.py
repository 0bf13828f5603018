"""The answer engine: the routes first (routes.py — drafting, eligibility, figures: whatever the
composition root hands over), else retrieval QA: condense → retrieve (only from readable knowledge
bases) → decline or answer (extractively, or with an LLM) → check numbers and citations."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cached_property

from assistant.answer.citations import Citations, checked
from assistant.answer.condense import condense_offline
from assistant.answer.evidence import Evidence, any_mentioned, retrieve, support
from assistant.answer.extractive import Extract, Sentence, compose, extract, rank_sentences
from assistant.answer.model import Answer, Conversation, Turn
from assistant.answer.query import Query, analyse
from assistant.answer.routes import Route, RouteContext
from assistant.config import Settings
from assistant.knowledge import KnowledgeBase
from vectorstore.model import SearchFilters

NOT_FOUND = "未找到相关依据：现有文件中没有能回答这个问题的内容，因此不作回答。"
NOT_FOUND_TERMS = "未找到相关依据：现有文件中没有关于“{terms}”的内容，因此不作回答。"
DECLINE_ADVICE = "可以换个说法再问，或请管理员把相关文件导入知识库。"
STREAM_PIECE = 12  # characters per piece when an extractive answer is streamed


class Assistant:
    """Answers questions from the knowledge bases in `kbs` (default: the configured one) and no others:
    the first of `routes` that takes the message answers it, else retrieval QA does."""

    def __init__(self, settings: Settings, kbs: list[str] | None = None, routes: Sequence[Route] = ()) -> None:
        self.settings = settings
        self.kb_names = list(kbs) if kbs is not None else [settings.kb]
        self.routes = list(routes)
        self.llm_notice: str | None = None  # why a configured LLM is not used

    @cached_property
    def knowledge_bases(self) -> list[KnowledgeBase]:
        return [KnowledgeBase(self.settings, name) for name in self.kb_names]

    @cached_property
    def llm(self):  # noqa: ANN201 — a llama-index LLM or None (offline)
        if self.settings.llm.backend == "none":
            return None
        # Deferred: the LLM client libraries load only when an LLM is configured (offline is the default).
        from assistant.llm import LLMUnavailableError, build_llm

        try:
            return build_llm(self.settings.llm)
        except LLMUnavailableError as error:  # misconfigured: answer offline and say why
            self.llm_notice = f"{error} 已改用离线摘录回答。"
            return None

    def answer(
        self, question: str, conversation: Conversation | None = None, filters: SearchFilters | None = None
    ) -> Answer:
        *_, final = self.stream(question, conversation, filters)
        assert isinstance(final, Answer)
        return final

    def stream(
        self, question: str, conversation: Conversation | None = None, filters: SearchFilters | None = None
    ) -> Iterator[str | Answer]:
        """Text pieces as they are ready, then exactly one final Answer (whose text is authoritative)."""
        history = conversation.turns if conversation else []
        routed = self._route(question)
        if routed is not None:
            yield routed.text
            if conversation is not None:
                conversation.turns.append(Turn(question, question, routed.text))
            yield routed
            return
        query = self._analyse(question, history)
        evidence = self._evidence(query, filters)
        found = extract(query, evidence, self._idf) if evidence else None
        missing = self._unsupported(query, evidence, found)
        if self.llm is not None and evidence:
            # The LLM reads the passages even where the offline answer would decline; its answer is
            # checked for citations and figures all the same.
            answer = yield from self._answer(question, query, evidence, found if missing is None else None, history)
        elif missing is not None or found is None:
            answer = self._decline(question, query.text, missing or [])
            yield answer.text
        else:
            answer = yield from self._answer(question, query, evidence, found, history)
        if conversation is not None:
            conversation.turns.append(Turn(question, query.text, answer.text))
        yield answer

    def ranked_sentences(self, question: str) -> list[Sentence]:
        """The sentences of the passages retrieved for a first question, best first, as the offline
        answer ranks them (Sentence.evidence counts the passages from the best one)."""
        query = self._analyse(question, [])
        return rank_sentences(query, self._evidence(query, None), self._idf)

    def _evidence(self, query: Query, filters: SearchFilters | None) -> list[Evidence]:
        # Twice the usual passages: the sentence that answers is often in a passage ranked 6th to 10th;
        # only passages whose sentences are used get cited.
        return retrieve(self.knowledge_bases, query, 2 * self.settings.retrieval.top_k, filters)

    def _unsupported(self, query: Query, evidence: list[Evidence], found: Extract | None) -> list[str] | None:
        """None when the evidence supports an answer; else the words of the question it lacks (empty
        when no particular word is to blame). Decided from the index alone: what the passages hold of
        the question's weight, whether they name its places, organisations and years, and whether the
        knowledge base uses its words at all."""
        if not evidence or found is None or not found.picked:
            return []
        overall = support(query, evidence, self._idf, self._known)
        if overall.off_topic:
            return overall.off_topic
        best = [evidence[next(iter(found.picked))]]  # the passage holding the best sentence
        local = support(query, best, self._idf, self._known)
        if local.off_topic_here:
            return local.off_topic_here
        if query.focus and not any_mentioned(query.focus, [best[0].search_text]):
            return [query.focus]
        if local.coverage < self.settings.retrieval.min_support or not found.answers_the_kind:
            return []
        return None

    def _route(self, question: str) -> Answer | None:
        """The answer of the first route that takes the message, or None for retrieval QA."""
        if not self.routes:
            return None
        context = RouteContext(self.settings, self.knowledge_bases, self.llm)
        for route in self.routes:
            answer = route.answer(question, context)
            if answer is not None:
                return answer
        return None

    def _analyse(self, question: str, history: list[Turn]) -> Query:
        """The question analysed once; a follow-up is first rewritten to stand alone."""
        if history and self.llm is not None:
            # Deferred: the LLM client libraries load only when an LLM is configured (offline is the default).
            from assistant.answer.llm_writer import condense_with_llm

            condensed = condense_with_llm(self.llm, self.settings, question, history)
            if condensed:
                return analyse(question, condensed, history[-1].query)
        text = condense_offline(question, history)
        return analyse(question, text, history[-1].query if text != question else None)

    def _idf(self, term: str) -> float:
        return max(kb.idf(term) for kb in self.knowledge_bases)

    def _known(self, word: str) -> bool:
        """Some readable knowledge base uses the word (each of its character pairs occurs)."""
        return any(kb.uses(word) for kb in self.knowledge_bases)

    def _decline(self, question: str, query: str, missing: list[str]) -> Answer:
        reason = NOT_FOUND_TERMS.format(terms="、".join(missing)) if missing else NOT_FOUND
        return Answer(question, query, f"{reason}{DECLINE_ADVICE}", [], "extractive", declined=True)

    def _answer(
        self, question: str, query: Query, evidence: list[Evidence], found: Extract | None, history: list[Turn]
    ) -> Iterator[str]:
        """Generator that yields text pieces and returns the final Answer."""
        if self.llm is not None:
            # Deferred: the LLM client libraries load only when an LLM is configured (offline is the default).
            from assistant.answer.llm_writer import answer_with_llm

            sources = evidence[: self.settings.retrieval.top_k]  # the best ones: an LLM's context is short
            result = yield from answer_with_llm(self.llm, self.settings, question, query.text, sources, history)
            if isinstance(result, Answer):
                return result
            notice = result  # why the LLM answer could not be used; fall back to the extractive one
        else:
            notice = self.llm_notice
        if found is None:  # no offline answer to fall back to
            answer = self._decline(question, query.text, [])
            answer.notice = notice
            yield answer.text
            return answer
        cited = Citations()
        numbers = {index: cited.passage(evidence[index], " ".join(s.text for s in group))
                   for index, group in found.picked.items()}  # fmt: skip
        text = compose(found, evidence, numbers)
        answer = checked(Answer(question, query.text, text, cited.list, "extractive", notice=notice))
        for start in range(0, len(answer.text), STREAM_PIECE):
            yield answer.text[start : start + STREAM_PIECE]
        return answer
