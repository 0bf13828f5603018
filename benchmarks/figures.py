"""Figures benchmark: how right and how complete the records of ingest/figures.py are on the real seed
documents (../shared/corpus/seeds), which ingestion reads as it does any file.

    python benchmarks/figures.py            # a few seconds: no embedding, no knowledge base

- Precision: a sample of 50 extracted records (those whose keys hash lowest), each checked by hand — indicator, value,
  unit and period right — with the labels kept in benchmarks/questions/figures_precision.jsonl. A
  sampled record without a label (the extraction changed) is listed to be checked and left out.
- Recall: the figures of three seed documents listed by hand (benchmarks/questions/figures_recall.jsonl;
  the third, 000, gives no year at all — its figures are of unknown period, listed with period "");
  a listed figure is found when a record has its value, unit and period and the same indicator (the
  synonym table's name, or one name containing the other).
- Baseline, in the same run: the share of listed figures that a plain scan of numbers with units
  (language.text.figures) sees at all in the document — the most any extraction could find — and the
  ratio of the recall to it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import CORPUS, REPO  # noqa: E402
from ingest.figures import FigureRecord, normalize_indicator  # noqa: E402
from ingest.pipeline import ingest_file  # noqa: E402
from language.text import figures  # noqa: E402

SEEDS = CORPUS / "seeds"
QUESTIONS = REPO / "benchmarks" / "questions"
PRECISION_LABELS = QUESTIONS / "figures_precision.jsonl"
RECALL_LIST = QUESTIONS / "figures_recall.jsonl"
SAMPLE_SIZE = 50


def key(record: dict[str, object] | FigureRecord) -> tuple:
    row = record.as_json() | {"plan": record.plan} if isinstance(record, FigureRecord) else record
    return (row["source"], row["sentence"], row["indicator"], float(row["value"]), row["unit"], row["period"])


def all_records() -> tuple[list[FigureRecord], dict[str, str]]:
    """Every record of the seed documents, and each document's cleaned text (for the baseline)."""
    records, texts = [], {}
    for path in sorted(SEEDS.iterdir()):
        ingested = ingest_file(path)
        records += ingested.figures
        texts[path.name] = "\n".join(b.text for d in ingested.documents for b in d.blocks)
    return records, texts


def sample(records: list[FigureRecord]) -> list[FigureRecord]:
    """The 50 records whose keys hash lowest: a record stays in the sample while the extraction
    changes elsewhere, so the hand labels stay usable."""
    digest = lambda r: hashlib.sha1(json.dumps(key(r), ensure_ascii=False).encode()).hexdigest()  # noqa: E731
    return sorted(records, key=digest)[:SAMPLE_SIZE]


def read_jsonl(path: Path) -> list[dict[str, object]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def same_indicator(listed: str, record: str) -> bool:
    a, b = normalize_indicator(listed), record
    return a == b or a in b or b in a


def found(listed: dict[str, object], records: list[FigureRecord]) -> bool:
    return any(
        r.source == listed["source"] and abs(r.value - float(listed["value"])) < 1e-9 and r.unit == listed["unit"]
        and r.period == listed["period"] and same_indicator(str(listed["indicator"]), r.indicator)
        for r in records
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write-sample", type=Path, help="write the sample (unlabelled) to this file, to label by hand")
    args = parser.parse_args()
    records, texts = all_records()
    chosen = sample(records)
    print(f"seed documents: {len(texts)}, records extracted: {len(records)} "
          f"(plans {sum(r.plan for r in records)}), sample: {len(chosen)}")  # fmt: skip
    if args.write_sample:
        with open(args.write_sample, "w", encoding="utf-8") as out:
            for r in chosen:
                out.write(json.dumps(r.as_json() | {"plan": r.plan, "correct": None, "why": ""}, ensure_ascii=False) + "\n")
        print(f"sample written to {args.write_sample}")
        return

    labels = {key(row): row for row in read_jsonl(PRECISION_LABELS)}
    checked = [(r, labels.get(key(r))) for r in chosen]
    unlabelled = [r for r, label in checked if label is None]
    judged = [(r, label) for r, label in checked if label is not None]
    right = [r for r, label in judged if label["correct"]]
    print(f"\nprecision (hand-checked sample): {len(right)}/{len(judged)} = {len(right) / max(1, len(judged)):.3f}")
    for r, label in judged:
        if not label["correct"]:
            print(f"  miss: {r.indicator} {r.value:g}{r.unit} {r.period} — {label.get('why', '')}\n        「{r.sentence[:80]}」")
    for r in unlabelled:
        print(f"  unlabelled (check by hand): {json.dumps(r.as_json(), ensure_ascii=False)}")

    listed = read_jsonl(RECALL_LIST)
    by_source: dict[str, list[dict[str, object]]] = {}
    for row in listed:
        by_source.setdefault(str(row["source"]), []).append(row)
    print("\nrecall (figures listed by hand) | baseline: listed figures a plain number+unit scan sees | ratio")
    for source, rows in by_source.items():
        hits = [row for row in rows if found(row, records)]
        scanned = set(figures(texts.get(source, "")))
        visible = [row for row in rows if any(f"{float(row['value']):g}" in f and str(row["unit"]) in f for f in scanned)]
        recall, ceiling = len(hits) / len(rows), len(visible) / len(rows)
        print(f"  {source}: {len(hits)}/{len(rows)} = {recall:.3f} | {ceiling:.3f} | {recall / max(ceiling, 1e-9):.2f}")
        for row in rows:
            if row not in hits:
                print(f"    not found: {row['indicator']} {row['value']}{row['unit']} {row['period']}")
    total = sum(len(rows) for rows in by_source.values())
    hit_total = sum(1 for row in listed if found(row, records))
    print(f"  overall: {hit_total}/{total} = {hit_total / max(1, total):.3f}")


if __name__ == "__main__":
    main()
