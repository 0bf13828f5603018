"""Drafting from a workbook without a 上年 column (assistant/drafting/history.py): last year's value
comes from the figures of the summaries in the knowledge base, cited, the 同比 is computed from it, the
number check passes, and 近N年年均增长 is added when three or more years are known."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from assistant.config import load_settings
from assistant.drafting import draft_section, recheck
from assistant.indicators.facts import average_growth
from assistant.knowledge import KnowledgeBase
from conftest import SAMPLE_CORPUS
from language.text import cn_numeral

pytestmark = pytest.mark.slow  # embeds three summaries
SUMMARIES = ["示范县科学技术局2022年工作总结.txt", "示范县科学技术局2023年工作总结.txt", "示范县科学技术局2024年工作总结.docx"]


def workbook(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "主要指标"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    home = tmp_path_factory.mktemp("history")
    kb = KnowledgeBase(load_settings(home=home), "summaries")
    assert not kb.ingest([SAMPLE_CORPUS / name for name in SUMMARIES]).failed
    return kb


def test_without_a_last_year_column_the_change_comes_from_the_cited_record(kb, tmp_path) -> None:
    data = workbook(tmp_path / "示范县2025年主要指标.xlsx", [["指标", "单位", "2025年"], ["专利申请量", "件", 1342]])
    draft = draft_section(kb.settings, data, "知识产权", kb)
    assert "专利申请量" in draft.text and "1342件" in draft.text
    assert "13.7%" in draft.text  # (1342 − 1180) / 1180, 1180 from the 2024 summary
    last = next(f for f in draft.facts if f.kind == "last")
    assert last.value == "1180" and last.derived_from.startswith("示范县科学技术局2024年工作总结.docx（")
    assert any("1180件" in line and "2024年工作总结" in line for line in draft.cited)
    assert draft.unverified_numbers == [] and recheck(draft, draft.text) == []
    expected = average_growth(Decimal(938), Decimal(1342), 3)  # 2022–2025: three years of growth
    assert f"近三年年均增长{expected}%" in draft.text


def test_the_average_growth_is_named_by_the_years_it_is_computed_over(kb, tmp_path) -> None:
    """The words match the arithmetic: a rate over n intervals (2022→2025: (1342/938)^(1/3)−1) is 近n年,
    never the count of the years known (four here)."""
    data = workbook(tmp_path / "示范县2025年主要指标.xlsx", [["指标", "单位", "2025年"], ["专利申请量", "件", 1342]])
    draft = draft_section(kb.settings, data, "知识产权", kb)
    average = next(f for f in draft.facts if "年均" in f.name)
    intervals = int(re.search(r"\^\(1/(\d+)\)", average.derived_from).group(1))
    assert intervals == 3 and average.value == str(average_growth(Decimal(938), Decimal(1342), intervals))
    assert f"近{cn_numeral(intervals)}年年均增长" in average.name and "近四年" not in draft.text


def test_a_blank_last_year_cell_is_filled_and_a_filled_one_is_kept(kb, tmp_path) -> None:
    rows = [["指标", "单位", "2024年", "2025年"], ["专利申请量", "件", None, 1342], ["专利授权量", "件", 700, 786]]
    draft = draft_section(kb.settings, workbook(tmp_path / "示范县指标.xlsx", rows), "知识产权", kb)
    lasts = {f.subject: f for f in draft.facts if f.kind == "last"}
    assert lasts["专利申请量"].value == "1180" and lasts["专利授权量"].derived_from == "主要指标!C3"
    assert draft.unverified_numbers == []


def test_without_any_record_the_draft_states_this_year_s_value_alone(tmp_path) -> None:
    data = workbook(tmp_path / "示范县指标.xlsx", [["指标", "单位", "2025年"], ["专利申请量", "件", 1342]])
    draft = draft_section(load_settings(home=tmp_path / "home"), data, "知识产权", None)
    assert "专利申请量达到1342件" in draft.text and "同比" not in draft.text
    assert draft.unverified_numbers == []
