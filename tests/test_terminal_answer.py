"""How `bureau` prints an answer (assistant/terminal/answer.py): the text with its [n] markers, then each
source under the marker the text cites it with."""

from __future__ import annotations

from rich.console import Console

from assistant.answer.citations import markers
from assistant.answer.model import Answer, Citation
from assistant.terminal.answer import render_answer


def test_each_source_is_listed_under_the_marker_the_answer_cites_it_with() -> None:
    cited = Citation(1, "专利资助办法.docx", "专利资助办法", "第四条", "每件资助5000元。", "每件资助5000元", "c1", "main")
    answer = Answer("资助多少？", "资助多少？", f"每件资助5000元{markers([1])}。", [cited], "extractive")
    console = Console(record=True, width=100, color_system=None)
    render_answer(console, answer)
    lines = console.export_text().splitlines()
    assert lines[0] == "每件资助5000元[1]。"
    assert "[1] 专利资助办法.docx · 《专利资助办法》 第四条" in lines and "    每件资助5000元。" in lines
