"""Indicator workbooks as bureaus really keep them: a title row above the header, blanks inside header
texts, group headings and a note row among the indicators. They are read; a bad cell is still named by
its real row."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from assistant.drafting import DraftDataError
from assistant.indicators.reader import read_indicator_data

HEADER = ["指标", "单位", "2024年", "2025年", "备注"]


def workbook(tmp_path: Path, *rows: list[object]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "主要指标"
    for row in rows:
        sheet.append(row)
    events = book.create_sheet("重点工作")
    for row in (["示范县2025年科技重点工作"], ["类别", "事项"], ["知识产权", "举办知识产权培训班3期"]):
        events.append(row)
    path = tmp_path / "指标.xlsx"
    book.save(path)
    return path


def test_a_title_row_group_headings_and_a_note_row_are_read_past(tmp_path):
    path = workbook(
        tmp_path,
        ["示范县2025年科技工作主要指标"],
        ["指 标", "单 位", "2024\n年", "2025年", "备注"],
        ["一、知识产权", None, None, None, None],
        ["专利申请量", "件", 1180, 1356, None],
        ["注：数据来源于县市场监管局", None, None, None, None],
    )
    data = read_indicator_data(path)
    assert [(i.name, i.last, i.this, i.this_cell) for i in data.indicators] == [("专利申请量", 1180, 1356, "主要指标!D4")]
    assert (data.last_year, data.year) == (2024, 2025)
    assert [(e.item, e.cell) for e in data.events] == [("举办知识产权培训班3期", "重点工作!B3")]


def test_a_bad_cell_under_a_title_row_is_named_by_its_real_row(tmp_path):
    path = workbook(tmp_path, ["示范县2025年科技工作主要指标"], HEADER, ["专利申请量", "件", 1180, "约1300", None])
    with pytest.raises(DraftDataError, match="主要指标!D3 的值“约1300”不是数字"):
        read_indicator_data(path)


def test_an_indicator_without_unit_or_values_is_not_taken_for_a_note(tmp_path):
    path = workbook(tmp_path, HEADER, ["专利申请量", None, None, None, None])
    with pytest.raises(DraftDataError, match="主要指标!B2 的单位是空白"):
        read_indicator_data(path)
