"""Figures stated in documents become records (ingest/figures.py): on the shipped sample corpus and on
the real seed documents in ../shared/corpus/seeds."""

from __future__ import annotations

import pytest

from assistant.figures.series import build_series
from conftest import SAMPLE_CORPUS, SEEDS
from ingest.figures import FigureRecord, document_figures, normalize_indicator
from ingest.model import Block, Document
from ingest.pipeline import ingest_file
from language.text import UNKNOWN_PERIOD, period_label

SUMMARY_2024 = "示范县科学技术局2024年工作总结.docx"
H1_2025 = "示范县科学技术局2025年上半年工作总结.txt"
PLAN_2025 = "示范县科学技术局2025年工作计划.txt"


@pytest.fixture(scope="module")
def sample() -> dict[str, list[FigureRecord]]:
    names = (SUMMARY_2024, H1_2025, PLAN_2025, "示范县科学技术局2023年工作总结.txt")
    return {name: ingest_file(SAMPLE_CORPUS / name).figures for name in names}


def find(records: list[FigureRecord], indicator: str, kind: str = "total", plan: bool = False) -> list[tuple]:
    return [(r.period, r.value, r.unit) for r in records if r.indicator == indicator and r.kind == kind and r.plan == plan]


def test_a_summary_gives_totals_rates_shares_and_their_periods(sample) -> None:
    records = sample[SUMMARY_2024]
    assert find(records, "专利申请量") == [("2024", 1180.0, "件")]
    assert find(records, "专利申请量", "rate") == [("2024", 12.4, "%")]
    assert find(records, "发明专利授权量") == [("2024", 96.0, "件")]
    assert find(records, "高新技术企业数") == [("2024", 126.0, "家")]
    assert find(records, "R&D经费支出") == [("2024", 8.62, "亿元")]
    assert find(records, "R&D经费支出占GDP比重", "share") == [("2024", 2.35, "%")]
    assert find(records, "R&D经费支出占GDP比重", "increase") == [("2024", 0.12, "个百分点")]
    assert all(r.region == "示范县" and r.source == SUMMARY_2024 and r.location for r in records)
    sentence = next(r.sentence for r in records if r.indicator == "专利申请量")
    assert sentence.startswith("全县专利申请量1180件，同比增长12.4%")


def test_a_list_after_an_increase_word_is_all_increases(sample) -> None:
    records = sample[SUMMARY_2024]
    assert find(records, "新增省级企业研发中心", "increase") == [("2024", 4.0, "家")]
    assert find(records, "新增市级工程技术研究中心", "increase") == [("2024", 9.0, "家")]


def test_half_year_figures_take_the_period_of_the_title(sample) -> None:
    assert find(sample[H1_2025], "专利申请量") == [("2025H1", 640.0, "件")]
    assert find(sample[H1_2025], "发明专利授权量", "rate") == [("2025H1", 14.9, "%")]


def test_plans_and_targets_are_kept_apart(sample) -> None:
    assert find(sample[PLAN_2025], "专利申请量", plan=True) == [("2025", 1300.0, "件")]
    assert find(sample[PLAN_2025], "专利申请量") == []
    assert find(sample[SUMMARY_2024], "高新技术企业数", plan=True) == [("2025", 145.0, "家")]
    target = find(sample["示范县科学技术局2023年工作总结.txt"], "专利申请量", plan=True)
    assert target == [("2024", 1150.0, "件")]


def test_two_indicators_for_two_years_in_one_sentence_give_four_records() -> None:
    records = ingest_file(SEEDS / "001_96a2032afdb334c4.txt").figures
    stated = [r for r in records if "390件、193件" in r.sentence]
    assert sorted((r.indicator, r.period, r.value) for r in stated) == [
        ("专利授权量", "2008", 193.0), ("专利授权量", "2014", 2038.0),
        ("专利申请量", "2008", 390.0), ("专利申请量", "2014", 3172.0),
    ]  # fmt: skip
    assert {r.kind for r in stated} == {"total"}


def test_a_placeholder_figure_gives_no_record() -> None:
    """xx件 is no number (a blanked-out year, 20__年, is the next test's)."""
    records = ingest_file(SEEDS / "000_4efb816aecd0ddb7.txt").figures
    assert not [r for r in records if "专利申请xx件" in r.sentence and r.indicator == "专利申请量"]
    assert not [r for r in records if "xx" in str(r.value)]


def test_indicator_names_are_normalised_through_the_synonym_table() -> None:
    assert normalize_indicator("专利申请数") == "专利申请量"
    assert normalize_indicator("申请专利") == "专利申请量"
    assert normalize_indicator("高企数量") == "高新技术企业数"
    assert normalize_indicator("全县高新技术企业总数") == "高新技术企业数"


def test_a_figure_whose_year_is_blanked_out_is_a_record_of_unknown_period() -> None:
    """The compilation of summaries with the years blanked out (20__年) still states figures: they are
    records with the period unknown, listed with their source, place and sentence."""
    records = ingest_file(SEEDS / "001_96a2032afdb334c4.txt").figures
    patents = [r for r in records if r.indicator == "专利申请量" and r.value == 2924.0]
    firms = [r for r in records if r.indicator == "高新技术企业数" and r.value == 34.0]
    assert [(r.unit, r.period, r.kind) for r in patents] == [("件", UNKNOWN_PERIOD, "total")]
    assert [(r.unit, r.period, r.kind) for r in firms] == [("家", UNKNOWN_PERIOD, "total")]
    assert patents[0].as_json()["period"] is None and period_label(patents[0].period) == "年份不详"
    assert "全年专利申请量2924件" in patents[0].sentence and patents[0].location.startswith("第")
    assert "20__年新认定高新技术企业6家" in firms[0].sentence


def test_a_blanked_year_before_a_figure_outweighs_the_documents_year() -> None:
    """20xx年 named right before a figure says its year is not given, even in a document whose title has one;
    a real year named after the blank is the figure's period again."""
    doc = Document("d1", "科技局2023年工作计划", "计划.txt", [
        Block("我区获得20xx年基层科普行动计划项目资金16万元。2022年，全区专利申请量530件。", "para", "第2行"),
    ], metadata={"year": 2023})  # fmt: skip
    records = {r.value: r.period for r in document_figures(doc)}
    assert records == {16.0: UNKNOWN_PERIOD, 530.0: "2022"}


def test_records_without_a_year_stay_out_of_every_series() -> None:
    """Listed and citable, but never lined up by year, so no trend or 同比 is computed with them."""
    dated = FigureRecord("专利申请量", 1180.0, "件", "2024", "total", "", "a.txt", "第1行", "…")
    blank = FigureRecord("专利申请量", 2924.0, "件", UNKNOWN_PERIOD, "total", "", "b.txt", "第9行", "…")
    series = build_series([("kb", dated), ("kb", blank)])
    assert [row.period for row in series.rows] == ["2024"]
    assert build_series([("kb", blank)]) is None



def test_a_bureau_adds_its_own_joiners_of_a_list(tmp_path) -> None:
    """The joiners of a list of figures are figures.toml's: a bureau whose documents write 以及 between
    them adds it, and the list pairs with its indicators in order."""
    from language import lexicon as lexicon_module

    doc = Document("d1", "科技局2024年工作总结", "总结.txt", [
        Block("全年工作取得新进展。", "para", "第1行"),
        Block("全年专利申请量和授权量分别为390件以及193件。", "para", "第2行"),
    ], metadata={"year": 2024})  # fmt: skip
    assert ("专利授权量", 193.0) not in [(r.indicator, r.value) for r in document_figures(doc)]
    (tmp_path / "figures.toml").write_text('joiners = ["以及"]\n', encoding="utf-8")
    lexicon_module.use_extra_dirs([tmp_path])
    try:
        assert [(r.indicator, r.value) for r in document_figures(doc)] == [("专利申请量", 390.0), ("专利授权量", 193.0)]
    finally:
        lexicon_module.use_extra_dirs([])
