"""Exemplars for drafts come from past summaries in a real knowledge base (two seed summaries and a
policy, embedded with the configured model): on the topic, never a policy, none rather than off-topic."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.config import load_settings
from assistant.drafting import draft_section
from assistant.drafting.exemplars import find_exemplars, topic_words
from assistant.drafting.topics import Topic, find_topic
from assistant.knowledge import KnowledgeBase
from assistant.terminal.cli import app
from conftest import CORPUS, SAMPLE_CORPUS, SEEDS

pytestmark = pytest.mark.slow  # embeds about 40 passages
WORKBOOK = CORPUS / "data" / "示范县2025年科技工作主要指标.xlsx"
SUMMARIES = [SEEDS / "000_4efb816aecd0ddb7.txt", SEEDS / "002_3b41ed0b22b5540a.txt"]
POLICY = SAMPLE_CORPUS / "示范县专利资助办法.docx"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("home")
    report = KnowledgeBase(load_settings(home=home), "past").ingest([*SUMMARIES, POLICY])
    assert not report.failed
    return home


@pytest.mark.parametrize("topic", ["知识产权", "科技特派员", "研发投入", "科普"])
def test_exemplars_are_past_summaries_on_the_topic(home, topic):
    settings = load_settings(home=home)
    draft = draft_section(settings, WORKBOOK, topic, KnowledgeBase(settings, "past"))
    assert draft.exemplars, "the seed summaries have a passage on this topic"
    assert {e.source for e in draft.exemplars} <= {p.name for p in SUMMARIES}  # never the policy
    words = topic_words(find_topic(topic))
    assert all(any(w in e.section + e.text for w in words) for e in draft.exemplars)
    assert len({(e.source, e.section) for e in draft.exemplars}) == len(draft.exemplars)


def test_no_exemplar_rather_than_one_on_other_work(home):
    ocean = Topic("海洋科技", "海洋科技创新取得新进展", ("海洋",), ("海洋科技",), ("深海",), "建设海洋强县")
    assert find_exemplars(KnowledgeBase(load_settings(home=home), "past"), ocean) == []


def test_cli_json_names_the_exemplars(home, monkeypatch):
    monkeypatch.setenv("BUREAU_HOME", str(home))
    result = CliRunner().invoke(app, ["draft", "--data", str(WORKBOOK), "--topic", "专利", "--kb", "past", "--json"])
    assert result.exit_code == 0, result.output
    output = json.loads(result.output)
    assert output["topic"] == "知识产权" and output["unverified_numbers"] == []
    assert output["exemplars"] and all(set(e) == {"source", "section"} for e in output["exemplars"])
