"""The arithmetic of conditions and benefits as policies write it: a points table in banded tiers with a
part that must score, a count as a share of another count with a size band, "none or a lesser degree",
and per-item words. Policy sentences here are written the way such texts are, not copied from one."""

from __future__ import annotations

import pytest

from assistant.eligibility.benefits import read_benefits
from assistant.eligibility.clauses import Unit
from assistant.eligibility.conditions import conditions_of
from assistant.eligibility.facts import read_facts
from assistant.eligibility.model import Condition, PolicyRules
from assistant.eligibility.reading import quantities
from assistant.eligibility.scores import attach_scores, score_table
from assistant.eligibility.verdict import evaluate

TABLE = [
    Unit("评价指标包括研发人员、知识产权两类，满分60分。", "第五条", "第五条"),
    Unit(
        "研发人员指标（满分30分）。按研发人员数占职工总数的比例分档评价。\nA. 20%（含）以上（30分）\nB. 10%（含）-20%（15分）\nC. 10%以下（0分）",
        "第五条1.", "第五条 1.研发人员指标（满分30分）", name="研发人员指标（满分30分）",
    ),
    Unit(
        "知识产权指标（满分30分）。按拥有的知识产权分档评价。\nA. 1项及以上Ⅰ类知识产权（30分）\nB. 2项Ⅱ类知识产权（20分）\nC. 1项Ⅱ类知识产权（10分）",
        "第五条2.", "第五条 2.知识产权指标（满分30分）", name="知识产权指标（满分30分）",
    ),
]  # fmt: skip
CITES = "综合评价得分不低于40分，且研发人员指标得分不得为0分。"


def _scored(profile: str) -> tuple[str, str]:
    condition = Condition(CITES, "第四条（三）")
    attach_scores([condition], TABLE)
    rules = PolicyRules("x.txt", "x", "办法", "", [condition])
    result = evaluate(condition, read_facts(profile), rules)
    return result.status, result.reason


def test_a_points_table_is_read_part_by_part_with_its_tiers() -> None:
    parts = dict(score_table(TABLE))
    assert list(parts) == ["研发人员指标", "知识产权指标"]
    shares = {(o.field, o.per) for o in parts["研发人员指标"]}
    assert ("tech_staff", "employees") in shares  # 研发人员数 ÷ 职工总数
    ip = {o.field: o.bands for o in parts["知识产权指标"]}
    assert ip["invention"] == [[1, None, 30]] and ip["utility"] == [[2, 2, 20], [1, 1, 10]]


def test_a_score_sums_the_best_tier_of_each_part() -> None:
    status, reason = _scored("我们职工50人，其中研发人员10人，有2项实用新型专利。")
    assert status == "met", reason  # 20% → 30分, 2项Ⅱ类 → 20分: 50分 ≥ 40
    assert "50分" in reason


def test_a_part_that_must_score_vetoes_a_high_total() -> None:
    status, reason = _scored("我们职工100人，研发人员5人，有3项发明专利。")
    assert status == "failed", reason  # 30分 of inventions, but 5% of staff scores 0


def test_a_share_of_the_applicants_own_staff_with_a_size_band() -> None:
    unit = Unit("新招用人员数量达到企业在职职工人数20%（超过200人的企业达到10%）并签订1年以上劳动合同的", "二、", "申请条件")
    conditions = conditions_of(unit, "")
    rules = PolicyRules("x.txt", "x", "办法", "", conditions)
    small = [evaluate(c, read_facts("我们在职职工50人，今年新招用了8人，签了2年劳动合同。"), rules).status for c in conditions]
    large = [evaluate(c, read_facts("我们在职职工300人，今年新招用了36人，签了2年劳动合同。"), rules).status for c in conditions]
    assert "failed" in small  # 8 ÷ 50 = 16% < 20%
    assert set(large) == {"met"}  # 36 ÷ 300 = 12% ≥ 10% above 200 staff


def test_none_or_a_lesser_degree_is_met_by_none_and_unknown_otherwise() -> None:
    unit = Unit("对不减员或少减员的参保企业", "一、", "支持对象")
    conditions = conditions_of(unit, "")
    rules = PolicyRules("x.txt", "x", "办法", "", conditions)
    assert any(c.alternatives for c in conditions)
    assert all(t.expected for c in conditions for t in c.tests)  # the enterprise must be insured, not "not insured"

    def statuses(profile: str) -> list[str]:
        return sorted(evaluate(c, read_facts(profile), rules).status for c in conditions)

    assert statuses("我们是参保企业，今年没有减员。") == ["met", "met"]
    assert statuses("我们是参保企业，今年减员3人。") == ["met", "unknown"]


def test_a_percentage_is_of_an_amount_and_a_per_item_slash_is_each() -> None:
    unit = Unit("对参保企业返还其上年度实际缴纳失业保险费的50%，或按参保职工人数50%的标准确定。按照0.2万元/笔的标准予以奖励。", "一、", "")
    benefits, _, _, _ = read_benefits([unit])
    assert [(b.item, b.rate) for b in benefits if b.rate] == [("premiums", 50)]
    assert [b.per_word for b in benefits if b.amount == 2000] == ["每笔"]


@pytest.mark.parametrize(
    ("written", "value", "unit"),
    [("0.5亿元", 50_000_000, "元"), ("1.2千万", 12_000_000, "元"), ("5个亿", 500_000_000, "元"), ("四千八百万元", 48_000_000, "元"),
     ("3.5个百分点", 3.5, "%"), ("百分之五", 5, "%"), ("5千元", 5000, "元"), ("培训了300人次", 300, "人次")],
)  # fmt: skip
def test_every_number_form_an_enterprise_writes(written: str, value: float, unit: str) -> None:
    (q,) = quantities(written)
    assert (q.value, q.unit) == (value, unit)


def test_an_amount_in_another_currency_is_not_read_as_yuan() -> None:
    assert all(q.unit != "元" for q in quantities("出口额10万美元"))


def _tax_relief(clause: str, profile: str) -> float | None:
    from assistant.eligibility.verdict import compute

    benefits, _, _, _ = read_benefits([Unit(clause, "一、", "")])
    facts = read_facts(profile)
    results = [r for r in (compute(b, facts, None) for b in benefits) if r is not None]
    return sum(r.amount for r in results) if results else None


def test_a_province_set_standard_capped_by_the_tax_due() -> None:
    clause = (
        "对从事个体经营的，在3年内按每户每年6000元为限额扣减其当年实际应缴纳的个人所得税。限额标准最高可上浮30%，"
        "各省可在此幅度内确定具体限额标准。纳税人年度应缴纳税款小于上述扣减限额的，以其实际缴纳的税款为限。"
    )
    assert _tax_relief(clause, "我省定的限额是每户每年7800元，今年实际应缴的个人所得税5000元。") == 5000
    assert _tax_relief(clause, "我省定的限额是每户每年7800元，今年实际应缴的个人所得税9000元。") == 7800
    assert _tax_relief(clause, "我开了一家个体店。") is None  # the amount waits for the province's standard


def test_a_per_person_standard_is_paid_per_person_year_worked() -> None:
    clause = (
        "对招用登记失业人员的企业，按实际招用人数予以定额扣减税费。定额标准为每人每年5000元，最高可上浮20%，各省可确定具体定额标准。"
        "计算公式为：减免税总额=∑每名人员本年度在本企业工作月份÷12×定额标准。"
    )
    profile = "我们省的定额标准是每人每年6000元，公司应缴税款10万元。招用的2人分别工作了12个月、6个月。"
    assert _tax_relief(clause, profile) == 9000  # (12 + 6) ÷ 12 × 6000


def test_a_ceiling_per_person_is_the_amount_per_person_not_a_cap_on_the_policy() -> None:
    unit = Unit("参加培训并取得合格证书的，给予培训补贴，其中基础培训，每人最高可补贴500元；提高培训，每人最高可补贴1500元。", "三、", "")
    benefits, caps, _, _ = read_benefits([unit])
    assert caps == []
    assert benefits and benefits[0].amount == 500 and benefits[0].per_word == "每人"


def test_a_period_limit_caps_the_months_paid() -> None:
    unit = Unit("在基地入驻企业实习的在读学生，给予每人每月2000元实习补贴，补贴期限不超过3个月。", "第六条", "")
    (benefit,) = read_benefits([unit])[0]
    assert (benefit.item, benefit.max_count) == ("internship_months", 3)
    from assistant.eligibility.verdict import compute

    result = compute(benefit, read_facts("我在基地的一家企业实习了5个月。"), None)
    assert result is not None and result.amount == 6000
