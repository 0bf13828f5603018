"""The drafting workbook's figures (assistant/figures/workbook.py): read in memory and handed out only when
asked for (staff), never written into a knowledge base; a copy an earlier version wrote is removed."""

from __future__ import annotations

from pathlib import Path

from assistant.config import Settings
from assistant.figures.workbook import figure_records, forget_stored_workbook, read_workbook
from assistant.knowledge import KnowledgeBase
from conftest import REPO

WORKBOOK = REPO / "sample_data" / "示范县2025年科技工作主要指标.xlsx"


def test_the_workbook_s_cells_are_read_without_writing_and_only_when_given(tmp_path: Path) -> None:
    kb = KnowledgeBase(Settings(home=tmp_path / "home"), "default")
    staff = [r.location for _, r in figure_records([kb], "专利申请量", workbook=WORKBOOK)]
    assert staff and all(cell.startswith("主要指标!") for cell in staff)
    assert figure_records([kb], "专利申请量") == []  # without the workbook (an enterprise account): none
    assert kb.figures.content_hash(WORKBOOK.name) is None and kb.figures.indicators() == []  # nothing stored


def test_a_copy_an_earlier_version_stored_in_a_knowledge_base_is_removed(tmp_path: Path) -> None:
    kb = KnowledgeBase(Settings(home=tmp_path / "home"), "default")
    kb.figures.add(WORKBOOK.name, "stored-by-an-earlier-answer", read_workbook(WORKBOOK))
    assert kb.figures.query("专利申请量")
    forget_stored_workbook(kb, WORKBOOK)
    assert kb.figures.content_hash(WORKBOOK.name) is None and kb.figures.query("专利申请量") == []
