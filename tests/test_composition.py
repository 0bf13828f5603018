"""How the assistant is put together (assistant/composition.py): the chat's routes tried in order before
retrieval QA, a bureau's own route added without touching the engine, and the ingest hook that reads the
policies — against a real knowledge base (real Chroma, real embeddings, the real database)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from assistant.answer import Answer, Assistant
from assistant.answer.routes import RouteContext
from assistant.composition import chat_routes, ingest_hooks
from assistant.config import Settings, load_settings
from assistant.drafting.route import DRAFT_REFUSED
from assistant.knowledge import KnowledgeBase
from conftest import POLICIES
from vectorstore.database import open_database
from vectorstore.schema import policy_rules

pytestmark = pytest.mark.slow  # embeds a policy
PATENTS = POLICIES / "示范县专利资助与奖励办法.docx"
DRAFT_REQUEST = "帮我起草今年知识产权工作的总结段落"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = load_settings(home=tmp_path_factory.mktemp("home"))
    assert not KnowledgeBase(settings, hooks=ingest_hooks()).ingest([PATENTS]).failed
    return settings


def rules_read(settings: Settings, kb: str) -> int:
    """How many policies of the knowledge base have their conditions stored."""
    with open_database(settings.database_url).connect() as conn:
        return conn.execute(select(func.count()).select_from(policy_rules).where(policy_rules.c.kb == kb)).scalar_one()


def test_the_policies_are_read_at_ingestion_by_the_hook_and_storage_alone_reads_none(settings):
    assert rules_read(settings, "default") == 1  # read by the eligibility hook right after the ingest
    assert not KnowledgeBase(settings, "bare").ingest([PATENTS]).failed  # no hooks handed in
    assert rules_read(settings, "bare") == 0


def test_the_chat_routes_come_before_retrieval_and_drafting_is_refused_to_enterprises(settings):
    staff = Assistant(settings, routes=chat_routes()).answer(DRAFT_REQUEST)
    assert staff.draft is not None and staff.text.startswith("一、")
    enterprise = Assistant(settings, routes=chat_routes(may_draft=False)).answer(DRAFT_REQUEST)
    assert enterprise.declined and enterprise.text == DRAFT_REFUSED
    engine_alone = Assistant(settings).answer(DRAFT_REQUEST)  # no routes: retrieval QA only
    assert engine_alone.draft is None and engine_alone.text != DRAFT_REFUSED
    assert [route.name for route in chat_routes()] == ["draft", "eligibility", "figures"]


@dataclass(frozen=True)
class OfficeHours:
    """A bureau's own route, as it would add one in composition.py."""

    name: str = "office-hours"

    def answer(self, question: str, context: RouteContext) -> Answer | None:
        if "办公时间" not in question:
            return None
        return Answer(question, question, f"{'、'.join(context.kb_names)}：工作日 9:00–17:00", [], "extractive")


def test_a_bureau_adds_its_own_route_and_the_other_questions_go_on_as_before(settings):
    assistant = Assistant(settings, routes=[OfficeHours(), *chat_routes()])
    assert assistant.answer("科技局的办公时间是什么？").text == "default：工作日 9:00–17:00"
    answer = assistant.answer("发明专利授权后每件能拿到多少资助？")
    assert "5000元" in answer.text and answer.citations
