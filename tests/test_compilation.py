"""Compilations split into their articles, each with its own title; single articles keep theirs."""

from __future__ import annotations

import pytest

from conftest import POLICIES, SEEDS
from ingest.compilation import split_compilation
from ingest.model import Block
from ingest.pipeline import ingest_file


@pytest.mark.parametrize(
    ("name", "titles"),
    [
        ("001_96a2032afdb334c4.txt", [f"科技创新工作总结{n}" for n in "一二三四五"]),
        ("003_907dff56a137702a.txt", [f"科技局2023年工作计划篇{n}" for n in range(1, 6)]),
        ("000_4efb816aecd0ddb7.txt", ["科学技术局工作总结"]),
        ("002_3b41ed0b22b5540a.txt", ["科技局2020年上半年工作总结和下半年工作计划"]),
        ("004_8b0321ef3d32d5f2.txt", ["2022年市科学技术局上半年工作报告"]),
    ],
)
def test_each_seed_gives_the_articles_a_reader_counts(name, titles):
    docs = ingest_file(SEEDS / name).documents
    assert [d.title for d in docs] == titles
    assert all(d.parts == len(titles) for d in docs)


def test_each_part_holds_only_its_own_article():
    docs = ingest_file(SEEDS / "001_96a2032afdb334c4.txt").documents
    second = "\n".join(b.text for b in docs[1].blocks)
    assert "清华中学科技活动周" in second
    assert "信息技术工作" not in second and "高新技术企业总数达到34家" not in second


def test_chunks_cite_their_part():
    result = ingest_file(SEEDS / "003_907dff56a137702a.txt")
    chunk = next(c for c in result.chunks if "堡子镇、百节镇" in c.text)
    assert chunk.heading_path[0] == "科技局2023年工作计划篇4"


def test_a_numbered_list_is_not_a_compilation():
    blocks = [Block("工作计划"), Block("一、加强宣传"), Block("二、强化管理"), Block("三、立足服务")]
    assert len(split_compilation(blocks, "x")) == 1


def test_a_preamble_with_its_own_text_stays_a_document():
    blocks = [Block("年度总结汇编"), Block("本汇编收录两篇总结，供学习交流。"),
              Block("工作总结一"), Block("一年来工作顺利。"), Block("工作总结二"), Block("今年成绩显著。")]  # fmt: skip
    assert [title for title, _ in split_compilation(blocks, "x")] == ["年度总结汇编", "工作总结一", "工作总结二"]


def test_a_policy_takes_its_title_from_the_document_not_the_file_name():
    (doc,) = ingest_file(POLICIES / "示范县高新技术企业培育和奖励实施细则.txt").documents
    assert doc.title == "示范县高新技术企业培育和奖励实施细则"


def test_a_file_named_by_an_id_takes_its_title_from_its_first_line(tmp_path):
    """Most of the NCP set: 015758c2….txt would be cited as 据《015758c2…》; the first line up to its first
    break names the document instead. A real file name stays the title when the text has none."""
    dump = tmp_path / "008f952f56353772873fc5d66d395e21.txt"
    dump.write_text("疫情防控应急物资运输车辆通行证办理信息公示     为进一步做好疫情防控工作，现将有关事项公示如下。\n",
                    encoding="utf-8")  # fmt: skip
    (doc,) = ingest_file(dump).documents
    assert doc.title == "疫情防控应急物资运输车辆通行证办理信息公示"
    named = tmp_path / "关于开展检查的说明.txt"
    named.write_text("为进一步做好工作，现将有关事项说明如下。\n", encoding="utf-8")
    assert ingest_file(named).documents[0].title == "关于开展检查的说明"
