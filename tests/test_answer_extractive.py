"""The offline answer's choice of sentences (assistant/answer/extractive.py) on the shipped sample corpus,
ingested for real (embedded Chroma, the default embedding): a sentence of another document than the one
that answers is quoted only when the question asks about that document too."""

from __future__ import annotations

import pytest

from assistant.answer import Assistant
from assistant.answer.evidence import retrieve
from assistant.answer.extractive import documents_asked
from assistant.answer.query import analyse
from assistant.config import Settings, load_settings
from assistant.knowledge import KnowledgeBase
from conftest import SAMPLE_CORPUS

pytestmark = pytest.mark.slow
VOUCHERS = "示范县科技创新券管理办法.pdf"
PATENTS = "示范县专利资助办法.docx"
SUMMARY_2024 = "示范县科学技术局2024年工作总结.docx"
NOTICE = "关于组织申报2025年度示范县科技计划项目的通知.docx"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = load_settings(home=tmp_path_factory.mktemp("home"))
    settings.llm.backend = "none"
    KnowledgeBase(settings).ingest([SAMPLE_CORPUS])
    return settings


@pytest.fixture(scope="module")
def assistant(settings: Settings) -> Assistant:
    return Assistant(settings)


def quoted(answer) -> set[str]:  # noqa: ANN001
    return {citation.source for citation in answer.citations}


def test_the_voucher_cap_comes_without_the_patent_cap(assistant):
    """专利资助办法 第七条 (同一企业年度…最高不超过50万元) scores close to the 创新券 article: it shares 每家企业,
    每年, 最高 with the question, but the question does not ask about patents."""
    answer = assistant.answer("创新券每家企业每年最多能用多少？")
    assert "每年最高20万元" in answer.text
    assert "50万元" not in answer.text and "专利" not in answer.text
    assert quoted(answer) == {VOUCHERS}


@pytest.mark.parametrize(
    ("question", "answer_holds", "source", "not_quoted"),
    [
        # 研发 heads an article of the 2025 plan too, but also one of the 2024 summary that answers
        (
            "2024年新增了几家省级企业研发中心？",
            "新增省级企业研发中心4家",
            SUMMARY_2024,
            "示范县科学技术局2025年工作计划.txt",
        ),
        # 资助 is what is asked after, which every policy pays: it does not name the patent policy
        ("重点研发项目每项最多资助多少？", "每项资助最高50万元", NOTICE, PATENTS),
    ],
)
def test_another_document_that_merely_shares_words_is_not_quoted(assistant, question, answer_holds, source, not_quoted):
    answer = assistant.answer(question)
    assert answer_holds in answer.text and quoted(answer) == {source}
    assert not_quoted not in quoted(answer)


def test_a_question_naming_two_policies_may_quote_both(settings):
    """The rule itself, on what retrieval finds: with the 创新券 policy answering, the patent policy's
    passages may be quoted when the question names 专利资助 and not when it names 创新券 alone."""
    kb = KnowledgeBase(settings)
    for question, patents_allowed in (
        ("创新券和专利资助每年最高各多少？", True),
        ("创新券每家企业每年最多能用多少？", False),
    ):
        query = analyse(question)
        evidence = retrieve([kb], query, 2 * settings.retrieval.top_k, None)
        sources = [item.result.source for item in evidence]
        assert VOUCHERS in sources and PATENTS in sources  # both policies are among the passages found
        allowed = documents_asked(query, evidence, kb.idf, sources.index(VOUCHERS))
        assert {sources[i] for i in allowed} >= {VOUCHERS}
        assert (PATENTS in {sources[i] for i in allowed}) is patents_allowed, question


@pytest.mark.parametrize("question", ["创新券最高能拿多少钱？", "一家企业用创新券最多能拿到多少？"])
def test_an_amount_asked_the_way_people_talk_is_answered(assistant, question):
    """能拿/拿到 is how an asker says receiving money; no document writes it, so it must not count as a word
    the passage lacks (it used to make the answer decline)."""
    answer = assistant.answer(question)
    assert not answer.declined and "每年最高20万元" in answer.text
    assert quoted(answer) == {VOUCHERS}
