"""The number check's reading of figures (assistant/answer/numbers.py), which chat answers and drafts share:
figures in Chinese numerals are checked, against sources that write them either way."""

from __future__ import annotations

from assistant.answer.citations import Citations, checked
from assistant.answer.model import Answer
from assistant.answer.numbers import figure_key, unverified_figures

POLICY = "第四条　国内发明专利获得授权的，每件资助5000元；企业另奖励3000元。专利申请量增长14.9%。"


def test_a_figure_in_chinese_numerals_is_checked_against_the_sources():
    assert unverified_figures("每件资助五千元，另奖励三千元", [POLICY]) == []
    assert unverified_figures("每件资助五千元，另奖励四千元", [POLICY]) == ["四千元"]
    assert unverified_figures("申请量增长百分之十四点九", [POLICY]) == []
    assert unverified_figures("申请量增长百分之十五", [POLICY]) == ["百分之十五"]


def test_a_source_in_chinese_numerals_backs_the_same_figure_in_arabic():
    assert unverified_figures("每件资助5000元", ["每件资助五千元"]) == []
    assert unverified_figures("授权1356件", ["授权一千三百五十六件"]) == []


def test_ordinals_times_and_set_phrases_are_no_figures():
    assert unverified_figures("一是加强管理，近五年来第十二家，落实两个确保", [POLICY]) == []


def _answer(text: str, source: str) -> Answer:
    cited = Citations()
    number = cited.cite("办法.docx", "专利资助办法", "第四条", source, kb="default")
    return checked(Answer("q", "q", f"{text}[{number}]", cited.list, "llm"))


def test_the_user_sees_the_unchecked_chinese_figure_marked():
    answer = _answer("发明专利每件资助六千元", POLICY)
    assert answer.unverified_numbers == ["六千元"] and "六千元（⚠未核实）" in answer.text


def test_a_chat_answer_in_chinese_numerals_that_the_source_contradicts_is_flagged():
    answer = _answer("每件资助五千元", "第四条　国内发明专利获得授权的，每件资助3000元。")
    assert answer.unverified_numbers == ["五千元"] and answer.text.startswith("每件资助五千元（⚠未核实）")
    assert _answer("每件资助三千元", "第四条　国内发明专利获得授权的，每件资助3000元。").unverified_numbers == []


def test_a_figure_is_compared_by_what_it_states_however_written():
    assert figure_key("5,000 元") == figure_key("５０００元") == figure_key("五千元") == "5000元"
    assert figure_key("百分之十四点九") == "14.9%" and figure_key("1.2万人次") == figure_key("一点二万人次")
