"""The shipped sample corpus: every file ingests, and its questions are answerable from what ingestion makes."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from conftest import REPO, SAMPLE_CORPUS
from ingest.load import load_file
from ingest.pipeline import IngestedFile, ingest_file

QUESTIONS = REPO / "benchmarks" / "questions" / "sample_qa.jsonl"
SAMPLE_FILES = sorted(SAMPLE_CORPUS.iterdir())
PATENT = "示范县专利资助办法.docx"
VOUCHER = "示范县科技创新券管理办法.pdf"
HIGH_TECH = "示范县高新技术企业认定奖励细则.txt"
NOTICE = "关于组织申报2025年度示范县科技计划项目的通知.docx"
H1_SUMMARY = "示范县科学技术局2025年上半年工作总结.txt"


@pytest.fixture(scope="module")
def ingested() -> dict[str, IngestedFile]:
    return {path.name: ingest_file(path) for path in SAMPLE_FILES}


def chunk_texts(ingested: dict[str, IngestedFile], name: str) -> list[str]:
    return [chunk.text for chunk in ingested[name].chunks]


def metadata(ingested: dict[str, IngestedFile], name: str) -> dict[str, object]:
    return ingested[name].documents[0].metadata


def questions() -> list[dict]:
    return [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_sample_file_ingests_into_passages(ingested):
    assert {p.suffix for p in SAMPLE_FILES} == {".docx", ".txt", ".pdf"}
    assert len(SAMPLE_FILES) == 9
    for name, result in ingested.items():
        assert result.chunks, f"{name} 没有切出任何段落"
        assert all(chunk.text.strip() for chunk in result.chunks)


def test_gb18030_summary_is_stored_as_gb18030_and_reads_as_chinese(ingested):
    raw = (SAMPLE_CORPUS / H1_SUMMARY).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert load_file(SAMPLE_CORPUS / H1_SUMMARY).encoding.lower().replace("-", "") in {"gb18030", "gbk", "gb2312"}
    assert any("引进高层次人才12名" in text for text in chunk_texts(ingested, H1_SUMMARY))


def test_subsidy_table_row_keeps_each_value_next_to_its_column(ingested):
    row = "专利类型：发明专利；资助环节：获得授权；资助标准：每件5000元；备注：企业另奖励3000元"
    assert row in chunk_texts(ingested, PATENT)


def test_summary_headings_come_from_word_heading_styles(ingested):
    sections = {chunk.section for chunk in ingested["示范县科学技术局2024年工作总结.docx"].chunks}
    assert "示范县科学技术局2024年工作总结 › 一、主要工作成效 › （二）高新技术企业培育成效明显" in sections


def test_question_set_has_the_benchmark_schema():
    rows = questions()
    assert len({row["id"] for row in rows}) == len(rows)
    names = {p.name for p in SAMPLE_FILES}
    for row in rows:
        assert {"id", "question", "source", "evidence", "answer"} <= row.keys()
        if row.get("unanswerable"):
            assert row["evidence"] == [] and row["answer"] == []
        else:
            assert row["source"] in names, row["id"]
            assert row["evidence"] and all(6 <= len(e) <= 25 for e in row["evidence"]), row["id"]
    assert sum(bool(row.get("unanswerable")) for row in rows) >= 8


@pytest.mark.parametrize("row", [r for r in questions() if not r.get("unanswerable")], ids=lambda r: r["id"])
def test_evidence_is_verbatim_in_a_chunk_and_holds_the_answer(ingested, row):
    texts = chunk_texts(ingested, row["source"])
    for evidence in row["evidence"]:
        assert any(evidence in text for text in texts), f"{row['id']}: 找不到证据「{evidence}」"
    for fact in row["answer"]:
        assert any(fact in evidence for evidence in row["evidence"]), f"{row['id']}: 证据中没有答案「{fact}」"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (PATENT, {"doc_type": "办法", "year": 2024, "doc_number": "示县科〔2024〕58号",
                  "effective_date": "2025-01-01", "validity": "三年", "repeals": "《示范县专利申请资助暂行办法》"}),
        (VOUCHER, {"doc_type": "办法", "year": 2025, "doc_number": "示县科〔2025〕6号", "effective_date": "2025-03-01"}),
        (HIGH_TECH, {"doc_type": "细则", "year": 2025, "doc_number": "示县科〔2025〕3号",
                     "effective_date": "2025-01-01", "validity": "三年"}),
        (NOTICE, {"year": 2025, "doc_number": "示县科〔2025〕12号", "issuer": "示范县科学技术局"}),
    ],
)  # fmt: skip
def test_policy_metadata_is_read(ingested, name, expected):
    found = metadata(ingested, name)
    assert {key: found.get(key) for key in expected} == expected


def test_notice_about_plan_projects_is_a_notice(ingested):
    assert metadata(ingested, NOTICE)["doc_type"] == "通知"


def test_pdf_validity_until_a_date_is_read(ingested):
    assert metadata(ingested, VOUCHER).get("validity") == "至2027-12-31"


def test_committed_text_files_match_the_generator(monkeypatch):
    spec = importlib.util.spec_from_file_location("make_sample_corpus", REPO / "scripts" / "make_sample_corpus.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # a dataclass needs its module registered
    spec.loader.exec_module(module)
    for sample in module.FILES:
        path: Path = SAMPLE_CORPUS / sample.name
        assert path.is_file(), f"缺少 {sample.name}，请运行 python scripts/make_sample_corpus.py"
        if path.suffix == ".txt":
            assert path.read_bytes() == module.plain_text(sample.text).encode(sample.encoding), sample.name
    expected = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in module.question_rows())
    assert QUESTIONS.read_text(encoding="utf-8") == expected
