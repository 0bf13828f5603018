"""The template writer on data the sample workbook does not have: an indicator that starts from zero
is not 与上年持平, and a 其中： row goes with its total even when its own name has no topic keyword."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from assistant.config import load_settings
from assistant.drafting import draft_section
from assistant.drafting.verify import verify_draft
from conftest import CORPUS


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "主要指标"
    for row in (
        ["指标", "单位", "2024年", "2025年"],
        ["技术合同成交额", "亿元", 3.25, 4.1],
        ["其中：技术开发合同成交额", "亿元", 1.2, 1.6],
        ["科技特派员服务企业数", "家", 0, 36],
        ["选派科技特派员", "名", 78, 78],
    ):
        sheet.append(row)
    path = tmp_path / "示范县2025年指标.xlsx"
    book.save(path)
    return path


def test_a_figure_up_from_zero_is_not_called_unchanged(workbook, tmp_path):
    draft = draft_section(load_settings(home=tmp_path / "home"), workbook, "科技特派员")
    assert "科技特派员服务企业数达到36家，实现零的突破" in draft.text
    assert "36家，与上年持平" not in draft.text and "选派科技特派员78名，与上年持平" in draft.text


def test_a_part_goes_with_its_total(workbook, tmp_path):
    draft = draft_section(load_settings(home=tmp_path / "home"), workbook, "成果转化")
    assert "其中技术开发合同成交额1.6亿元，同比增长33.3%，占技术合同成交额的39.0%" in draft.text
    assert not draft.unverified_numbers


def test_a_key_event_list_is_totalled_in_code_and_checked(tmp_path):
    draft = draft_section(load_settings(home=tmp_path / "home"), CORPUS / "data" / "示范县2025年科技工作主要指标.xlsx", "创新平台")
    assert "新建院士工作站1家、省级工程技术研究中心2家，合计3家" in draft.text
    total = next(f.as_json() for f in draft.facts if f.kind == "total")
    assert total == {"name": "新建院士工作站、省级工程技术研究中心合计", "value": "3", "unit": "家",
                     "derived_from": "重点工作!B6：1家+2家"}  # fmt: skip
    wrong = verify_draft(draft.text.replace("合计3家", "合计4家"), draft.facts, draft.event_texts, set(draft.years))
    assert wrong.text == draft.text and wrong.unverified == ["4家"]
