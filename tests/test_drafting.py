"""The drafting assistant on the sample workbook: figures computed and traced, wrong ones caught,
bad data named by cell, and a .docx in official-document format."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from typer.testing import CliRunner

from assistant.config import load_settings
from assistant.drafting import DraftDataError, draft_section, export_docx, topic_from_request, topics_for
from assistant.drafting.docx_export import write_docx
from assistant.drafting.facts import facts_for
from assistant.drafting.verify import verify_draft
from assistant.indicators.reader import Indicator, read_indicator_data
from assistant.terminal.cli import app
from conftest import CORPUS, REPO, from_shared
from language.text import figure_pattern

WORKBOOK = CORPUS / "data" / "示范县2025年科技工作主要指标.xlsx"
ARTIFACTS = REPO / "tests" / "artifacts"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory):
    return load_settings(home=tmp_path_factory.mktemp("home"))


def cell(sheet: str, ref: str) -> Decimal:
    return Decimal(str(openpyxl.load_workbook(WORKBOOK)[sheet][ref].value))


def growth(row: int) -> str:
    """同比 from the workbook's own cells (C = 2024年, D = 2025年), one decimal, half up."""
    this, last = cell("主要指标", f"D{row}"), cell("主要指标", f"C{row}")
    return f"{((this - last) / last * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def test_intellectual_property_draft_states_the_figures_and_their_growth(settings):
    draft = draft_section(settings, WORKBOOK, "知识产权")
    assert openpyxl.load_workbook(WORKBOOK)["主要指标"]["A5"].value.endswith("发明专利授权量")
    assert (growth(2), growth(5)) == ("14.9%", "26.0%")  # what issue 6 asks the draft to say
    assert f"专利申请量{cell('主要指标', 'D2')}件，同比增长{growth(2)}" in draft.text  # 1356件, 14.9%
    assert f"发明专利授权量{cell('主要指标', 'D5')}件，同比增长{growth(5)}" in draft.text  # 121件, 26.0%
    assert draft.text.startswith("一、") and "一是" in draft.text and "二是" in draft.text
    assert not draft.unverified_numbers and draft.mode == "template"


def test_growth_rounds_half_up_and_ratios_change_in_points():
    rising = Indicator("技术合同成交额", "亿元", Decimal("40"), Decimal("40.98"), "", "表!C2", "表!D2")
    ratio = Indicator("研发经费投入占GDP比重", "%", Decimal("1.86"), Decimal("2.03"), "", "表!C3", "表!D3")
    facts = {f.name: f for f in facts_for([rising, ratio], [rising, ratio])}
    assert facts["技术合同成交额同比增长"].figure == "2.5%"  # 2.45 half up; half-even would say 2.4
    assert facts["技术合同成交额同比增长"].derived_from == "(表!D2-表!C2)/表!C2"
    assert facts["技术合同成交额增加量"].figure == "0.98亿元"
    assert facts["研发经费投入占GDP比重提高"].figure == "0.17个百分点"
    assert not any("占GDP比重同比" in name for name in facts)  # a ratio's change is never a percent of a percent


@pytest.mark.parametrize("topic", from_shared(lambda: [t.name for t in topics_for(WORKBOOK)], WORKBOOK))
def test_every_figure_in_every_topic_traces_to_a_cell_or_a_derivation(settings, topic):
    draft = draft_section(settings, WORKBOOK, topic)
    data = read_indicator_data(WORKBOOK)
    traced = {f.figure for f in draft.facts} | {m.group(0) for e in data.events for m in figure_pattern().finditer(e.item)}
    traced |= {f"{data.year}年", f"{data.last_year}年"}
    assert [m.group(0) for m in figure_pattern().finditer(draft.text) if m.group(0) not in traced] == []
    bare = re.sub("|".join(re.escape(f) for f in sorted(traced, key=len, reverse=True)), "", draft.text)
    assert all(any(n in e.item for e in data.events) for n in re.findall(r"\d+", bare))  # e.g. “4·26”
    for fact in draft.facts:  # each derivation, recomputed here from the workbook's cells
        if fact.kind == "total":  # a key event's list, 重点工作!B6：1家+2家
            cell_ref, _, terms = fact.derived_from.partition("：")
            assert all(term in next(e.item for e in data.events if e.cell == cell_ref) for term in terms.split("+"))
            assert Decimal(fact.value) == sum(Decimal(t.removesuffix(fact.unit)) for t in terms.split("+"))
            continue
        value = eval(re.sub(r"主要指标!([A-Z]+\d+)", lambda m: f"cell('主要指标', '{m.group(1)}')", fact.derived_from))
        if "/" in fact.derived_from:
            value = (value * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        assert Decimal(fact.value) == abs(value), fact


def test_topics_read_as_bureau_prose_not_a_list(settings):
    drafts = [draft_section(settings, WORKBOOK, t) for t in topics_for(WORKBOOK)]
    assert len(drafts) >= 5
    for draft in drafts:
        heading, body, closing = draft.text.splitlines()
        assert heading.startswith("一、") and body.startswith("2025年，我局") and closing.startswith("下一步，我局将")
        assert body.endswith("。") and "\n" not in body and "：" not in body
        items = re.findall(r"[一二三四五六七]是", body)
        assert items == [f"{n}是" for n in "一二三四五六七"[: len(items)]] and len(items) != 1  # no lone 一是
    assert len({d.text.splitlines()[1].split("，")[1][:4] for d in drafts}) >= 3  # openings differ by topic
    patent = drafts[0].text
    assert {"同比增长", "较上年增加", "由上年的", "比上年增长"} <= set(re.findall(r"同比增长|较上年增加|由上年的|比上年增长", patent))


def test_a_fall_is_reported_plainly_and_not_praised(settings, tmp_path):
    rows = [["专利申请量", "件", 1400, 1356], ["研发经费投入占GDP比重", "%", 2.03, 1.9]]
    path = _workbook(tmp_path, ["指标", "单位", "2024年", "2025年"], *rows)
    patents, ratio = draft_section(settings, path, "知识产权"), draft_section(settings, path, "研发投入")
    assert "专利申请量1356件，同比下降3.1%" in patents.text and "稳步提升" not in patents.text
    assert "研发经费投入占GDP比重为1.9%，较上年下降0.13个百分点" in ratio.text and "持续增长" not in ratio.text
    assert "较上年有所下降" in patents.text and "保持增长" not in patents.text


def _patent_facts():
    data = read_indicator_data(WORKBOOK)
    return facts_for([i for i in data.indicators if "专利" in i.name], data.indicators), data


def test_a_planted_wrong_number_in_an_llm_draft_is_caught():
    # A hand-written string stands in for an LLM's draft; tests/test_llm.py runs the real SmolLM2.
    facts, _ = _patent_facts()
    draft = "一、知识产权工作\n2025年，全县专利申请量1400件，同比增长14.9%；新引进外资3000万元，成效明显。"
    checked = verify_draft(draft, facts, [], {2024, 2025})
    assert checked.unverified == ["1400件", "3000万元"]
    assert "专利申请量1356件" in checked.text and "3000万元" not in checked.text
    assert any("主要指标!D2" in line for line in checked.corrections)


@pytest.mark.parametrize(
    ("planted", "checked_text"),
    [  # hand-written "LLM drafts": right numbers on the wrong indicator, wrong derived figures, invented ones
        ("全县发明专利申请量400件，同比增长27.6%。", "全县发明专利申请量398件，同比增长27.6%。"),
        ("专利申请量1356件，同比增长16.1%；专利授权量815件。", "专利申请量1356件，同比增长14.9%；专利授权量815件。"),
        ("专利授权量达到815件，较上年增加130件，增长16.1%。", "专利授权量达到815件，较上年增加113件，增长16.1%。"),
        ("发明专利申请量398件，占专利申请量的30.1%。", "发明专利申请量398件，占专利申请量的29.4%。"),
        ("举办知识产权培训班5期，培训企业人员420人次。", "培训企业人员420人次。"),
        ("有效发明专利拥有量1148件，每万人发明专利拥有量12.5件。", "有效发明专利拥有量1148件。"),
        ("专利申请量1356件；力争2030年翻一番。", "专利申请量1356件。"),
        ("全县专利申请量1180件，同比增长14.9%。", "全县专利申请量1356件，同比增长14.9%。"),  # last year's as this year's
        ("专利授权量815件，较上年增加702件。", "专利授权量815件，较上年增加113件。"),
    ],
)
def test_wrong_figures_are_corrected_when_their_indicator_is_named_else_cut(planted, checked_text):
    facts, data = _patent_facts()
    checked = verify_draft(planted, facts, [e.item for e in data.events], {2024, 2025})
    assert checked.text == checked_text
    assert len(checked.unverified) == len(checked.corrections) == 1


def test_right_figures_stand_even_when_written_freely():
    facts, data = _patent_facts()
    text = ("专利申请量和授权量分别为1356件和815件，其中发明专利121件；专利申请量由上年的1180件增加到1356件；"
            "举办知识产权培训班3期，开展“4·26”世界知识产权日宣传活动。2026年，我局将继续努力。")  # fmt: skip
    checked = verify_draft(text, facts, [e.item for e in data.events], {2024, 2025})
    assert checked.text == text and checked.unverified == []


def test_the_topics_a_data_file_supports_are_listed_and_others_refused(settings):
    supported = [t.name for t in topics_for(WORKBOOK)]
    assert len(supported) >= 5 and "知识产权" in supported and "科技人才" not in supported
    with pytest.raises(DraftDataError, match="没有与“科技人才”有关的指标"):
        draft_section(settings, WORKBOOK, "科技人才")


def test_chat_requests_name_their_topic():
    assert topic_from_request("帮我起草今年知识产权工作的总结段落").name == "知识产权"
    assert topic_from_request("写一段高企培育情况的材料").name == "高新技术企业培育"
    assert topic_from_request("发明专利授权后每件能拿到多少资助？") is None


def _workbook(tmp_path: Path, header: list[str], *rows: list[object]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "主要指标"
    for row in (header, *rows):
        sheet.append(row)
    path = tmp_path / "指标.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("header", "row", "message"),
    [
        (["指标", "2024年", "2025年"], ["专利申请量", 1, 2], "缺少“单位”列"),
        (["指标", "单位", "2024年", "2025年"], ["专利申请量", "件", 1180, "约1300"], "主要指标!D2 的值“约1300”不是数字"),
        (["指标", "单位", "2024年", "2025年", "2026年"], ["专利申请量", "件", 1, 2, 3], "年份列不明确"),
        (["指标", "单位", "上年", "本年"], ["专利申请量", "件", 1, 2], "年份列不明确"),
        (["指标", "单位", "2024年", "2025年"], ["专利申请量", None, 1, 2], "主要指标!B2 的单位是空白"),
        (["指标", "单位", "2024年", "2025年"], ["专利申请量", "件", 1, "=C2*2"], "主要指标!D2 是公式.*没有保存计算结果"),
    ],
)
def test_bad_data_is_named_by_cell(tmp_path, header, row, message):
    with pytest.raises(DraftDataError, match=message):
        read_indicator_data(_workbook(tmp_path, header, row))


def test_half_year_data_is_drafted_against_the_same_period_of_last_year(settings, tmp_path):
    header = ["指标", "单位", "2024年1-6月", "2025年1-6月"]
    path = _workbook(tmp_path, header, ["专利申请量", "件", 560, 640], ["专利授权量", "件", 300, 330])
    draft = draft_section(settings, path, "知识产权")
    assert draft.title.endswith("2025年上半年知识产权工作情况")
    assert "2025年上半年，我局" in draft.text and "较上年同期增加30件" in draft.text
    assert "专利申请量640件，同比增长14.3%" in draft.text and draft.unverified_numbers == []
    with pytest.raises(DraftDataError, match="同一时段"):
        read_indicator_data(_workbook(tmp_path, ["指标", "单位", "2024年", "2025年上半年"], ["专利申请量", "件", 1, 2]))


def test_percent_cells_and_the_data_own_units_are_drafted_and_checked(settings, tmp_path):
    path = _workbook(tmp_path, ["指标", "单位", "2024年", "2025年"], ["研发经费投入占GDP比重", "%", 0.0186, 0.0203],
                     ["研发投入引进外资", "万美元", 120, 150])  # fmt: skip
    book = openpyxl.load_workbook(path)
    book["主要指标"]["C2"].number_format = book["主要指标"]["D2"].number_format = "0.00%"  # shows 1.86%, 2.03%
    book.save(path)
    draft = draft_section(settings, path, "研发投入")
    assert "研发经费投入占GDP比重达到2.03%，较上年提高0.17个百分点" in draft.text
    assert "研发投入引进外资" in draft.text and "150万美元" in draft.text and "25.0%" in draft.text
    wrong = verify_draft("研发投入引进外资180万美元。", draft.facts, [], {2024, 2025})
    assert wrong.text == "研发投入引进外资150万美元。" and wrong.unverified == ["180万美元"]


def test_csv_and_word_tables_are_accepted(tmp_path):
    csv = tmp_path / "指标.csv"
    csv.write_text("指标,单位,2024年,2025年,备注\n专利申请量,件,1180,1356,\n", encoding="gbk")
    assert read_indicator_data(csv).indicators[0].this == 1356
    word = Document()
    table = word.add_table(rows=2, cols=4)
    for cells, values in zip(table.rows, [["指标", "单位", "2024年", "2025年"], ["专利授权量", "件", "702", "815"]]):
        for c, v in zip(cells.cells, values):
            c.text = v
    word.save(tmp_path / "指标.docx")
    assert read_indicator_data(tmp_path / "指标.docx").indicators[0].label == "专利授权量"


def _fonts(run) -> tuple[str, str]:
    fonts = run._element.rPr.rFonts
    return fonts.get(qn("w:eastAsia")), run.font.size


def test_docx_follows_the_official_document_format(settings, tmp_path):
    path = export_docx(draft_section(settings, WORKBOOK, "知识产权"), tmp_path / "知识产权.docx")
    document = Document(str(path))
    section = document.sections[0]
    sizes = (section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin)  # fmt: skip
    assert [round(size.mm) for size in sizes] == [210, 297, 37, 35, 28, 26]  # A4, GB/T 9704 margins
    title, heading, body = document.paragraphs[:3]
    assert _fonts(title.runs[0]) == ("方正小标宋简体", Pt(22)) and title.alignment == 1
    assert _fonts(heading.runs[0]) == ("黑体", Pt(16))
    assert _fonts(body.runs[0]) == ("仿宋_GB2312", Pt(16))
    assert body.paragraph_format.line_spacing == Pt(28.95)
    assert body.alignment == 3 and body.paragraph_format.first_line_indent == Pt(32)  # justified, two characters
    footer = section.footer.paragraphs[0]
    assert "PAGE" in footer._element.xml and footer.text.startswith("— ")
    assert {_fonts(run) for run in footer.runs} == {("宋体", Pt(14))}  # 四号
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs] + footer.runs
    assert all(run._element.rPr.rFonts.get(qn("w:eastAsia")) for run in runs)
    assert document.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_docx_heading_levels_take_their_fonts(tmp_path):
    path = write_docx("标题", "一、知识产权工作\n（一）专利创造\n正文。", tmp_path / "levels.docx")
    fonts = [_fonts(p.runs[0])[0] for p in Document(str(path)).paragraphs]
    assert fonts == ["方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312"]


# The official fonts are not installed here: stand-ins of the same kind (serif for 仿宋/宋体/楷体, bold serif
# for 方正小标宋, sans for 黑体), so that the picture shows which font each line asks for.
STAND_IN_FONTS = """<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
<include ignore_missing="yes">/etc/fonts/fonts.conf</include>
{}
<match target="pattern"><test name="family"><string>方正小标宋简体</string></test>
<edit name="family" mode="assign" binding="same"><string>Noto Serif CJK SC</string></edit>
<edit name="weight" mode="assign"><const>bold</const></edit></match></fontconfig>""".format("".join(
    f'<alias binding="same"><family>{font}</family><prefer><family>Noto {kind} CJK SC</family></prefer></alias>'
    for font, kind in (("仿宋_GB2312", "Serif"), ("宋体", "Serif"), ("楷体_GB2312", "Serif"), ("黑体", "Sans"))
))


def test_docx_renders_to_pdf_and_png_for_a_person_to_look_at(settings, tmp_path):
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    assert soffice and pdftoppm, "scripts/install.sh installs libreoffice-writer-nogui and poppler-utils"
    ARTIFACTS.mkdir(exist_ok=True)
    (tmp_path / "fonts.conf").write_text(STAND_IN_FONTS, encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(tmp_path / "fonts.conf")}
    docx = export_docx(draft_section(settings, WORKBOOK, "知识产权"), tmp_path / "知识产权工作情况.docx")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(docx)], check=True, capture_output=True, timeout=180, env=env)  # fmt: skip
    pdf = tmp_path / "知识产权工作情况.pdf"
    subprocess.run([pdftoppm, "-png", "-r", "60", "-singlefile", str(pdf), str(ARTIFACTS / "draft_知识产权")],
                   check=True, timeout=60)  # fmt: skip
    assert (ARTIFACTS / "draft_知识产权.png").stat().st_size > 10_000
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True, timeout=60).stdout
    assert all(f in fonts for f in ("SerifCJK", "SerifCJKjp-Bold", "SansCJK"))  # body, title and 一、 heading differ


def test_cli_json_shape_and_errors(tmp_path, monkeypatch):
    monkeypatch.setenv("BUREAU_HOME", str(tmp_path / "home"))
    runner = CliRunner()
    result = runner.invoke(app, ["draft", "--data", str(WORKBOOK), "--topic", "知识产权", "--json",
                                 "--out", str(tmp_path / "d.docx")])  # fmt: skip
    assert result.exit_code == 0, result.output
    output = json.loads(result.output)
    assert set(output) >= {"topic", "text", "facts", "unverified_numbers", "exemplars"}
    assert set(output["facts"][0]) == {"name", "value", "unit", "derived_from"}
    assert (tmp_path / "d.docx").is_file()
    assert runner.invoke(app, ["draft", "--data", str(WORKBOOK), "--topic", "火箭"]).exit_code == 2
    bad = _workbook(tmp_path, ["指标", "单位", "2024年", "2025年"], ["专利申请量", "件", 1, "多"])
    failed = runner.invoke(app, ["draft", "--data", str(bad), "--topic", "知识产权"])
    assert failed.exit_code == 1 and "主要指标!D2" in failed.output


@pytest.mark.parametrize("topic", from_shared(lambda: [t.name for t in topics_for(WORKBOOK)], WORKBOOK))
def test_the_figure_table_lists_every_figure_the_draft_states(settings, topic):
    """Figures taken from the 重点工作 sheet (4期, 510人次, 1.6亿元) are in the table too, with their cell."""
    from assistant.drafting.facts import event_figure
    from assistant.web.render import fact_rows

    draft = draft_section(settings, WORKBOOK, topic)
    rows = fact_rows(draft)
    listed = {value + unit for _, value, unit, _ in rows}
    stated = {m.group(0) for m in figure_pattern().finditer(draft.text)} | {m.group(0) for m in event_figure().finditer(draft.text)}
    stated = {f for f in stated if not re.fullmatch(r"\d+(?:年|月|日|号)|\d{4}年.*", f)}
    assert sorted(stated - listed) == []
    for name, _value, _unit, cell_ref in rows:
        assert re.match(r"(主要指标|重点工作)!", cell_ref) or "/" in cell_ref or "-" in cell_ref, (name, cell_ref)
