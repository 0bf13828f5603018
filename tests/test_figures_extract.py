"""Figures stated in documents become records (ingest/figures.py): on the shipped sample corpus and on
the real seed documents in ../shared/corpus/seeds."""

from __future__ import annotations

import pytest

from conftest import SAMPLE_CORPUS, SEEDS
from ingest.figures import FigureRecord, normalize_indicator
from ingest.pipeline import ingest_file

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
    records = ingest_file(SEEDS / "000_4efb816aecd0ddb7.txt").figures
    assert not [r for r in records if "专利申请xx件" in r.sentence and r.indicator == "专利申请量"]
    assert not [r for r in records if "xx" in str(r.value)]


def test_indicator_names_are_normalised_through_the_synonym_table() -> None:
    assert normalize_indicator("专利申请数") == "专利申请量"
    assert normalize_indicator("申请专利") == "专利申请量"
    assert normalize_indicator("高企数量") == "高新技术企业数"
    assert normalize_indicator("全县高新技术企业总数") == "高新技术企业数"
