"""The base layer: one definition each of sentences, years, figures with units and Chinese numerals
(language.text), and the language knowledge as data that a bureau extends without code (language.lexicon)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.config import load_settings
from ingest.clean import clean_blocks
from ingest.model import Block
from ingest.normalize import normalize_for_search
from language.lexicon import LexiconError, lexicon, use_extra_dirs, words
from language.text import cn_value, figure_pattern, figures, number_spans, sentences, split_sentences, years


@pytest.fixture
def bureau_dir(tmp_path: Path) -> Iterator[Path]:
    """A bureau's own lexicon directory; the shipped lexicons alone again afterwards."""
    yield tmp_path
    use_extra_dirs([])


def test_sentences_keep_their_punctuation_and_give_back_the_text():
    text = "第一条 资助标准如下：发明专利每件5000元。实用新型每件1000元！（一）外观设计；（二）PCT"
    assert "".join(split_sentences(text)) == text
    assert split_sentences(text)[1] == "实用新型每件1000元！"
    assert split_sentences("甲；乙。", clauses=True) == ["甲；", "乙。"] and split_sentences("甲；乙。") == ["甲；乙。"]
    assert sentences("短句。\n" + "长" * 130 + "；尾。") == ["短句。", "长" * 130 + "；", "尾。"]


def test_years_are_calendar_years_not_document_numbers():
    assert years("示县科〔2024〕58号，自2025年1月1日起施行，2024年、2025年各一次") == [2025, 2024]


def test_figures_have_their_units_and_a_date_is_one_figure():
    text = "资助５０００元，1.2万元，增长25.6%，30余家，2-3项，自2024年3月1日起"
    assert figures(text) == ["5000元", "1.2万元", "25.6%", "30余家", "3项", "2024年3月1日"]
    assert figures("10，20万元") == ["20万元"]  # the Chinese comma punctuates, never groups digits
    assert figure_pattern(("公顷",)).search("新增12公顷").group(0) == "12公顷"
    assert not figure_pattern().search("新增12公顷")


def test_a_cut_never_falls_inside_a_number_with_its_unit_or_a_range():
    text = "投入1.2万余元，实施2-3项"
    spans = number_spans(text)
    assert (text.index("1.2"), text.index("元") + 1) in spans and (text.index("2-3"), len(text)) in spans


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一千三百五十六", 1356), ("十四点九", Decimal("14.9")), ("一万二千", 12000), ("一点二万", 12000),
     ("两", 2), ("一百零一", 101), ("3千", 3000), ("1.2万", 12000), ("１２", 12), ("1.2千万", 12000000),
     ("0.5亿", 50000000), ("1亿2000万", 120000000)],
)  # fmt: skip
def test_chinese_numerals_are_read_by_value(numeral, value):
    assert cn_value(numeral) == value


@pytest.mark.parametrize("numeral", ["三四", "万", "二〇二四", "多"])
def test_what_is_not_one_number_is_refused(numeral):
    with pytest.raises(ValueError):
        cn_value(numeral)


def test_every_shipped_lexicon_says_what_it_is_for():
    shipped = sorted((Path(__file__).parent.parent / "language" / "lexicon").glob("*.toml"))
    assert len(shipped) >= 5
    for path in shipped:
        assert path.read_text(encoding="utf-8").startswith("# "), f"{path.name} 开头应有一行注释说明用途"
        assert lexicon(path.stem)


def test_a_bureau_lexicon_dir_extends_the_lists_without_code(bureau_dir: Path):
    furniture = "本页由示范县政务网站群提供技术支持"
    blocks = [Block("示范县专利资助办法", kind="heading"), Block(furniture), Block("第一条 为鼓励发明创造，制定本办法。")]
    assert furniture in [b.text for b in clean_blocks(blocks)]
    assert normalize_for_search("科技扶贫项目") == "科技扶贫项目"
    (bureau_dir / "boilerplate.toml").write_text("lines = ['^本页由.{0,30}提供技术支持$']\n", encoding="utf-8")
    (bureau_dir / "synonyms.toml").write_text('[always]\n"扶贫项目" = "帮扶项目"\n', encoding="utf-8")
    (bureau_dir / "units.toml").write_text('units = ["公顷"]\n', encoding="utf-8")
    load_settings(lexicon_dirs=[bureau_dir])
    assert furniture not in [b.text for b in clean_blocks(blocks)]
    assert normalize_for_search("科技扶贫项目") == "科技帮扶项目"
    assert figures("新增林地12公顷") == ["12公顷"]
    assert "元" in words("units", "units")  # the shipped list is extended, not replaced
    load_settings()
    assert figures("新增林地12公顷") == []


def test_a_broken_bureau_lexicon_names_the_file(bureau_dir: Path):
    (bureau_dir / "boilerplate.toml").write_text("lines = ['^未闭合(']\n", encoding="utf-8")
    load_settings(lexicon_dirs=[bureau_dir])
    with pytest.raises(LexiconError, match="boilerplate.*有误"):
        clean_blocks([Block("正文。")])
    unreadable = bureau_dir / "unreadable"
    unreadable.mkdir()
    (unreadable / "boilerplate.toml").write_text("lines = [\n", encoding="utf-8")
    load_settings(lexicon_dirs=[unreadable])
    with pytest.raises(LexiconError, match="boilerplate.toml"):
        clean_blocks([Block("正文。")])
