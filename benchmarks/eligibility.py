"""Eligibility benchmark: verdicts, amounts and failed clauses of enterprise profiles, and the latency of
a check once the policies are ingested.

    python benchmarks/eligibility.py        # sample corpus + ../shared/bench/eligibility_dev.jsonl,
                                            # shared policies + benchmarks/questions/eligibility_policies.jsonl

A case is right when the verdict is the expected one, the total amount equals `amount_yuan` (when
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
from assistant.eligibility import Check, Eligibility  # noqa: E402
from assistant.eligibility.chat import eligibility_answer  # noqa: E402
from assistant.knowledge import KnowledgeBase  # noqa: E402
from benchmarks.common import BENCH, CORPUS, REPO, latencies_ms  # noqa: E402

SAMPLE = REPO / "sample_corpus"
DEV_CASES = BENCH / "eligibility_dev.jsonl"
OWN_CASES = REPO / "benchmarks" / "questions" / "eligibility_policies.jsonl"
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


def run_set(name: str, files: list[Path], cases: list[Case], home: Path) -> None:
    settings = Settings(home=home / name)
    report = KnowledgeBase(settings, hooks=ingest_hooks()).ingest(files)
    if report.failed:
        print(f"  ingest failed: {[o.source for o in report.failed]}")
    checker = Eligibility(settings)
    checker.policies()  # the rules are read once per file version: not part of a check's latency
    right, lines = 0, []
    for case in cases:
        wrong = misses(case, checker.check(case.profile, case.policy))
        right += not wrong
        if wrong:
            lines.append(f"    {case.id} [{case.policy}] " + "; ".join(wrong))
    majority = Counter(c.verdict for c in cases).most_common(1)[0]
    baseline = majority[1] / len(cases)
    share = right / len(cases)
    print(f"{name}: {right}/{len(cases)} right = {share:.3f}   baseline (always “{majority[0]}”): {baseline:.3f}"
          f"   ratio {share / baseline:.2f}×")  # fmt: skip
    print("\n".join(lines) or "    no misses")
    by_profile = {c.profile: c.policy for c in cases}
    profiles = [c.profile for c in cases] * LATENCY_ROUNDS
    p50, p95 = latencies_ms(lambda p: checker.check(p, by_profile[p]), profiles)
    c50, c95 = latencies_ms(lambda p: eligibility_answer(settings, [settings.kb], p), profiles)
    print(f"  latency of a check (offline, warm, n={len(profiles)}): p50 {p50:.1f} ms, p95 {p95:.1f} ms"
          f"   chat checklist answer: p50 {c50:.1f} ms, p95 {c95:.1f} ms   (target p95 ≤ 300 ms)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=["sample", "policies"], help="run one set")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bureau-eligibility-") as home:
        if args.only in (None, "sample"):
            run_set("sample corpus × eligibility_dev", sorted(SAMPLE.iterdir()), load_cases(DEV_CASES), Path(home))
        if args.only in (None, "policies"):
            run_set("shared policies × own cases", sorted((CORPUS / "policies").iterdir()), load_cases(OWN_CASES), Path(home))


if __name__ == "__main__":
    main()
