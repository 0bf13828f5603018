"""The chat answer's number check (assistant/answer/numbers.py): figures in Chinese numerals are checked
as a draft's are (language/numerals.py), against sources that write them either way."""

from __future__ import annotations

from assistant.answer.citations import checked
from assistant.answer.model import Answer, Citation
from assistant.answer.numbers import unverified_figures

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


def test_the_user_sees_the_unchecked_chinese_figure_marked():
    citation = Citation(1, "办法.docx", "专利资助办法", "第四条", POLICY, "", "c1", "default")
    answer = checked(Answer("q", "q", "发明专利每件资助六千元[1]", [citation], "llm"))
    assert answer.unverified_numbers == ["六千元"] and "六千元（⚠未核实）" in answer.text
