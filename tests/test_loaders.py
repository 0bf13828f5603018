"""Loaders on real files: the shared policies and data, the seeds, and the fixtures in tests/fixtures/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import CORPUS, FIXTURES, POLICIES, from_shared
from ingest.load import load_file
from ingest.loaders.wrapped import rejoin_lines
from ingest.model import IngestError, LoadedFile

XLSX = CORPUS / "data" / "示范县2025年科技工作主要指标.xlsx"


def texts(loaded: LoadedFile) -> list[str]:
    return [block.text for block in loaded.blocks]


def joined(loaded: LoadedFile) -> str:
    return "\n".join(texts(loaded))


@pytest.mark.parametrize("path", from_shared(lambda: sorted(p for p in CORPUS.rglob("*") if p.is_file()), CORPUS), ids=lambda p: p.name)
def test_every_corpus_file_loads(path: Path) -> None:
    loaded = load_file(path)
    assert loaded.blocks
    assert all(block.text.strip() and block.location for block in loaded.blocks)
    assert "\ufffd" not in joined(loaded)


def test_gb18030_policy_reads_as_chinese() -> None:
    loaded = load_file(POLICIES / "示范县高新技术企业培育和奖励实施细则.txt")
    assert loaded.encoding == "gb18030"
    assert texts(loaded)[0] == "示范县高新技术企业培育和奖励实施细则"
    assert "企业申请认定时须注册成立一年以上" in joined(loaded)
    assert loaded.blocks[0].location == "第1行"


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("notice_gbk.txt", "gb18030"), ("notice_utf16.txt", "utf-16"), ("notes_bom.md", "utf-8-sig")],
)
def test_text_encodings_never_mojibake(name: str, encoding: str) -> None:
    loaded = load_file(FIXTURES / name)
    assert loaded.encoding == encoding
    assert "为做好2025年度县级科技计划项目申报工作，现将有关事项通知如下。" in texts(loaded)
    assert not any(text.startswith("\ufeff") for text in texts(loaded))


def test_markdown_heading_is_a_heading() -> None:
    first = load_file(FIXTURES / "notes_bom.md").blocks[0]
    assert (first.text, first.kind, first.heading_level) == ("会议纪要", "heading", 1)


def test_docx_keeps_headings_and_table_rows_in_order() -> None:
    loaded = load_file(POLICIES / "示范县专利资助与奖励办法.docx")
    blocks = loaded.blocks
    assert (blocks[0].kind, blocks[0].heading_level) == ("heading", 0)
    chapters = [b.text for b in blocks if b.kind == "heading" and b.heading_level == 1]
    assert chapters[:2] == ["第一章　总则", "第二章　资助与奖励标准"]
    rows = [b for b in blocks if b.kind == "table_row"]
    assert rows[0].text == "类别：国内发明专利；条件：获得授权；资助或奖励标准：每件5000元，企业另奖励3000元"  # 上限：— left out
    assert rows[0].location == "表1第2行"
    assert "上限：每家企业每年20万元" in rows[5].text
    order = texts(loaded)
    table_at = order.index(rows[0].text)
    assert order[table_at - 1] == "资助与奖励标准汇总见下表。"
    assert order[table_at + len(rows)] == "第三章　申报程序"
    assert any(b.location == "第4段" and b.text.startswith("第一条") for b in blocks)


def test_doc_yields_its_chinese_text() -> None:
    loaded = load_file(POLICIES / "示范县科技特派员工作管理办法.doc")
    assert texts(loaded)[0] == "示范县科技特派员工作管理办法"
    # antiword would wrap this paragraph at 中|级 without -w 0
    assert "应具有中级以上专业技术职称，或具有三年以上相关领域实践经验。" in joined(loaded)
    assert "（二）每年举办实用技术培训不少于4期；" in texts(loaded)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_doc_falls_back_to_libreoffice_without_antiword(monkeypatch: pytest.MonkeyPatch) -> None:
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "antiword" else real_which(name))
    loaded = load_file(POLICIES / "示范县科技特派员工作管理办法.doc")
    assert "每人至少引进或推广新品种、新技术2项" in joined(loaded)


def test_doc_without_any_converter_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(IngestError) as caught:
        load_file(POLICIES / "示范县科技特派员工作管理办法.doc")
    assert "antiword" in caught.value.advice


def test_pdf_rejoins_wrapped_sentences_and_keeps_articles_apart() -> None:
    loaded = load_file(POLICIES / "示范县科技创新券实施管理办法.pdf")
    paragraphs = texts(loaded)
    # wrapped in the PDF as "…最高10万元" / "；首次申领…" and "…具有独立" / "法人资格"
    assert "单个企业年度使用额度最高10万元；首次申领的企业" in joined(loaded)
    assert "（一）在本县注册登记、具有独立法人资格；" in joined(loaded)
    assert paragraphs[0] == "示范县科技创新券实施管理办法"
    articles = [p for p in paragraphs if p.startswith("第") and "条" in p[:4]]
    assert len(articles) == 10
    assert all(p.endswith("。") for p in articles)
    assert {b.location for b in loaded.blocks} == {"第1页"}


def test_rejoin_keeps_headings_and_list_items_on_their_own_lines() -> None:
    width = "根据有关规定结合本县实际制定本办法适用于全县"  # a full line, no closing punctuation
    lines = ["第一章 总则", width, "范围内的企业。", width, "（一）申报条件", "一、适用对象", "3.5万元以内的部分"]
    assert rejoin_lines(lines) == [
        "第一章 总则",
        width + "范围内的企业。",
        width,
        "（一）申报条件",
        "一、适用对象",
        "3.5万元以内的部分",
    ]


def test_an_inline_list_wrapped_before_its_next_item_stays_one_paragraph() -> None:
    first = "第十一条　服务机构应具备以下条件：（一）依法设立的科研院所；（二）具备相应的资质和专业人员；"
    lines = [first, "（三）在县科技服务平台注册入库。", "（一）另起一行的列表"]
    assert rejoin_lines(lines) == [first + "（三）在县科技服务平台注册入库。", "（一）另起一行的列表"]


def test_html_keeps_the_article_and_drops_the_page_furniture() -> None:
    loaded = load_file(FIXTURES / "page_gb2312.html")
    body = joined(loaded)
    assert loaded.blocks[0].text == "示范县科学技术局关于开展科技特派员选派工作的通知"
    assert loaded.blocks[0].kind == "heading"
    assert "为深入推进科技特派员制度，助力乡村振兴" in body
    assert [b.text for b in loaded.blocks if b.kind == "heading"][1:] == ["一、选派条件", "二、服务要求"]
    assert "服务领域：茶叶种植；选派人数：12名" in texts(loaded)
    for furniture in ("网站首页", "当前位置", "附件下载", "分享到", "热点新闻", "版权所有", "统计代码", "color"):
        assert furniture not in body


def test_table_layout_page_keeps_title_and_br_paragraphs() -> None:
    loaded = load_file(FIXTURES / "table_layout_page.htm")
    assert texts(loaded) == [
        "县科技局召开2025年科技工作会议",
        "2月15日，县科技局召开2025年全县科技工作会议，总结2024年工作，部署2025年重点任务。",
        "会议指出，2024年全县专利申请量达1356件，同比增长14.9%。",
        "会议要求，各单位要进一步强化企业创新主体地位。",
    ]


def test_page_wrapped_in_a_form_with_misleading_classes_keeps_its_body() -> None:
    loaded = load_file(FIXTURES / "form_wrapped_page.html")
    assert texts(loaded)[0] == "关于印发示范县科技计划项目管理办法的通知"
    assert len(loaded.blocks) == 4
    assert "项目资金实行专款专用" in joined(loaded)
    assert "版权所有" not in joined(loaded) and "信息公开" not in joined(loaded)


def test_xlsx_rows_carry_their_headers_on_every_sheet() -> None:
    loaded = load_file(XLSX)
    by_location = {b.location: b.text for b in loaded.blocks}
    assert by_location["工作表 主要指标 第2行"] == "指标：专利申请量；单位：件；2024年：1180；2025年：1356"
    assert "2024年：4.82" in by_location["工作表 主要指标 第11行"]
    assert "备注：年末数" in by_location["工作表 主要指标 第7行"]
    assert by_location["工作表 重点工作 第2行"].startswith("类别：知识产权；事项：举办知识产权培训班3期")
    assert all(b.kind == "table_row" for b in loaded.blocks)


def test_csv_in_gbk_rows_carry_their_headers() -> None:
    loaded = load_file(FIXTURES / "enterprises_gbk.csv")
    assert texts(loaded) == [
        "企业名称：示范县明德新材料有限公司；所属乡镇：城关镇；研发投入（万元）：1280；高企认定年份：2023",
        "企业名称：示范县绿源农业科技有限公司；所属乡镇：东坝乡；研发投入（万元）：356；高企认定年份：2024",
    ]
    assert loaded.blocks[0].location == "第2行"


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("empty.txt", "空"),
        ("blank.txt", "空"),
        ("slides.pptx", "不支持"),
        ("corrupt.docx", "损坏"),
        ("corrupt.xlsx", "损坏"),
        ("encrypted.docx", "密码"),
        ("encrypted.xlsx", "密码"),
        ("encrypted.pdf", "密码"),
        ("corrupt.pdf", "损坏"),
        ("scanned.pdf", "扫描件"),
        ("not_word.doc", "不是有效的 Word 文档"),
    ],
)
def test_bad_files_raise_a_chinese_reason_and_advice(name: str, says: str) -> None:
    with pytest.raises(IngestError) as caught:
        load_file(FIXTURES / name)
    error = caught.value
    assert error.path == name
    assert says in error.reason
    assert error.advice and not error.advice.endswith("。") and not error.reason.endswith("。")
    assert name in str(error)


def test_unsupported_type_lists_what_is_supported() -> None:
    with pytest.raises(IngestError) as caught:
        load_file(FIXTURES / "slides.pptx")
    assert ".docx" in caught.value.reason and ".pdf" in caught.value.reason
    assert "PDF" in caught.value.advice


def test_scanned_pdf_asks_for_ocr() -> None:
    with pytest.raises(IngestError) as caught:
        load_file(FIXTURES / "scanned.pdf")
    assert "文字识别（OCR）" in caught.value.advice


@pytest.mark.parametrize(
    ("name", "source"),
    [("指标.csv", FIXTURES / "scanned.pdf"), ("通知.html", POLICIES / "示范县专利资助与奖励办法.docx"),
     ("办法.pdf", POLICIES / "示范县科技特派员工作管理办法.doc")],
)
def test_content_not_matching_the_extension_is_an_ingest_error(tmp_path: Path, name: str, source: Path) -> None:
    fake = tmp_path / name
    fake.write_bytes(source.read_bytes())
    with pytest.raises(IngestError) as caught:
        load_file(fake)
    assert caught.value.path == name and caught.value.reason
