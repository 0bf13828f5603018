"""Eligibility on real published policies (../shared/bench/real_policies) in a real knowledge base: the
staff correction files under tests/eligibility_corrections/ — in the rules JSON that `bureau policy-rules
--json` exports and `--correct` and the 文档 tab save — make every development case right, so the rule
model can say what these policies say. How well the reader does alone is measured by
benchmarks/eligibility.py, not asserted here."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.config import Settings
from assistant.eligibility import Eligibility, PolicyRules
from assistant.knowledge import KnowledgeBase
from conftest import BENCH, REPO, from_shared

pytestmark = pytest.mark.slow
REAL = BENCH / "real_policies"
CORRECTIONS = REPO / "tests" / "eligibility_corrections"


def cases() -> list[dict]:
    lines = (BENCH / "eligibility_real_dev.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("real") / "home"
    KnowledgeBase(Settings(home=root)).ingest(sorted(REAL.glob("*.txt")))
    yield root


@pytest.fixture(scope="module")
def corrected(home: Path) -> Eligibility:
    """Every development policy corrected by staff: one through the CLI, the others as the 文档 tab does."""
    from assistant.access import LOCAL_USER
    from assistant.terminal.cli import app

    files = sorted(CORRECTIONS.glob("*.json"))
    first = files[0]
    result = CliRunner().invoke(app, ["policy-rules", first.stem, "--correct", str(first)], env={"BUREAU_HOME": str(home)})
    assert result.exit_code == 0, result.output
    checker = Eligibility(Settings(home=home))
    for path in files[1:]:
        checker.correct(f"{path.stem}.txt", json.loads(path.read_text(encoding="utf-8")), LOCAL_USER)
    return Eligibility(Settings(home=home))


def test_every_development_policy_has_a_correction_file() -> None:
    assert sorted(p.stem for p in CORRECTIONS.glob("*.json")) == sorted(p.stem for p in REAL.glob("*.txt"))


@pytest.mark.parametrize("path", sorted(CORRECTIONS.glob("*.json")), ids=lambda p: p.stem)
def test_a_correction_file_keeps_each_rules_clause_verbatim_and_round_trips(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert PolicyRules.from_dict(data).as_dict() == data
    text = (REAL / f"{path.stem}.txt").read_text(encoding="utf-8")
    for rule in [*data["conditions"], *data["benefits"]]:
        assert rule["text"] in text and rule["location"], rule["text"]


@pytest.mark.parametrize("case", from_shared(cases, BENCH / "eligibility_real_dev.jsonl"), ids=lambda c: c["id"] if c else "missing-shared")
def test_with_staff_corrections_every_case_is_right(corrected: Eligibility, case: dict) -> None:
    verdict = corrected.check(case["profile"], case["policy"]).policies[0]
    assert verdict.rules.corrected
    assert verdict.verdict == case["verdict"], (verdict.measure, [(r.condition.text, r.reason) for r in verdict.conditions])
    if case.get("amount_yuan") is not None:
        assert verdict.amount is not None and abs(verdict.amount - case["amount_yuan"]) < 0.5, verdict.arithmetic
    failed = " ".join(r.condition.text for r in verdict.failed)
    assert all(word in failed for word in case.get("failed", [])), failed
    if case["verdict"] == "needs_info":
        assert verdict.missing  # says what the enterprise must still state


def test_a_rent_question_is_judged_on_the_rent_measure_with_its_cap(corrected: Eligibility) -> None:
    profile = next(c["profile"] for c in cases() if c["id"] == "v01")
    verdict = corrected.check(profile, "港澳青年").policies[0]
    assert verdict.measure == "租金补贴"
    assert "取5万元" in verdict.arithmetic or "50000" in verdict.arithmetic


def test_a_sum_paid_per_full_year_counts_whole_years_only() -> None:
    """每…满1年…元 pays for each year completed in full: 2年4个月 of renting is two years' worth."""
    from assistant.eligibility import read_facts
    from assistant.eligibility.benefits import read_benefits
    from assistant.eligibility.clauses import Unit
    from assistant.eligibility.verdict import compute

    text = (REAL / "广州市高校毕业生创业补贴.txt").read_text(encoding="utf-8")
    clause = next(line for line in text.splitlines() if "满1年" in line and "元" in line)
    benefit = read_benefits([Unit(clause, "3、", "创业租金补贴")])[0][0]
    assert benefit.per_item and benefit.whole
    paid = compute(benefit, read_facts("公司的办公室已经连续租了2年4个月"), "enterprise")
    assert paid is not None and paid.amount == 12000 and "按整数计" in paid.arithmetic
    assert compute(benefit, read_facts("办公室租了11个月"), "enterprise").amount == 0  # type: ignore[union-attr]
