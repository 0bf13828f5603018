"""The question analysis and the decline evidence, one heuristic at a time, without a knowledge base:
what a question asks, what it is about, what a follow-up carries over, and when passages are off topic."""

from __future__ import annotations

import pytest

from assistant.answer.condense import asked, condense_offline
from assistant.answer.evidence import Evidence, support
from assistant.answer.model import Turn
from assistant.answer.query import analyse, name_stem
from language import lexicon as lexicon_module
from vectorstore.model import SearchResult


def passage(text: str, title: str = "示范县专利资助与奖励办法", section: str = "第四条") -> Evidence:
    result = SearchResult(text=text, source="办法.docx", title=title, section=section, score=1.0,
                          location="", chunk_id="c1", metadata={})  # fmt: skip
    return Evidence(result, "default")


PATENT = passage("国内发明专利获得授权的，每件资助5000元；其中企业获得授权的，每件另奖励3000元。")
EVERYTHING = lambda word: True  # noqa: E731 — a knowledge base that uses every word
FLAT = lambda token: 1.0  # noqa: E731 — every token equally rare


@pytest.mark.parametrize(
    ("question", "focus"),
    [("发明专利授权后每件能拿到多少资助？", "资助"), ("科技特派员每月的工作补贴是多少？", "补贴"), ("专利怎么申请？", None)],
)
def test_the_focus_is_the_thing_asked_after(question, focus):
    assert analyse(question).focus == focus


def test_everyday_words_bring_the_official_ones_to_search():
    query = analyse("我们公司专利批下来以后有补贴吗？")
    assert {"企业", "授权", "资助"} <= set(query.expansions)
    assert query.search_text.startswith(query.text) and "授权" in query.search_text


def test_the_words_that_say_what_is_asked_are_not_required():
    query = analyse("专利资助办法的文号是多少？")
    assert query.kind == "doc_number" and "文号" not in query.terms
    assert "文号" not in " ".join(query.weights(FLAT))


def test_a_place_is_looked_for_without_its_level():
    assert name_stem("上海市") == "上海" and name_stem("平凉市") == "平凉" and name_stem("北京") == "北京"
    shanghai = passage("上海出台支持中小企业共渡难关的二十条政策措施。", title="上海市政策")
    assert support(analyse("上海市对中小企业有什么支持？"), [shanghai], FLAT, EVERYTHING).off_topic == []


def test_a_place_or_year_the_passages_never_name_is_off_topic():
    assert support(analyse("深圳市的专利资助标准是什么？"), [PATENT], FLAT, EVERYTHING).missing_names == ["深圳"]
    assert support(analyse("2019年发明专利资助多少？"), [PATENT], FLAT, EVERYTHING).missing_years == ["2019"]


def test_a_passage_need_not_repeat_its_documents_place():
    # The other passages name 北京; this one says 本市, as a Beijing notice does after its first line.
    local = passage("本市对暂停举办的展会项目，按实际发生费用给予补贴。", title="关于稳定商务发展有关措施的通知")
    held = support(analyse("北京市对暂停举办的展会有何支持？"), [local], FLAT, EVERYTHING)
    assert held.missing_names == ["北京"] and held.off_topic_here == []
    assert support(analyse("2019年展会补贴多少？"), [local], FLAT, EVERYTHING).off_topic_here == ["2019"]


def test_a_word_the_knowledge_base_never_uses_is_off_topic():
    unknown = support(analyse("人工智能算力补贴有多少？"), [PATENT], FLAT, lambda word: word not in ("人工智能", "算力"))
    assert unknown.off_topic == ["人工智能"]  # 算力 is no dictionary word, so no term of its own


def test_coverage_is_the_share_of_the_question_the_passage_holds():
    held = support(analyse("发明专利授权资助多少？"), [PATENT], FLAT, EVERYTHING)
    partly = support(analyse("发明专利的安家费是多少？"), [PATENT], FLAT, EVERYTHING)
    assert held.coverage == 1.0 and 0 < partly.coverage < 0.8


def test_an_everyday_word_is_held_by_its_official_word():
    # 公司, 补贴 and 批下来 never stand in a policy; 企业, 资助 and 授权 do, and count for them.
    colloquial = support(analyse("我们公司的发明专利批下来了，县里能补贴多少钱？"), [PATENT], FLAT, EVERYTHING)
    official = support(analyse("企业的发明专利授权了，能资助多少钱？"), [PATENT], FLAT, EVERYTHING)
    assert colloquial.coverage >= official.coverage - 0.2 and colloquial.coverage > 0.6


def test_a_follow_up_carries_the_subject_or_the_aspect_over():
    first = Turn("发明专利授权后每件能拿到多少资助？", "发明专利授权后每件能拿到多少资助？", "…")
    assert condense_offline("那实用新型呢？", [first]) == "实用新型授权后每件能拿到多少资助？"
    assert condense_offline("申报时间呢？", [first]).endswith("申报时间") and "发明专利" in condense_offline("申报时间呢？", [first])
    assert condense_offline("高新技术企业认定有什么奖励？", [first]) == "高新技术企业认定有什么奖励？"  # stands alone


def test_what_a_question_asks_in_its_own_words():
    """What an LLM's rewrite of a follow-up must keep: the words without lead-in, tail and pronoun."""
    assert [asked(q) for q in ("那实用新型呢？", "还有申报时间吗？", "它的期限呢", "另外，评价条件怎么样？")] == [
        "实用新型", "申报时间", "期限", "评价条件"]
    assert asked("2024年高新技术企业认定的条件是什么？") == "2024年高新技术企业认定的条件是什么"


def test_a_bureau_lexicon_extends_the_shipped_one(tmp_path):
    (tmp_path / "colloquial.toml").write_text('[official]\n"揭榜挂帅" = ["攻关项目"]\n', encoding="utf-8")
    lexicon_module.use_extra_dirs([tmp_path])
    try:
        query = analyse("揭榜挂帅有补贴吗？")
        assert "攻关项目" in query.expansions and "资助" in query.expansions  # shipped words stay
    finally:
        lexicon_module.use_extra_dirs([])
    assert "攻关项目" not in analyse("揭榜挂帅有补贴吗？").expansions
