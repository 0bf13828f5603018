"""Questions over figures in the chat and on the CLI (assistant/figures/): the sample corpus with the
示范县 summaries of 2022–2025 and the drafting workbook, in a real knowledge base (embedded with the
configured model); two documents that disagree; `bureau figures` and `bureau ask --json`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.answer import Assistant
from assistant.composition import chat_routes
from assistant.config import load_settings
from assistant.knowledge import KnowledgeBase
from assistant.terminal.cli import app
from conftest import REPO, SAMPLE_CORPUS

pytestmark = pytest.mark.slow  # embeds the summaries
SUMMARIES = [
    "示范县科学技术局2022年工作总结.txt", "示范县科学技术局2023年工作总结.txt", "示范县科学技术局2024年工作总结.docx",
    "示范县科学技术局2025年上半年工作总结.txt", "示范县科学技术局2025年工作计划.txt", "示范县专利资助办法.docx",
]  # fmt: skip
WORKBOOK = REPO / "sample_data" / "示范县2025年科技工作主要指标.xlsx"
KEYS = ["indicator", "value", "unit", "period", "kind", "region", "source", "location", "sentence"]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("figures")
    report = KnowledgeBase(load_settings(home=home), "default").ingest([SAMPLE_CORPUS / n for n in SUMMARIES])
    assert not report.failed
    return home


def test_how_a_figure_moved_over_the_years_is_a_cited_table_with_computed_changes_and_a_chart(home) -> None:
    answer = Assistant(load_settings(home=home), routes=chat_routes()).answer("专利申请量这几年怎么变化？")
    rows = {row["period"]: row for row in answer.table}
    years = {p: rows[p]["values"][0]["value"] for p in ("2022", "2023", "2024", "2025")}
    assert years == {"2022": 938.0, "2023": 1050.0, "2024": 1180.0, "2025": 1342.0}
    assert rows["2025H1"]["values"][0]["value"] == 640.0
    assert rows["2023"]["change"] == "增加112件，增长11.9%"
    assert rows["2024"]["change"] == "增加130件，增长12.4%"  # the 2024 summary states 12.4% too
    assert rows["2025"]["change"] == "增加162件，增长13.7%"
    by_number = {c.number: c for c in answer.citations}
    for period, source in (("2022", SUMMARIES[0]), ("2023", SUMMARIES[1]), ("2025H1", SUMMARIES[3])):
        numbers = rows[period]["values"][0]["citations"]
        assert numbers and by_number[numbers[0]].source == source
        assert f"[{numbers[0]}]" in answer.text
    cells = [by_number[n] for n in rows["2025"]["values"][0]["citations"]]
    assert [(c.source, c.section) for c in cells] == [(WORKBOOK.name, "主要指标!D2")]  # the workbook's cell
    assert "年均增长" in answer.text and not answer.declined
    assert chart_points(answer) == {p: v for p, v in table_values(answer).items() if p.isdigit()}
    assert answer.as_json()["table"] == answer.table
    assert json.loads(json.dumps(answer.as_json()))["chart"] == answer.chart.as_json()  # the chart is data, not a picture
    assert answer.chart.title == "专利申请量" and answer.chart.unit == "件"


def chart_points(answer) -> dict[str, float]:  # noqa: ANN001
    """What the answer's chart draws, by year (whole years)."""
    (whole,) = [s for s in answer.chart.series if s.name == "全年"]
    return {str(x): value for x, value in zip(answer.chart.x, whole.values) if value is not None}


def table_values(answer) -> dict[str, float]:  # noqa: ANN001
    return {row["period"]: row["values"][0]["value"] for row in answer.table}


def test_a_comparison_shows_the_years_between_in_table_sentence_and_chart_alike(home) -> None:
    compared = Assistant(load_settings(home=home), routes=chat_routes()).answer("高新技术企业数量比2023年多了多少？")
    assert "2025年高新技术企业数为148家" in compared.text and "增加39家，增长35.8%" in compared.text
    assert table_values(compared) == chart_points(compared) == {"2023": 109.0, "2024": 126.0, "2025": 148.0}
    rows = {row["period"]: row for row in compared.table}
    assert rows["2025"]["change"] == "增加22家，增长17.5%" and rows["2025"]["compared_with"] == "2024"
    assert rows["2023"]["change"] is None  # its year before is not in the table: no change the reader cannot check
    assert "| 2024年 | 126家[" in compared.text


def test_one_value_is_a_sentence_with_its_citations_not_a_one_row_table(home) -> None:
    share = Assistant(load_settings(home=home), routes=chat_routes()).answer("2024年研发投入占GDP比重是多少？")
    assert share.text.startswith("2024年R&D经费支出占GDP比重为2.35%[1]")
    assert "较2023年（2.23%[" in share.text and "提高0.12个百分点" in share.text  # the figure compared with, cited
    assert "|" not in share.text and share.chart is None
    assert [r["period"] for r in share.table] == ["2024"]  # `bureau ask --json` still gives the value as data


def test_a_question_that_is_not_about_figures_is_answered_as_before(home) -> None:
    answer = Assistant(load_settings(home=home), routes=chat_routes()).answer("发明专利授权后每件资助多少钱？")
    assert answer.table is None and answer.chart is None


def test_two_documents_that_disagree_are_both_shown_with_their_sources(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path / "home")
    settings.drafting.data_path = tmp_path / "无数据表.xlsx"
    bureau = tmp_path / "示范市科学技术局2024年工作总结.txt"
    bureau.write_text("示范市科学技术局2024年工作总结\n2024年，全市专利申请量2100件，同比增长8.2%。\n", encoding="utf-8")
    bulletin = tmp_path / "示范市2024年国民经济和社会发展统计公报.txt"
    bulletin.write_text("示范市2024年国民经济和社会发展统计公报\n全年专利申请量2150件。\n", encoding="utf-8")
    earlier = tmp_path / "示范市科学技术局2023年工作总结.txt"
    earlier.write_text("示范市科学技术局2023年工作总结\n全市专利申请量1940件。\n", encoding="utf-8")
    KnowledgeBase(settings).ingest([bureau, bulletin, earlier])
    answer = Assistant(settings, routes=chat_routes()).answer("专利申请量这几年怎么变化？")
    row = next(r for r in answer.table if r["period"] == "2024")
    assert sorted(v["value"] for v in row["values"]) == [2100.0, 2150.0]
    assert {s for v in row["values"] for s in v["sources"]} == {bureau.name, bulletin.name}
    assert row["change"] is None  # no change is computed from a value the documents disagree on
    assert "不一致" in answer.text and "2125" not in answer.text  # never averaged
    assert bureau.name in answer.text and bulletin.name in answer.text
    drawn = {(s.name, s.line): dict(zip(answer.chart.labels, s.values)) for s in answer.chart.series}
    assert sorted([drawn[("全年", True)]["2024年"], drawn[("另一数值", False)]["2024年"]]) == [2100.0, 2150.0]  # both drawn


def test_removing_or_changing_a_document_removes_or_replaces_its_figures(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path / "home")
    kb = KnowledgeBase(settings)
    summary = tmp_path / SUMMARIES[1]
    shutil.copy(SAMPLE_CORPUS / SUMMARIES[1], summary)
    kb.ingest([summary])
    totals = lambda: [r.value for r in kb.figures.query("专利申请量") if r.kind == "total"]  # noqa: E731
    assert totals() == [1050.0]
    summary.write_text(summary.read_text(encoding="utf-8").replace("1050件", "1060件"), encoding="utf-8")
    kb.ingest([summary])
    assert totals() == [1060.0]
    kb.remove(summary.name)
    assert kb.figures.query() == [] and kb.figures.content_hash(summary.name) is None


def test_cli_lists_records_with_exactly_the_issue_s_keys(home, monkeypatch) -> None:
    monkeypatch.setenv("BUREAU_HOME", str(home))
    result = CliRunner().invoke(app, ["figures", "--indicator", "专利申请数", "--json"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert all(list(r) == KEYS and r["indicator"] == "专利申请量" for r in records)
    assert {r["period"] for r in records} >= {"2022", "2023", "2024", "2025H1", "2025"}
    assert all(isinstance(r["value"], float) for r in records)
    plans = CliRunner().invoke(app, ["figures", "--indicator", "专利申请量", "--plans", "--json"])
    assert {json.loads(line)["value"] for line in plans.output.splitlines()} >= {1300.0, 1150.0}
    asked = CliRunner().invoke(app, ["ask", "专利申请量这几年怎么变化？", "--json"])
    assert len(json.loads(asked.output)["table"]) >= 4
    assert json.loads(asked.output)["chart"]["labels"][:3] == ["2022年", "2023年", "2024年"]
    shown = CliRunner().invoke(app, ["ask", "专利申请量这几年怎么变化？"])  # the terminal writes the chart's values
    assert "图表 · 专利申请量（件）：2022年 938；2023年 1050；2024年 1180" in shown.output
