"""The number check on hand-written drafts (they stand in for an LLM's): a wrong amount in 万元/亿元 is
corrected like any other figure, and a cut never leaves an orphan (同比增长… without its subject, a gap
in 一是…二是…, a sentence that is only “2025年，”)."""

from __future__ import annotations

import re

import pytest

from assistant.config import load_settings
from assistant.drafting import DraftDataError, all_topics, draft_section
from assistant.drafting.facts import facts_for
from assistant.drafting.verify import verify_draft
from assistant.indicators.reader import read_indicator_data
from conftest import CORPUS
from language.text import figure_pattern

WORKBOOK = CORPUS / "data" / "示范县2025年科技工作主要指标.xlsx"


def check(text: str):
    data = read_indicator_data(WORKBOOK)
    facts = facts_for(data.indicators, data.indicators)
    return verify_draft(text, facts, [e.item for e in data.events], {data.last_year, data.year})


@pytest.mark.parametrize(
    ("planted", "checked_text"),
    [
        ("全社会研发经费投入5.6亿元，同比增长16.4%。", "全社会研发经费投入5.61亿元，同比增长16.4%。"),
        ("兑现专利资助资金430万元，同比增长17.3%。", "兑现专利资助资金428万元，同比增长17.3%。"),
        ("发放科技创新券260万元，较上年增加90万元。", "发放科技创新券260万元，较上年增加80万元。"),
        ("2025年，技术合同成交额4.2亿元，同比增长26.2%。", "2025年，技术合同成交额4.1亿元，同比增长26.2%。"),
    ],
)
def test_wrong_amounts_in_wan_and_yi_yuan_are_corrected_not_cut(planted, checked_text):
    checked = check(planted)
    assert checked.text == checked_text and len(checked.unverified) == 1
    assert "已更正为" in checked.corrections[0]


@pytest.mark.parametrize(
    ("planted", "checked_text"),
    [  # 孵化器 is in no cell: its clause goes, with the 同比/较上年 clauses that lean on it
        ("一是全县新增孵化器6家，同比增长50%，较上年增加2家；二是专利申请量1356件；三是专利授权量815件。",
         "一是专利申请量1356件；二是专利授权量815件。"),
        ("一是专利申请量1356件；二是全县新增孵化器6家，同比增长50%；三是专利授权量815件。",
         "一是专利申请量1356件；二是专利授权量815件。"),
        ("2025年，全县新增孵化器6家，同比增长100%。专利申请量1356件。", "专利申请量1356件。"),
        ("一是专利申请量1356件；二是全县新增孵化器6家。", "专利申请量1356件。"),
        ("专利申请量1356件，同比增长14.9%；新引进外资3000万元，成效明显。", "专利申请量1356件，同比增长14.9%；成效明显。"),
    ],
)  # fmt: skip
def test_a_cut_leaves_no_orphan_clause_and_no_gap_in_the_items(planted, checked_text):
    checked = check(planted)
    assert checked.text == checked_text
    assert len(checked.unverified) == len(checked.corrections) == 1


@pytest.mark.parametrize(
    ("planted", "checked_text", "unverified"),
    [  # figures in Chinese numerals are written in Arabic (GB/T 15835) and checked like any other
        ("专利申请量一千三百五十六件，同比增长百分之十四点九。", "专利申请量1356件，同比增长14.9%。", []),
        ("专利申请量一千四百件，同比增长百分之十四点九。", "专利申请量1356件，同比增长14.9%。", ["1400件"]),
        ("研发经费投入占GDP比重提高零点二个百分点。", "研发经费投入占GDP比重提高0.17个百分点。", ["0.2个百分点"]),
        ("技术合同成交额四点一亿元，举办科技活动周，参与群众一万二千人次。",
         "技术合同成交额4.1亿元，举办科技活动周，参与群众1.2万人次。", []),
        # an amount in 元 too: the same reading as the chat answer's check (五千元 is 5000元)
        ("专利申请量1356件，同比增长14.9%；每件资助五千元，成效明显。", "专利申请量1356件，同比增长14.9%；成效明显。",
         ["5000元"]),
        # ordinals, times, set phrases and “three or four” are not figures
        ("一是落实“两个确保”，建立三项制度；二是近五年来第十二家企业通过认定，三四家企业入库。",
         "一是落实“两个确保”，建立三项制度；二是近五年来第十二家企业通过认定，三四家企业入库。", []),
    ],
)  # fmt: skip
def test_figures_in_chinese_numerals_are_checked(planted, checked_text, unverified):
    checked = check(planted)
    assert checked.text == checked_text and checked.unverified == unverified


def test_a_bare_number_stands_only_as_its_key_event_has_it():
    kept = "开展“4·26”世界知识产权日宣传活动。"
    assert check(kept).text == kept
    ranked = check("国家高新技术企业总数103家，居全市第2位。")  # a 2 stands in 省级工程技术研究中心2家 only
    assert ranked.text == "国家高新技术企业总数103家。" and ranked.unverified == ["2位"]


@pytest.mark.parametrize(
    ("planted", "checked_text"),
    [  # an event's figure stands for what the event counts with it, in any word order
        ("新建院士工作站2家、省级工程技术研究中心2家。", ""),  # the whole clause goes, as for any cut
        ("全县新增孵化器2家，专利申请量1356件。", "专利申请量1356件。"),
        ("发放宣传资料420人次。", ""),
        ("建成2家省级工程技术研究中心和1家院士工作站。", "建成2家省级工程技术研究中心和1家院士工作站。"),
        ("科技活动周吸引1.2万人次群众参与，高企培育库入库45家。", "科技活动周吸引1.2万人次群众参与，高企培育库入库45家。"),
    ],
)  # fmt: skip
def test_an_event_figure_moved_to_another_thing_is_caught(planted, checked_text):
    assert check(planted).text == checked_text


def planted(text: str) -> list[tuple[str, str]]:
    """The text once for each figure in it, with that figure's number made wrong (×1.3 + 1)."""
    variants = []
    for match in figure_pattern().finditer(text):
        number = re.match(r"[\d.]+", match.group(0))
        if number and not re.fullmatch(r"\d{4}年", match.group(0)):
            wrong = str(round(float(number.group(0)) * 1.3 + 1, 1 if "." in number.group(0) else None)).removesuffix(".0")
            variants.append((text[: match.start()] + wrong + text[match.start() + len(number.group(0)) :], wrong))
    return variants


def test_a_wrong_figure_planted_anywhere_in_any_topic_draft_is_caught(tmp_path):
    # The template drafts with one figure at a time made wrong stand in for LLM drafts.
    settings, caught = load_settings(home=tmp_path), 0
    for topic in all_topics():
        try:
            draft = draft_section(settings, WORKBOOK, topic.name)
        except DraftDataError:  # the sample workbook has no data for this topic
            continue
        for text, wrong in planted(draft.text):
            checked = verify_draft(text, draft.facts, draft.event_texts, set(draft.years))
            assert checked.unverified, f"{wrong} not caught in {text}"
            assert verify_draft(checked.text, draft.facts, draft.event_texts, set(draft.years)).unverified == []
            assert not re.search(r"(?m)(^|[；。])(同比|较上年|比上年|，)|[，；。]{2}", checked.text), checked.text
            caught += 1
    assert caught >= 40


@pytest.mark.parametrize(
    ("planted", "checked_text"),
    [  # a figure of the data stands, unnamed, only in a sentence about its indicator (高企 is 高新技术企业)
        ("全县新增孵化器3家，专利申请量1356件。", "专利申请量1356件。"),  # 3家: more 新认定 高新技术企业
        ("全县新增孵化器17家，引进人才113名。", ""),
        ("专利申请量和授权量分别为1356件和815件。", "专利申请量和授权量分别为1356件和815件。"),
        ("高企总数达103家，全年新增高企17家。", "高企总数达103家，全年新增高企17家。"),
    ],
)  # fmt: skip
def test_a_data_figure_stands_only_near_its_indicator(planted, checked_text):
    assert check(planted).text == checked_text


@pytest.mark.parametrize(
    ("planted", "checked_text"),
    [  # the right figure with the wrong direction word is as wrong as a wrong figure
        ("专利授权量815件，同比下降16.1%。", "专利授权量815件，同比增长16.1%。"),
        ("专利授权量815件，较上年减少113件，降幅16.1%。", "专利授权量815件，较上年增加113件，增幅16.1%。"),
        ("研发经费投入占GDP比重由上年的1.86%下降到2.03%，下降0.17个百分点。",
         "研发经费投入占GDP比重由上年的1.86%提高到2.03%，提高0.17个百分点。"),
        ("专利申请量和授权量分别下降14.9%和16.1%。", "专利申请量和授权量分别增长14.9%和16.1%。"),
        # any word of the one change vocabulary (language/lexicon/changes.toml), not only the common ones
        ("专利授权量815件，同比回落16.1%。", "专利授权量815件，同比增长16.1%。"),
    ],
)  # fmt: skip
def test_a_change_stated_the_wrong_way_round_is_put_right(planted, checked_text):
    checked = check(planted)
    assert checked.text == checked_text and len(checked.unverified) == len(checked.corrections) >= 1
    assert all("增减方向与数据不符" in line for line in checked.corrections)


FLIP = {"增长": "下降", "下降": "增长", "增加": "减少", "减少": "增加", "提高": "下降"}


def test_every_direction_word_flipped_in_any_topic_draft_is_put_back(tmp_path):
    # The template drafts with one 增长/下降 word at a time flipped stand in for LLM drafts.
    settings, flipped = load_settings(home=tmp_path), 0
    for topic in all_topics():
        try:
            draft = draft_section(settings, WORKBOOK, topic.name)
        except DraftDataError:
            continue
        body = draft.text.split("\n")[1]  # the closing's 较上年有所下降 carries no figure
        for word in re.finditer("|".join(FLIP), body):
            if not figure_pattern().match(body, word.end()) and not re.match(r"到|至", body[word.end() :]):
                continue  # 增加113件 … : only words right before a figure (or 到 a figure) are checked
            text = draft.text.replace(body, body[: word.start()] + FLIP[word.group(0)] + body[word.end() :])
            checked = verify_draft(text, draft.facts, draft.event_texts, set(draft.years))
            assert checked.text == draft.text, text
            flipped += 1
    assert flipped >= 20
