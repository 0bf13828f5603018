"""Staff review of a policy's rules on real files in a real knowledge base (embedded Chroma, the bureau's
SQLite database): every rule of the published development policies as rows of the review table, a
threshold corrected in the table and confirmed (the check follows, the enterprise is told, the audit log
and the review history say who changed what), confirmations and resets as versions, a changed file read
again against the confirmed rules, the table's file taken by `bureau policy-rules --correct`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.audit import audit_log
from assistant.config import Settings, UserSettings
from assistant.eligibility import Eligibility
from assistant.eligibility.checklist import REVIEWED, checklist_markdown
from assistant.eligibility.review import (
    COLUMNS,
    FIELD,
    NUMBER,
    TEXT,
    VALUE,
    RuleEditError,
    apply_edits,
    rule_table,
)
from assistant.knowledge import KnowledgeBase
from assistant.web.eligibility import policy_rows
from conftest import SAMPLE_CORPUS, SHARED

pytestmark = pytest.mark.slow
REAL_POLICIES = SHARED / "bench" / "real_policies"
STAFF = UserSettings(name="王科长", password_hash="", role="staff")
EVALUATION = "科技型中小企业评价办法.txt"  # a published national measure: 年销售收入不超过2亿元
VOUCHER = "示范县科技创新券管理办法.pdf"
SUBSIDY = """示范县科技型企业研发补助办法
第一条　为支持企业研发，制定本办法。
第二条　申请补助的企业应同时具备以下条件：
（一）在本县注册登记；
（二）上年度营业收入不超过{limit}万元。
第三条　符合条件的企业，每家补助10万元。
"""
ENGLISH = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("review")
    settings = Settings(home=root / "home")
    KnowledgeBase(settings).ingest([*sorted(REAL_POLICIES.glob("*.txt")), SAMPLE_CORPUS / VOUCHER])
    yield root / "home"


def row_of(rules: dict, field: str, clause: str) -> int:
    """The table row (0-based) of a test on `field` in the clause holding `clause`."""
    return next(i for i, row in enumerate(rule_table(rules)) if row.cells[FIELD] == field and clause in row.cells[TEXT])


def test_every_rule_of_the_real_policies_is_a_row_in_chinese(home: Path) -> None:
    policies = Eligibility(Settings(home=home)).policies()
    assert {EVALUATION, VOUCHER} <= {p.rules.source for p in policies}
    for policy in policies:
        rules = policy.rules.as_dict()
        rows = rule_table(rules)
        assert rows or not (rules["conditions"] or rules["benefits"]), policy.rules.source
        assert apply_edits(rules, [row.cells for row in rows]) == rules  # a table left alone changes nothing
        for row in rows:
            assert len(row.cells) == len(COLUMNS)
            shown = [c for i, c in enumerate(row.cells) if i != TEXT]  # the clause's own words may hold Latin letters
            assert not ENGLISH.search(" ".join(shown)), (policy.rules.source, row.cells)


def test_a_threshold_corrected_in_the_table_and_confirmed_is_what_enterprises_are_judged_by(home: Path) -> None:
    settings = Settings(home=home)
    checker = Eligibility(settings)
    profile = "我们公司在广州注册，上年度营业收入1.5亿元"
    before = checker.check(profile, "科技型中小企业").policies[0]
    assert not any(r.status == "failed" and "销售收入" in r.condition.text for r in before.conditions)
    assert REVIEWED[False] in checklist_markdown(checker.check(profile, "科技型中小企业"))

    rules = checker.rules_of(EVALUATION).rules.as_dict()
    table = [row.cells for row in rule_table(rules)]
    revenue = row_of(rules, "上年度营业收入", "年销售收入不超过2亿元")
    assert table[revenue][VALUE] == "2亿元"
    table[revenue][VALUE] = "1亿元"  # a staff member corrects one condition
    checker.correct(EVALUATION, apply_edits(rules, table), STAFF)

    again = Eligibility(settings)  # stored in the database, not just this object's cache
    check = again.check(profile, "科技型中小企业")
    verdict = check.policies[0]
    failed = [r for r in verdict.failed if "年销售收入不超过2亿元" in r.condition.text]
    assert verdict.verdict == "ineligible" and failed and "1亿元" in failed[0].reason
    assert REVIEWED[True] in checklist_markdown(check) and policy_rows(check)[0][5] == "已人工确认"

    state = again.review(EVALUATION)
    assert state.confirmed and (state.confirmed.version, state.confirmed.user) == (1, "王科长")
    assert state.confirmed.changes == ["改动：条件 第六条（二） 上年度营业收入：不超过2亿元 → 不超过1亿元"]
    assert "王科长" in state.lines("Asia/Shanghai")[0] and "第1版" in state.lines("Asia/Shanghai")[0]
    logged = audit_log(settings).exchanges()[-1]
    assert (logged.conversation, logged.user, logged.mode) == ("政策条件校核", "王科长", "人工校核")
    assert "第1版" in logged.question and "不超过2亿元 → 不超过1亿元" in logged.answer


def test_confirmations_and_resets_are_numbered_versions(home: Path) -> None:
    settings = Settings(home=home)
    checker = Eligibility(settings)
    checker.correct(VOUCHER, {}, STAFF)  # confirmed as read
    checker.correct(VOUCHER, {}, STAFF)
    checker.reset(VOUCHER, STAFF)
    state = Eligibility(settings).review(VOUCHER)
    assert [(r.version, r.action) for r in state.reviews] == [(3, "reset"), (2, "confirmed"), (1, "confirmed")]
    assert state.reviews[1].changes == [] and state.confirmed is None and not state.policy.rules.corrected
    assert state.changed_since is None  # the file did not change: nothing to compare
    lines = state.lines("Asia/Shanghai")
    assert lines[0].startswith("⚠") and "第3版 撤销确认" in lines[-1]
    logged = [e for e in audit_log(settings).exchanges() if e.conversation == "政策条件校核"][-3:]
    assert ["按提取结果确认" in logged[0].answer, "撤销" in logged[2].question] == [True, True]


def test_a_changed_file_is_read_again_and_shows_what_changed_against_the_confirmed_rules(home: Path, tmp_path: Path) -> None:
    settings = Settings(home=home)
    policy = tmp_path / "示范县科技型企业研发补助办法.txt"
    policy.write_text(SUBSIDY.format(limit=5000), encoding="utf-8")
    KnowledgeBase(settings, "补助").ingest([policy])
    checker = Eligibility(settings, ["补助"])
    checker.correct(policy.name, {}, STAFF)
    assert Eligibility(settings, ["补助"]).rules_of(policy.name).rules.corrected

    policy.write_text(SUBSIDY.format(limit=8000), encoding="utf-8")  # the bureau publishes a revised text
    KnowledgeBase(settings, "补助").ingest([policy])
    state = Eligibility(settings, ["补助"]).review(policy.name)
    assert not state.policy.rules.corrected and state.confirmed is None  # enterprises are told: read automatically
    assert state.changed_since == ["改动：条件 第二条（二） 上年度营业收入：不超过5000万元 → 不超过8000万元"]
    lines = state.lines("Asia/Shanghai")
    assert any("文件已更新" in line and "第1版" in line for line in lines) and any("8000万元" in line for line in lines)
    check = Eligibility(settings, ["补助"]).check("我们公司在示范县注册，上年度营业收入6000万元")
    assert REVIEWED[False] in checklist_markdown(check)


def test_a_cell_that_cannot_be_read_names_its_row_and_what_to_write(home: Path) -> None:
    rules = Eligibility(Settings(home=home)).rules_of(EVALUATION).rules.as_dict()
    table = [row.cells for row in rule_table(rules)]
    revenue = row_of(rules, "上年度营业收入", "年销售收入")
    table[revenue][VALUE] = "待定"
    with pytest.raises(RuleEditError, match=f"第{revenue + 1}行“标准”.*如 2亿元"):
        apply_edits(rules, table)
    table[revenue][VALUE] = "两个"
    with pytest.raises(RuleEditError, match="上年度营业收入的单位应为元"):
        apply_edits(rules, table)
    table[revenue][VALUE], table[revenue][FIELD] = "1亿元", "办公面积"
    with pytest.raises(RuleEditError, match="“条件项”写的是“办公面积”"):
        apply_edits(rules, table)
    table[revenue][FIELD], table[revenue][NUMBER] = "上年度营业收入", "999"
    with pytest.raises(RuleEditError, match="编号"):
        apply_edits(rules, table)


def test_rows_removed_and_added_in_the_table(home: Path) -> None:
    rules = Eligibility(Settings(home=home)).rules_of(EVALUATION).rules.as_dict()
    rows = rule_table(rules)
    revenue = row_of(rules, "上年度营业收入", "年销售收入")
    table = [row.cells for i, row in enumerate(rows) if i != revenue]
    table.append(["", "条件", "", "成立/经营年限", "", "不低于", "1年", "第六条（六）", "企业成立满一年", ""])
    edited = apply_edits(rules, table)
    after = rule_table(edited)
    assert len(after) == len(rows)  # one row out, one in
    assert after[-1].cells[FIELD:VALUE + 1] == ["成立/经营年限", "", "不低于", "1年"] and after[-1].cells[-1] == "人工校正"


def test_the_table_saves_the_file_bureau_policy_rules_correct_takes(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.terminal.cli import app

    monkeypatch.setenv("BUREAU_HOME", str(home))
    rules = Eligibility(Settings(home=home)).rules_of(EVALUATION).rules.as_dict()
    table = [row.cells for row in rule_table(rules)]
    table[row_of(rules, "上年度营业收入", "年销售收入")][VALUE] = "3亿元"
    correction = tmp_path / "校正.json"
    correction.write_text(json.dumps(apply_edits(rules, table), ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["policy-rules", EVALUATION, "--correct", str(correction)])
    assert result.exit_code == 0, result.output
    assert "已确认" in result.output and "核对确认" in result.output
    checked = CliRunner().invoke(app, ["eligibility", "--policy", "科技型中小企业", "我们公司上年度营业收入2.5亿元"])
    assert checked.exit_code == 0, checked.output
    assert REVIEWED[True] in checked.output
