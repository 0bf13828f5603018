"""Heading hierarchy on real bureau documents: paths for passages, headings split from run-together lines."""

from __future__ import annotations

from conftest import POLICIES, SEEDS
from ingest.model import Block, Document
from ingest.pipeline import ingest_file
from ingest.structure import outline


def chunk_holding(chunks, phrase):
    return next(c for c in chunks if phrase in c.text)


def gb18030_policy() -> Document:
    """The GB18030 plain-text policy, one block per line (as a loader would give it)."""
    path = POLICIES / "示范县高新技术企业培育和奖励实施细则.txt"
    lines = path.read_bytes().decode("gb18030").splitlines()
    blocks = [Block(line, location=f"第{i}行") for i, line in enumerate(lines, 1) if line.strip()]
    return Document(doc_id="p", title=lines[0], source=path.name, blocks=blocks[1:])


def test_heading_with_body_on_the_same_line_keeps_its_marker_and_leads_the_path():
    chunks = ingest_file(SEEDS / "000_4efb816aecd0ddb7.txt").chunks
    chunk = chunk_holding(chunks, "知识产权试点工作稳步推")
    assert chunk.heading_path[-1] == "一、全县科技创新工作常抓常新"


def test_run_together_sections_are_split_at_inline_markers():
    doc_outline = outline(_document(SEEDS / "004_8b0321ef3d32d5f2.txt"))
    tree = [(h.level, h.text) for h in doc_outline.headings]
    assert (1, "一、上半年工作总结") in tree
    assert (2, "1、目标责任完成情况") in tree
    assert (1, "二、存在问题及原因分析") in tree
    chunks = ingest_file(SEEDS / "004_8b0321ef3d32d5f2.txt").chunks
    chunk = chunk_holding(chunks, "比值为25.6%")
    assert chunk.heading_path[1:] == ["一、上半年工作总结", "1、目标责任完成情况"]


def test_a_new_heading_pops_deeper_levels():
    chunks = ingest_file(SEEDS / "004_8b0321ef3d32d5f2.txt").chunks
    chunk = chunk_holding(chunks, "分析其原因")
    assert chunk.heading_path[1:] == ["二、存在问题及原因分析"]


def test_yi_shi_er_shi_stays_body_text():
    chunks = ingest_file(SEEDS / "002_3b41ed0b22b5540a.txt").chunks
    chunk = chunk_holding(chunks, "省级科技型中小企业登记29家")
    assert chunk.heading_path[1] == "一、上半年科技创新工作开展情况"
    assert chunk.heading_path[2].startswith("4、加大研发投入")
    assert all("一是" not in part for part in chunk.heading_path)


def test_seed_002_passage_sits_under_its_numbered_heading():
    chunks = ingest_file(SEEDS / "002_3b41ed0b22b5540a.txt").chunks
    chunk = chunk_holding(chunks, "人才新政二十四条")
    assert chunk.section.endswith("一、上半年科技创新工作开展情况 › 1、优化完善科技创新政策环境")


def test_policy_list_items_stay_body_under_their_section():
    doc_outline = outline(gb18030_policy())
    headings = [h.text for h in doc_outline.headings]
    assert headings == ["一、适用对象", "二、国家高新技术企业认定条件", "三、奖励标准", "四、税收优惠", "五、申报程序", "六、附则"]
    item = next(p for p in doc_outline.passages if "给予5万元培育补助" in p.text)
    assert item.path[1:] == ["三、奖励标准"]
    assert item.text.startswith("（四）")


def test_articles_in_a_word_policy_sit_under_their_chapter():
    chunks = ingest_file(POLICIES / "示范县专利资助与奖励办法.docx").chunks
    chunk = chunk_holding(chunks, "每件资助1000元")
    assert chunk.heading_path[1].startswith("第二章")
    assert chunk.heading_path[-1] == "第五条"


def test_word_heading_styles_without_markers_nest_by_level():
    blocks = [
        Block("总体要求", kind="heading", heading_level=1),
        Block("到2025年，高新技术企业达到50家。"),
        Block("重点任务", kind="heading", heading_level=1),
        Block("平台建设", kind="heading", heading_level=2),
        Block("新建省级研发中心3家。"),
    ]
    doc_outline = outline(Document(doc_id="w", title="示范县科技工作要点", source="要点.docx", blocks=blocks))
    assert [(h.level, h.text) for h in doc_outline.headings] == [(1, "总体要求"), (1, "重点任务"), (2, "平台建设")]
    assert doc_outline.passages[-1].path == ["示范县科技工作要点", "重点任务", "平台建设"]


def _document(path):
    loaded = ingest_file(path)
    return next(d for d in loaded.documents if any("上半年工作总结" in b.text for b in d.blocks))


def test_a_wrapped_line_that_starts_with_a_number_is_not_a_heading():
    """Seed 000 is a dump of 800-character lines cut mid-sentence, each prefixed 1、 2、 …"""
    headings = [h.text for d in ingest_file(SEEDS / "000_4efb816aecd0ddb7.txt").documents for h in outline(d).headings]
    assert "一、全县科技创新工作常抓常新" in headings
    assert not [h for h in headings if "千方百计" in h or "测风" in h or "考核" in h and h[0].isdigit()]
