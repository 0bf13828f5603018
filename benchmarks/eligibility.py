"""Eligibility benchmark: verdicts, amounts and failed clauses of enterprise profiles, and the latency of
a check once the policies are ingested.

    python benchmarks/eligibility.py        # sample corpus + ../shared/bench/eligibility_dev.jsonl,
                                            # shared policies + benchmarks/questions/eligibility_policies.jsonl,
                                            # real published policies + ../shared/bench/eligibility_real_dev.jsonl

The real set is scored twice: with the rules as read (reading alone), then with the staff correction
files of tests/eligibility_corrections applied; between the two, a table per policy of the rules read and
how many of them staff had to change. A case is right when the verdict is the expected one, the total amount equals `amount_yuan` (when
given) and every `failed` word is in a clause reported as failed. Baseline in the same run: the
majority verdict for every case (what a matcher that cannot read the clauses would do). Latency: p50/p95
of one warm check (facts read, every condition judged, amounts computed) and of the chat's
eligibility answer, offline.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.composition import ingest_hooks  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.eligibility import Check, Eligibility, PolicyNotFoundError  # noqa: E402
from assistant.eligibility.chat import eligibility_answer  # noqa: E402
from assistant.knowledge import KnowledgeBase  # noqa: E402
from benchmarks.common import BENCH, CORPUS, REPO, latencies_ms  # noqa: E402

SAMPLE = REPO / "sample_corpus"
DEV_CASES = BENCH / "eligibility_dev.jsonl"
OWN_CASES = REPO / "benchmarks" / "questions" / "eligibility_policies.jsonl"
REAL = BENCH / "real_policies"
REAL_CASES = BENCH / "eligibility_real_dev.jsonl"
CORRECTIONS = REPO / "tests" / "eligibility_corrections"
LATENCY_ROUNDS = 5  # each case checked this many times for the latency figures


@dataclass
class Case:
    id: str
    policy: str
    profile: str
    verdict: str
    amount_yuan: float | None
    failed: list[str]


def load_cases(path: Path) -> list[Case]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Case(r["id"], r["policy"], r["profile"], r["verdict"], r.get("amount_yuan"), r.get("failed", [])) for r in rows]


def misses(case: Case, check: Check) -> list[str]:
    """Why a case is wrong ([] when right)."""
    if not check.policies:
        return ["no policy"]
    got = check.policies[0]
    wrong = []
    if got.verdict != case.verdict:
        wrong.append(f"verdict {got.verdict} ≠ {case.verdict}")
    if case.amount_yuan is not None and (got.amount is None or abs(got.amount - case.amount_yuan) > 0.5):
        wrong.append(f"amount {got.amount} ≠ {case.amount_yuan} ({got.arithmetic})")
    failed_text = " ".join(r.condition.text for r in got.failed)
    wrong += [f"failed clause lacks “{w}”" for w in case.failed if w not in failed_text]
    if wrong:
        wrong.append("missing: " + "；".join(got.missing))
    return wrong


def score(checker: Eligibility, cases: list[Case]) -> tuple[int, list[str]]:
    right, lines = 0, []
    for case in cases:
        try:
            wrong = misses(case, checker.check(case.profile, case.policy))
        except PolicyNotFoundError:
            wrong = ["policy not read as a policy"]
        right += not wrong
        if wrong:
            lines.append(f"    {case.id} [{case.policy}] " + "; ".join(wrong))
    return right, lines


def _meaning(rule: dict, named: bool = True) -> str:
    """What a rule says, without its words, place or origin: two readings of one rule compare equal.
    Without `named`, also without the names of the measures it belongs to (the reader names a measure by
    the policy's words, staff by their own: 稳岗返还 for 失业保险稳岗返还)."""
    drop = {"text", "location", "origin", "label"} | (set() if named else {"measures", "measure"})
    return json.dumps({k: v for k, v in sorted(rule.items()) if k not in drop}, ensure_ascii=False, sort_keys=True)


def _differing(ours: list[dict], staff: list[dict], named: bool) -> tuple[int, int]:
    """(rules read that staff changed or dropped, rules staff added)."""
    a, b = [_meaning(r, named) for r in ours], [_meaning(r, named) for r in staff]
    kept = sum(min(a.count(m), b.count(m)) for m in set(a))
    return len(a) - kept, len(b) - kept


def review_table(checker: Eligibility, corrections: Path) -> None:
    """Per policy: the rules read, how many of them staff had to change or drop, how many staff added."""
    print("  rules read automatically vs the staff correction files (tests/eligibility_corrections):")
    print("    policy | rules read | wrong before review | added by staff | the same, measure names aside")
    for path in sorted(corrections.glob("*.json")):
        read = checker.rules_of(f"{path.stem}.txt").rules.as_dict()
        fixed = json.loads(path.read_text(encoding="utf-8"))
        ours, staff = [*read["conditions"], *read["benefits"]], [*fixed["conditions"], *fixed["benefits"]]
        (wrong, added), (unnamed_wrong, unnamed_added) = (_differing(ours, staff, n) for n in (True, False))
        print(f"    {path.stem} | {len(ours)} | {wrong} | {added} | {unnamed_wrong} wrong, {unnamed_added} added")


def corrected_score(checker: Eligibility, cases: list[Case], corrections: Path) -> None:
    from assistant.access import LOCAL_USER

    for path in sorted(corrections.glob("*.json")):
        checker.correct(f"{path.stem}.txt", json.loads(path.read_text(encoding="utf-8")), LOCAL_USER)
    right, lines = score(checker, cases)
    print(f"  with the staff corrections: {right}/{len(cases)} right = {right / len(cases):.3f}")
    print("\n".join(lines) or "    no misses")


def run_set(name: str, files: list[Path], cases: list[Case], home: Path, corrections: Path | None = None) -> None:
    settings = Settings(home=home / name)
    report = KnowledgeBase(settings, hooks=ingest_hooks()).ingest(files)
    if report.failed:
        print(f"  ingest failed: {[o.source for o in report.failed]}")
    checker = Eligibility(settings)
    checker.policies()  # the rules are read once per file version: not part of a check's latency
    right, lines = score(checker, cases)
    majority = Counter(c.verdict for c in cases).most_common(1)[0]
    baseline = majority[1] / len(cases)
    share = right / len(cases)
    print(f"{name}: {right}/{len(cases)} right = {share:.3f}   baseline (always “{majority[0]}”): {baseline:.3f}"
          f"   ratio {share / baseline:.2f}×")  # fmt: skip
    print("\n".join(lines) or "    no misses")
    known = {p.rules.source for p in checker.policies()} | {p.rules.title for p in checker.policies()}
    by_profile = {c.profile: c.policy for c in cases if any(c.policy in k for k in known)}
    profiles = list(by_profile) * LATENCY_ROUNDS
    p50, p95 = latencies_ms(lambda p: checker.check(p, by_profile[p]), profiles)
    c50, c95 = latencies_ms(lambda p: eligibility_answer(settings, [settings.kb], p), profiles)
    print(f"  latency of a check (offline, warm, n={len(profiles)}): p50 {p50:.1f} ms, p95 {p95:.1f} ms"
          f"   chat checklist answer: p50 {c50:.1f} ms, p95 {c95:.1f} ms   (target p95 ≤ 300 ms)")  # fmt: skip
    if corrections is not None:
        review_table(checker, corrections)
        corrected_score(checker, cases, corrections)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=["sample", "policies", "real"], help="run one set")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bureau-eligibility-") as home:
        if args.only in (None, "sample"):
            run_set("sample corpus × eligibility_dev", sorted(SAMPLE.iterdir()), load_cases(DEV_CASES), Path(home))
        if args.only in (None, "policies"):
            run_set("shared policies × own cases", sorted((CORPUS / "policies").iterdir()), load_cases(OWN_CASES), Path(home))
        if args.only in (None, "real"):
            run_set("real policies × eligibility_real_dev (reading alone)", sorted(REAL.glob("*.txt")), load_cases(REAL_CASES),
                    Path(home), CORRECTIONS)  # fmt: skip


if __name__ == "__main__":
    main()
