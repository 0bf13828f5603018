"""Document metadata from real seeds and policies: type, year, issuer, 文号, region, policy dates."""

from __future__ import annotations

import pytest

from conftest import POLICIES, SEEDS
from ingest.metadata import document_metadata
from ingest.model import Block, Document
from ingest.pipeline import ingest_file


def metadata_of(title: str, *lines: str, source: str = "文件.docx") -> dict[str, object]:
    blocks = [Block(line) for line in lines]
    return document_metadata(Document(doc_id="d", title=title, source=source, blocks=blocks))


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        ("科技局2020年上半年工作总结和下半年工作计划", "总结"),
        ("科技局2023年工作计划篇1", "计划"),
        ("2022年市科学技术局上半年工作报告", "报告"),
        ("示范县高新技术企业培育和奖励实施细则", "细则"),
        ("示范县专利资助与奖励办法（试行）", "办法"),
        ("关于印发《示范县科技计划项目管理办法》的通知", "通知"),
        ("年工作要点", "要点"),
    ],
)
def test_doc_type_comes_from_the_title(title, doc_type):
    assert metadata_of(title)["doc_type"] == doc_type


@pytest.mark.parametrize("title", ["xx年科技局工作总结", "20xx年科技工作计划", "20__年工作要点"])
def test_a_placeholder_year_is_left_out(title):
    assert "year" not in metadata_of(title, "xx年，县科技局获得了xx市知识产权工作先进单位。")


def test_seed_years():
    (doc_002,) = [d for d in ingest_file(SEEDS / "002_3b41ed0b22b5540a.txt").documents if "上半年" in d.title]
    assert doc_002.metadata["year"] == 2020
    assert doc_002.metadata["doc_type"] == "总结"
    assert all("year" not in d.metadata for d in ingest_file(SEEDS / "000_4efb816aecd0ddb7.txt").documents)


def test_seed_report_is_a_city_report_of_2022():
    docs = ingest_file(SEEDS / "004_8b0321ef3d32d5f2.txt").documents
    meta = next(d.metadata for d in docs if "工作报告" in d.title)
    assert (meta["doc_type"], meta["year"], meta["region_level"]) == ("报告", 2022, "市")


def test_compiled_plans_are_plans():
    docs = ingest_file(SEEDS / "003_907dff56a137702a.txt").documents
    plans = [d for d in docs if "篇" in d.title]
    assert len(plans) >= 2
    assert {d.metadata["doc_type"] for d in plans} == {"计划"}
    assert all(d.metadata["parts"] == len(docs) for d in plans)


def test_word_policy_metadata():
    (doc,) = ingest_file(POLICIES / "示范县专利资助与奖励办法.docx").documents
    meta = doc.metadata
    assert meta["doc_type"] == "办法"
    assert meta["doc_number"] == "示县科〔2023〕45号"
    assert meta["year"] == 2023
    assert meta["issuer"] == "示范县科学技术局"
    assert meta["region_level"] == "县"
    assert meta["effective_date"] == "2024-01-01"
    assert meta["validity"] == "三年"
    assert meta["repeals"] == "《示范县专利申请资助办法》"
    assert meta["format"] == "docx"


def test_plain_text_policy_metadata():
    path = POLICIES / "示范县高新技术企业培育和奖励实施细则.txt"
    title, *lines = [line for line in path.read_bytes().decode("gb18030").splitlines() if line.strip()]
    meta = metadata_of(title, *lines, source=path.name)
    assert meta["doc_number"] == "示县科〔2024〕8号"
    assert meta["effective_date"] == "2024-03-01"
    assert meta["issuer"] == "示范县科学技术局"
    assert "validity" not in meta and "repeals" not in meta


@pytest.mark.parametrize(
    ("sentence", "key", "value"),
    [
        ("本办法自2025年1月1日起施行，有效期至2027年12月31日。", "validity", "至2027-12-31"),
        ("本办法自2025年1月1日起施行，有效期3年。", "validity", "3年"),
        ("本办法自2025年1月1日起施行，原《XX市科技项目管理办法》同时废止。", "repeals", "《XX市科技项目管理办法》"),
        ("本办法自2025年1月1日起施行。", "effective_date", "2025-01-01"),
    ],
)
def test_policy_terms(sentence, key, value):
    assert metadata_of("XX市科技项目管理办法", "第一条 为规范管理，制定本办法。", sentence)[key] == value


def test_doc_number_with_square_or_round_brackets():
    assert metadata_of("示范县科技计划管理办法", "示县科[2022]3号")["doc_number"] == "示县科[2022]3号"
    assert metadata_of("示范县科技计划管理办法", "示县科(2022)3号")["year"] == 2022


def test_only_scalar_values_and_no_unknown_keys():
    meta = metadata_of("工作总结", "今年以来，我们狠抓落实。", source="总结.txt")
    assert meta == {"title": "工作总结", "doc_type": "总结", "source": "总结.txt", "format": "txt"}
