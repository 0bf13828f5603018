"""The drafting reader on the development workbooks (tests/fixtures/workbooks/, made by make_workbooks.py
in layouts of real statistics tables): every indicator, value, unit and period is read; every topic a
workbook covers is drafted with each figure and each computed growth exact, no unverified number and the
level word of the place (全市/全区/全县), or none where nothing names the place; a typed growth cell that
disagrees is reported by its cell. And the refusals: what cannot be read is named by sheet and cell,
with what was expected there and the header forms accepted."""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest

from assistant.config import load_settings
from assistant.drafting import DraftDataError, draft_section, recheck, topics_for
from assistant.drafting.place import fix_level_words
from assistant.indicators.facts import is_ratio, plain
from assistant.indicators.reader import read_indicator_data
from assistant.indicators.table import split_name

WORKBOOKS = Path(__file__).parent / "fixtures" / "workbooks"
EXPECTED = json.loads((WORKBOOKS / "expected.json").read_text(encoding="utf-8"))
LEVEL_WORDS = re.compile(r"全[省市县区]")


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory):
    return load_settings(home=tmp_path_factory.mktemp("home"))


def number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def test_there_are_at_least_eight_workbooks_in_every_format() -> None:
    assert len(EXPECTED) >= 8
    assert {Path(e["file"]).suffix for e in EXPECTED} >= {".xlsx", ".xls", ".csv", ".docx"}


@pytest.mark.parametrize("expected", EXPECTED, ids=[e["file"] for e in EXPECTED])
def test_every_indicator_value_unit_and_period_is_read(expected: dict) -> None:
    data = read_indicator_data(WORKBOOKS / expected["file"])
    assert (data.last_year, data.year, data.period) == (expected["last_year"], expected["year"], expected["period"])
    read = [[i.label, i.is_part, i.unit, i.last, i.this] for i in data.indicators]
    assert read == [[n, p, u, number(last), number(this)] for n, p, u, last, this in expected["indicators"]]


def growth_words(indicator) -> str:  # noqa: ANN001
    """What the draft must say of an indicator's move, computed here from the cells' values."""
    this, last = indicator.this, indicator.last
    if last is None or this == last:
        return ""
    if is_ratio(indicator):
        return f"{plain(abs(this - last))}个百分点"
    rate = (abs(this - last) / last * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{'增长' if this > last else '下降'}{rate}%"


@pytest.mark.parametrize("expected", EXPECTED, ids=[e["file"] for e in EXPECTED])
def test_every_topic_is_drafted_with_exact_figures_and_the_right_level(settings, expected: dict) -> None:
    path = WORKBOOKS / expected["file"]
    data = read_indicator_data(path)
    topics = topics_for(path)
    assert topics, "a development workbook covers at least one topic"
    drafted = set()
    for topic in topics:
        draft = draft_section(settings, path, topic)
        assert draft.unverified_numbers == [] and recheck(draft, draft.text) == []
        assert draft.title == f"{expected['place']}{expected['year']}年{expected['period']}{topic.name}工作情况"
        said = set(LEVEL_WORDS.findall(draft.text))
        assert said <= ({f"全{expected['level']}"} if expected["level"] else set()), (topic.name, said)
        for indicator in (i for i in data.indicators if i.label in draft.text):
            drafted.add(indicator.label)
            assert f"{plain(indicator.this)}{indicator.unit}" in draft.text
            assert growth_words(indicator) in draft.text, (indicator.label, draft.text)
    topic_words = {w for t in topics for w in t.indicator_words}
    assert drafted == {i.label for i in data.indicators if any(w in i.name for w in topic_words)}
    if expected["level"]:  # the level word comes with one of the sentence patterns: somewhere in the drafts
        assert f"全{expected['level']}" in " ".join(draft_section(settings, path, t).text for t in topics)


@pytest.mark.parametrize("expected", [e for e in EXPECTED if e["growth_reported"]], ids=lambda e: e["file"])
def test_a_typed_growth_that_disagrees_is_reported_by_cell_and_the_computed_one_is_drafted(settings, expected) -> None:
    path = WORKBOOKS / expected["file"]
    data = read_indicator_data(path)
    noted = {i.growth_note.split()[0]: i for i in data.indicators if i.growth_note}
    assert sorted(noted) == sorted(expected["growth_reported"])
    for cell, indicator in noted.items():
        topic = next(t for t in topics_for(path) if any(w in indicator.name for w in t.indicator_words))
        draft = draft_section(settings, path, topic)
        report = next(c for c in draft.corrections if c.startswith(cell))
        assert "草稿采用计算值" in report and growth_words(indicator)[2:] in report
        assert growth_words(indicator) in draft.text


def test_the_settings_place_comes_before_the_workbook(tmp_path) -> None:
    yearbook = WORKBOOKS / "科技主要指标（年鉴）.xlsx"
    county = load_settings(home=tmp_path / "a", drafting={"region": "北川县"})
    city_bureau = load_settings(home=tmp_path / "b", bureau_name="临江市科学技术局")
    assert draft_section(county, yearbook, "知识产权").title.startswith("北川县2025年")
    assert "全县专利授权量" in draft_section(county, yearbook, "知识产权").text
    district = WORKBOOKS / "东湖区2025年科技工作主要指标.xlsx"
    drafted = draft_section(city_bureau, district, "知识产权")
    assert drafted.title.startswith("临江市") and "全市" in drafted.text and "全区" not in drafted.text


def _sheet(path: Path, *rows: list[object]) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "指标"
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_a_header_that_cannot_be_read_is_named_with_the_forms_accepted(tmp_path) -> None:
    no_header = _sheet(tmp_path / "a.xlsx", ["临江市科技指标"], ["名目", "数量"], ["专利申请量", 3])
    with pytest.raises(DraftDataError) as refused:
        read_indicator_data(no_header)
    assert "工作表「指标」" in str(refused.value) and "A1" in str(refused.value) and "指标名称" in str(refused.value)
    no_year = _sheet(tmp_path / "b.xlsx", ["指标", "单位", "本年", "上年"], ["专利申请量", "件", 2, 1])
    with pytest.raises(DraftDataError) as refused:
        read_indicator_data(no_year)
    message = str(refused.value)
    assert "C1“本年”" in message and "没有写年份" in message and "2025年1-11月" in message and "上年同期" in message


def test_names_carry_their_unit_indent_and_part_mark() -> None:
    assert split_name("　其中：R&D经费支出（亿元）") == ("R&D经费支出", "亿元", 1, True)
    assert split_name("每万人口发明专利拥有量(件/万人)") == ("每万人口发明专利拥有量", "件/万人", 0, False)
    assert split_name("#高新技术企业") == ("高新技术企业", "", 0, True)
    assert split_name("科技活动（含科普）") == ("科技活动（含科普）", "", 0, False)


def test_a_unit_for_the_whole_table_above_it_is_each_indicator_s(tmp_path) -> None:
    path = _sheet(tmp_path / "西岭县科技经费.xlsx", ["西岭县2025年科技经费情况", None, "单位：万元"], ["项目", "2024年", "2025年"],
                  ["财政科技支出", 4630, 5120], ["R&D经费支出", 17350, 19010])  # fmt: skip
    data = read_indicator_data(path)
    assert [(i.label, i.unit, i.this) for i in data.indicators] == [("财政科技支出", "万元", 5120), ("R&D经费支出", "万元", 19010)]
    several = _sheet(tmp_path / "b.xlsx", ["2025年主要指标", "单位：件、家"], ["指标", "2024年", "2025年"], ["专利申请量", 1, 2])
    with pytest.raises(DraftDataError, match="缺少“单位”列"):
        read_indicator_data(several)


def test_a_monthly_report_s_cumulative_columns_cover_january_to_its_month(tmp_path) -> None:
    path = _sheet(tmp_path / "月报.xlsx", ["2025年11月临江市科技统计月报"],
                  ["指标", "单位", "本月", "本年累计", "上年同期累计", "增减量", "累计增长%"],
                  ["专利授权量①", "件", 120, 1530, 1402, 128, 9.1], ["注：①含外观设计专利。"])  # fmt: skip
    data = read_indicator_data(path)
    assert (data.year, data.period, data.title) == (2025, "1—11月", ("2025年11月临江市科技统计月报",))
    assert [(i.label, i.last, i.this, i.this_cell, i.growth_note) for i in data.indicators] == [
        ("专利授权量", 1402, 1530, "指标!D3", "")]  # the 本月 column is read past; both growth cells agree
    assert draft_section(load_settings(home=tmp_path / "h"), path, "知识产权").title == "临江市2025年1—11月知识产权工作情况"


def test_a_guessed_level_word_is_put_right_or_dropped() -> None:
    """An LLM may write 全县 for a city's bureau: the draft's level replaces it, and with no level known it goes."""
    assert fix_level_words("全县专利申请量2648件，全市第一", "市") == (
        "全市专利申请量2648件，全市第一", ["“全县”与本局的层级不符，已改为“全市”"])
    assert fix_level_words("全县专利申请量1356件", "")[0] == "专利申请量1356件"
