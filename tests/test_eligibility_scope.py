"""Which clauses of a policy are the applicant's conditions, and which measure a clause is about
(assistant/eligibility/scope.py), on clauses as real published policies write them."""

from __future__ import annotations

from assistant.eligibility.clauses import Unit
from assistant.eligibility.model import Condition
from assistant.eligibility.model import Test as RuleTest
from assistant.eligibility.scope import (
    agency_subject,
    any_of,
    applicant_clause,
    applied_for,
    bracket_exclusions,
    definitions,
    granted,
    listing_conditions,
    named_in,
    one_of,
    shortcut_for,
)

CHAPTER = "第二章见习基地的申请条件和程序"


def test_in_a_chapter_of_conditions_and_procedure_only_the_article_that_lists_conditions_states_them() -> None:
    lead = "申请认定就业见习基地，应当符合下列条件："
    clauses = [Unit(lead, "第五条", f"{CHAPTER} 第五条"), Unit("具有见习师资力量；", "第五条（二）", f"{CHAPTER} 第五条", lead),
               Unit("申请单位应当在申请材料上加盖单位公章。", "第六条（三）", f"{CHAPTER} 第六条"),
               Unit("就业见习单位通过我市公共就业服务机构网站统一发布就业见习岗位信息。", "第九条", f"{CHAPTER} 第九条")]  # fmt: skip
    listing = listing_conditions(clauses)
    assert [applicant_clause(u, listing) for u in clauses[1:]] == [True, False, False]


def test_a_chapter_of_conditions_and_materials_that_lists_its_conditions_bare_keeps_them() -> None:
    bare = Unit("企业注册地在本县；", "三、（一）", "三、申报条件和程序 （一）")
    assert applicant_clause(bare, listing_conditions([bare]))


def test_the_contents_of_an_agreement_are_not_conditions() -> None:
    lead = "就业见习单位应与见习人员签订见习协议。见习协议应当包括以下内容："
    assert not applicant_clause(Unit("见习协议的解除条件；", "第十条（七）", "第十条", lead), set())


def test_an_agency_as_subject_states_its_duties_but_an_agency_as_object_is_the_applicants() -> None:
    assert agency_subject("市高校毕业生公共就业服务机构核实申请材料后，对符合认定条件的报市人力资源社会保障局复核")
    assert agency_subject("市财政局按照职责，协同实施本办法。")
    assert not agency_subject("企业拥有经认定的省部级以上研发机构；")
    assert not agency_subject("申请认定就业见习基地，应当向市高校毕业生公共就业服务机构提交下列材料：")


def test_a_payment_card_line_and_a_claim_limit_are_not_conditions() -> None:
    assert not applicant_clause(Unit("补贴期限：一次性。", "4、（2）", "4、创业带动就业补贴 补贴条件"), set())
    assert not applicant_clause(Unit("同一法定代表人名下有多家初创企业的，只有一家可申请创业带动就业补贴。", "4、（2）", "补贴条件"), set())
    assert applicant_clause(Unit("初创企业登记注册满6个月", "1、（2）", "1、一次性创业资助 补贴条件"), set())


def test_a_bracketed_exclusion_rules_out_each_listed_case_that_names_a_yes_no_field() -> None:
    unit = Unit("补贴对象：符合条件的用人单位（所有股东均为法人股东的企业、劳务派遣企业除外）。", "4、（2）", "补贴条件")
    excluded, rest = bracket_exclusions(unit)
    assert [(c.text, c.tests[0].field, c.tests[0].expected, c.exclusion) for c in excluded] == [
        ("所有股东均为法人股东的企业", "corporate_holders", False, True),
        ("劳务派遣企业", "labour_dispatch", False, True),
    ]
    assert rest == ["补贴对象：符合条件的用人单位"]


def test_an_exception_inside_a_definition_of_whom_to_count_is_not_an_exclusion_of_the_applicant() -> None:
    unit = Unit("初创企业招用员工（签订1年以上期限劳动合同，法定代表人或个体户经营者除外）；", "4、（1）", "补贴条件")
    assert bracket_exclusions(unit) == ([], [unit.text])


def test_a_status_one_applies_for_names_its_measure() -> None:
    assert applied_for("申请认定就业见习基地，应当符合下列条件：") == "就业见习基地"
    assert applied_for("见习基地连续两年每年接收就业见习人员超过50人（含50人）的，可申请认定为“广州市就业见习示范基地”，并…") == "广州市就业见习示范基地"
    assert applied_for("首次认定为国家高新技术企业的，奖励20万元") == ""


def test_a_benefit_is_named_by_what_it_grants() -> None:
    assert granted("基地入驻企业实习的高校在读港澳青年，给予每人每月3000元实习补贴") == "实习补贴"
    assert granted("由就业补助资金按每人3000元给予用人单位留用补贴") == "留用补贴"
    assert granted("给予一次性奖励") == "一次性奖励"
    assert granted("按200元/人的标准给予补贴") == ""


def test_a_definition_gives_each_term_its_own_words() -> None:
    text = "其中，港澳青年创业团队是指港澳青年人数比例达30%以上的团队；港澳青年企业是指以港澳青年为主要创办人，港澳青年实际权益持股比例达25%以上或港澳青年员工人数比例达30%以上的企业。"
    assert [term for term, _ in definitions(text)] == ["港澳青年创业团队", "港澳青年企业"]
    assert definitions("本办法所称港澳青年，是指45周岁以下，具有中国国籍的香港、澳门特别行政区居民。")[0][0] == "港澳青年"


def test_a_list_that_stands_in_for_other_items_of_an_article_replaces_only_those() -> None:
    lead = "符合第六条第（一）～（四）项条件的企业，若同时符合下列条件中的一项，则可直接确认符合科技型中小企业条件："
    assert any_of(lead)
    items = [[Condition("企业拥有有效期内高新技术企业资格证书；", "第八条（一）", [RuleTest("hitech_cert", "is")])],
             [Condition("企业拥有经认定的省部级以上研发机构；", "第八条（三）", [RuleTest("rd_center", "is")])]]  # fmt: skip
    listed = one_of(items, lead, "第八条")
    assert listed is not None and [[t.field for t in a] for a in listed.alternatives] == [["hitech_cert"], ["rd_center"]]
    article = [Condition("注册的居民企业", "第六条（一）", [RuleTest("domestic", "is")]),
               Condition("综合评价所得分值不低于60分", "第六条（五）", [RuleTest("", "stated")])]  # fmt: skip
    assert [c.location for c in shortcut_for(lead, article)] == ["第六条（五）"]
    assert shortcut_for("符合以下3个条件之一，可申请一次性求职补贴", article) == []


def test_a_question_names_its_measure_whole_or_by_the_amount_it_states() -> None:
    from assistant.eligibility.model import Benefit, PolicyRules

    rules = PolicyRules("p.txt", "d", "办法", "", benefits=[
        Benefit("…每笔给予0.5万元奖励", "三、（八）", "loans_renewed", "续贷笔数", 5000.0, True, "每笔", measure="续贷"),
        Benefit("…给予一次性奖励", "一、（二）", "", "奖励", 3000000.0, measure="技术防疫：一次性奖励"),
    ])  # fmt: skip
    ask = "可以拿每笔0.5万元的奖励吗？"
    assert named_in(rules, "续贷", ask)[:2] == (0, 1)
    assert named_in(rules, "技术防疫：一次性奖励", ask)[:2] == (0, 0)
    assert named_in(rules, "就业见习基地", "能申请认定广州市就业见习基地吗")[0] == len("就业见习基地")
