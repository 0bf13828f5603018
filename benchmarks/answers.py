"""Answer benchmark: facts, citations, declines and latency of the answer engine, per mode.

    python benchmarks/answers.py                    # sample corpus + shared corpus + ncp qa_dev, offline mode
    python benchmarks/answers.py --home /tmp/bench  # keep the ingested knowledge bases for the next run
    python benchmarks/answers.py --no-ncp           # sample and shared corpus only (~3 min)
    python benchmarks/answers.py --only-ncp --sentences --home /tmp/bench   # also how the sentences rank
    python benchmarks/answers.py --llm-url http://127.0.0.1:8080/v1 --llm-model smollm2   # also the LLM mode

For each set it prints the share of answerable questions whose answer holds every expected fact,
the share citing a passage that holds the evidence, the share of unanswerable questions declined,
and warm answer latency p50/p95.

On the external ncp policy-QA set (qa_dev, its 599 documents ingested; every question answerable) it
prints the competition's metric, ROUGE-L F1 against the gold answer text, the share of answers that
contain the whole gold answer, the mean answer length and the share declined, beside a retriever-only
baseline (the top-1 passage as the answer) measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.answer import Answer, Assistant  # noqa: E402
from assistant.composition import chat_routes, ingest_hooks  # noqa: E402
from assistant.config import Settings, load_settings  # noqa: E402
from assistant.knowledge import KnowledgeBase  # noqa: E402
from benchmarks.common import (  # noqa: E402
    BENCH,
    CORPUS,
    NCP,
    REPO,
    Question,
    holds_evidence,
    latencies_ms,
    load_questions,
    normalise,
)  # fmt: skip

SAMPLE = REPO / "sample_corpus"
QUESTIONS = REPO / "benchmarks" / "questions"
SAMPLE_QUESTIONS = QUESTIONS / "sample_qa.jsonl"
SHARED_UNANSWERABLE = QUESTIONS / "shared_unanswerable.jsonl"


@dataclass
class AnswerScores:
    facts: float
    cited: float
    declined: float
    p50_ms: float
    p95_ms: float
    answerable: int
    unanswerable: int


def holds_facts(answer: Answer, question: Question) -> bool:
    return not answer.declined and all(normalise(f) in normalise(answer.text) for f in question.answer)


def score(assistant: Assistant, questions: list[Question]) -> tuple[AnswerScores, list[str]]:
    """Scores and one line per miss, to read what went wrong."""
    answerable = [q for q in questions if not q.unanswerable]
    unanswerable = [q for q in questions if q.unanswerable]
    facts = cited = declined = 0
    misses = []
    for q in answerable:
        answer = assistant.answer(q.question)
        has_facts = holds_facts(answer, q)
        has_evidence = any(holds_evidence(c.text, q.evidence) for c in answer.citations)
        facts += has_facts
        cited += has_evidence
        if not (has_facts and has_evidence):
            misses.append(f"{q.id} {q.question} → {answer.text[:120]!r}")
    for q in unanswerable:
        answer = assistant.answer(q.question)
        declined += answer.declined
        if not answer.declined:
            misses.append(f"{q.id} (should decline) {q.question} → {answer.text[:120]!r}")
    assistant.answer(questions[0].question)  # warm
    p50, p95 = latencies_ms(assistant.answer, [q.question for q in questions])
    scores = AnswerScores(
        facts / max(len(answerable), 1), cited / max(len(answerable), 1), declined / max(len(unanswerable), 1),
        p50, p95, len(answerable), len(unanswerable),
    )  # fmt: skip
    return scores, misses


def limited(questions: list[Question], limit: int) -> list[Question]:
    """The first `limit` answerable and a quarter as many unanswerable questions."""
    answerable = [q for q in questions if not q.unanswerable][:limit]
    return answerable + [q for q in questions if q.unanswerable][: max(1, limit // 4)]


def run_set(label: str, settings: Settings, kb: str, paths: list[Path], questions: list[Question],
            modes: list[str], verbose: bool, limit: int) -> None:  # fmt: skip
    report = KnowledgeBase(settings, kb, ingest_hooks()).ingest(paths, allow_duplicates=True)  # the sets cite copies by name
    if report.failed:
        print("files that did not go in:", *[f"{o.source}: {o.reason}" for o in report.failed], sep="\n  ")
    print(f"\n## {label}: {sum(not q.unanswerable for q in questions)} answerable, "
          f"{sum(q.unanswerable for q in questions)} unanswerable")  # fmt: skip
    print(f"{'mode':<12}{'n':>4}{'facts':>8}{'cited':>8}{'declined':>10}{'p50 ms':>9}{'p95 ms':>9}")
    for mode in modes:
        mode_settings = settings.model_copy(deep=True)
        if mode == "extractive":
            mode_settings.llm.backend = "none"
        asked = questions if mode == "extractive" else limited(questions, limit)
        scores, misses = score(Assistant(mode_settings, [kb], chat_routes()), asked)
        print(f"{mode:<12}{scores.answerable + scores.unanswerable:>4}{scores.facts:>8.3f}{scores.cited:>8.3f}{scores.declined:>10.3f}"
              f"{scores.p50_ms:>9.0f}{scores.p95_ms:>9.0f}")  # fmt: skip
        if verbose:
            print(*misses, sep="\n  ")


LEAD_IN = re.compile(r"据《[^》]*》[^：:\n]{0,20}[：:]")
MARKS = re.compile(r"\[\d{1,2}\]")


def answer_body(text: str) -> str:
    """What is scored of an answer: without the lead-ins 据《…》第三条： and the [n] marks."""
    return MARKS.sub("", LEAD_IN.sub("", text)).strip()


def rouge_l_f1(candidate: str, reference: str) -> float:
    """ROUGE-L F1 over characters, the competition's metric (longest common subsequence).
    Written here because rouge-score tokenises on ASCII words and drops Chinese characters."""
    a, b = normalise(candidate), normalise(reference)
    if not a or not b:
        return 0.0
    previous = [0] * (len(b) + 1)
    for char in a:
        current = [0]
        for j, other in enumerate(b, 1):
            current.append(previous[j - 1] + 1 if char == other else max(previous[j], current[j - 1]))
        previous = current
    lcs = previous[-1]
    if not lcs:
        return 0.0
    precision, recall = lcs / len(a), lcs / len(b)
    return 2 * precision * recall / (precision + recall)


@dataclass
class GoldScores:
    rouge_l: float
    contains: float
    mean_chars: float
    declined: float
    n: int


def gold_scores(answers: list[str], declined: list[bool], golds: list[str]) -> GoldScores:
    return GoldScores(
        statistics.mean(rouge_l_f1(a, g) for a, g in zip(answers, golds)),
        statistics.mean(normalise(g) in normalise(a) for a, g in zip(answers, golds)),
        statistics.mean(len(a) for a in answers),
        statistics.mean(declined),
        len(golds),
    )


def run_external(settings: Settings, verbose: bool, sentences: bool = False) -> None:
    """Offline answers on ncp qa_dev against the top-1 passage, in the same run."""
    kb = KnowledgeBase(settings, "bench-ncp", ingest_hooks())
    report = kb.ingest([NCP / "docs"])
    if report.failed:
        print("files that did not go in:", *[f"{o.source}: {o.reason}" for o in report.failed], sep="\n  ")
    rows = [json.loads(line) for line in (NCP / "qa_dev.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    offline = settings.model_copy(deep=True)
    offline.llm.backend = "none"
    assistant = Assistant(offline, ["bench-ncp"], chat_routes())
    golds = [row["gold"] for row in rows]
    ours, ours_declined, top1 = [], [], []
    for row in rows:
        answer = assistant.answer(row["question"])
        ours.append("" if answer.declined else answer_body(answer.text))
        ours_declined.append(answer.declined)
        hits = kb.search(row["question"], 1)
        top1.append(hits[0].text if hits else "")
        if verbose and (answer.declined or normalise(row["gold"]) not in normalise(ours[-1])):
            print(f"  {row['id']} {row['question']} → {answer.text[:100]!r}\n      gold {row['gold'][:80]!r}")
    p50, p95 = latencies_ms(assistant.answer, [row["question"] for row in rows[:60]])
    print(f"\n## ncp policy QA (qa_dev): {len(rows)} questions, all answerable")
    print(f"{'system':<22}{'ROUGE-L F1':>11}{'contains gold':>15}{'mean chars':>12}{'declined':>10}")
    baseline = gold_scores(top1, [not t for t in top1], golds)
    mine = gold_scores(ours, ours_declined, golds)
    for label, scores in (("ours (offline)", mine), ("top-1 passage", baseline)):
        print(f"{label:<22}{scores.rouge_l:>11.3f}{scores.contains:>15.3f}{scores.mean_chars:>12.1f}{scores.declined:>10.3f}")
    print(f"ROUGE-L F1 ours - baseline: {mine.rouge_l - baseline.rouge_l:+.3f}; answer latency p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    if sentences:
        sentence_ranking(assistant, kb, rows)


DENSE_CANDIDATES = 20  # sentences re-scored with the embedding model, from the top of the offline ranking
DENSE_WEIGHTS = (1.0, 2.0, 4.0)


def sentence_ranking(assistant: Assistant, kb: KnowledgeBase, rows: list[dict]) -> None:
    """Where the sentence holding the whole gold answer ranks among the retrieved passages' sentences:
    first, in the first five, anywhere (the ceiling of any answer made of one retrieved sentence); and
    first once the embedding model's question–sentence cosine is added to the offline score."""
    embed = kb.index.embed
    first = top5 = anywhere = 0
    dense_first = dict.fromkeys(DENSE_WEIGHTS, 0)
    for row in rows:
        gold = normalise(row["gold"])
        ranked = assistant.ranked_sentences(row["question"])
        holds = [gold in normalise(s.text) for s in ranked]
        first += any(holds[:1])
        top5 += any(holds[:5])
        anywhere += any(holds)
        head = ranked[:DENSE_CANDIDATES]
        if not head:
            continue
        question = np.array(embed.get_query_embedding(row["question"]))
        vectors = np.array(embed.get_text_embedding_batch([s.text for s in head]))
        cosines = vectors @ question / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(question))
        for weight in DENSE_WEIGHTS:
            best = max(range(len(head)), key=lambda i: head[i].score + weight * cosines[i])  # noqa: B023
            dense_first[weight] += holds[best]
    n = len(rows)
    print(f"\n## sentence ranking (ncp qa_dev, {n} questions): the sentence holding the whole gold answer is")
    print(f"first {first / n:.3f}; in the first 5 {top5 / n:.3f}; among the retrieved sentences at all {anywhere / n:.3f}")
    print(f"first with the embedding model's cosine added (top {DENSE_CANDIDATES} re-scored): "
          + ", ".join(f"weight {w:g} {c / n:.3f}" for w, c in dense_first.items()))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--llm-url", help="OpenAI-compatible endpoint: also measure the LLM mode")
    parser.add_argument("--llm-model", default="", help="model name at that endpoint")
    parser.add_argument("--llm-limit", type=int, default=12,
                        help="questions per set in LLM mode (a CPU LLM takes seconds per answer)")  # fmt: skip
    parser.add_argument("--verbose", action="store_true", help="print every miss")
    parser.add_argument("--home", type=Path, help="keep the knowledge bases here (re-runs skip unchanged files)")
    parser.add_argument("--no-ncp", action="store_true", help="skip the external ncp policy-QA set")
    parser.add_argument("--only-ncp", action="store_true", help="only the external ncp policy-QA set")
    parser.add_argument("--sentences", action="store_true",
                        help="ncp: also where the gold sentence ranks, with and without the embedding model (slow)")  # fmt: skip
    args = parser.parse_args()
    keep = nullcontext(str(args.home)) if args.home else tempfile.TemporaryDirectory(prefix="bureau-answers-")
    with keep as home:
        settings = load_settings(home=Path(home))
        if not args.no_ncp:
            run_external(settings, args.verbose, args.sentences)
        if args.only_ncp:
            return
        modes = ["extractive"]
        if args.llm_url:
            settings.llm.backend, settings.llm.base_url, settings.llm.model = "openai", args.llm_url, args.llm_model
            modes.append("llm")
        run_set("sample corpus (示范县)", settings, "bench-sample", [SAMPLE],
                load_questions(SAMPLE_QUESTIONS), modes, args.verbose, args.llm_limit)  # fmt: skip
        shared = (load_questions(BENCH / "seed_qa_dev.jsonl") + load_questions(BENCH / "policy_qa_dev.jsonl")
                  + load_questions(SHARED_UNANSWERABLE))  # fmt: skip
        run_set("shared corpus (seed + policy dev)", settings, "bench-shared", [CORPUS], shared, modes, args.verbose,
                args.llm_limit)


if __name__ == "__main__":
    main()
