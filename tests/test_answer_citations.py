"""The one citation builder (assistant/answer/citations.py) that every kind of answer uses: a passage
cited twice keeps its first number, numbers follow first use, and [n] markers read back as written."""

from __future__ import annotations

from assistant.answer.citations import Citations, cited_numbers, drop_unknown_citations, markers

ARTICLE = "第四条　国内发明专利获得授权的，每件资助5000元。"


def test_a_passage_cited_again_keeps_its_number():
    cited = Citations()
    first = cited.cite("办法.docx", "专利资助办法", "第四条", ARTICLE, kb="default")
    other = cited.cite("统计.xlsx", "统计", "表1第3行", "专利申请量1356件", kb="default")
    again = cited.cite("办法.docx", "专利资助办法", "第四条", ARTICLE, kb="default")
    assert (first, other, again) == (1, 2, 1)
    assert [(c.number, c.source, c.section) for c in cited.list] == [(1, "办法.docx", "第四条"), (2, "统计.xlsx", "表1第3行")]


def test_clauses_that_count_as_one_share_a_number():
    cited = Citations()
    numbers = [cited.cite("办法.pdf", "办法", "第三条", text, same=("办法.pdf", "第三条")) for text in ("注册在本县", "营业收入")]
    assert numbers == [1, 1] and len(cited.list) == 1


def test_a_number_the_answer_already_uses_is_kept():
    cited = Citations()
    assert cited.cite("办法.docx", "办法", "第四条", ARTICLE, number=3) == 3 and cited.list[0].number == 3


def test_markers_read_back_and_unknown_ones_go():
    text = f"每件资助5000元{markers([1, 3])}，另奖励3000元{markers([1])}"
    assert cited_numbers(text) == [1, 3]
    assert drop_unknown_citations(text, 2) == ("每件资助5000元[1]，另奖励3000元[1]", [3])
