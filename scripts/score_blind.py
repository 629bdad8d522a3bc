"""Score the coder once on a blind gold file, printing aggregates only (never a text).

Usage: python scripts/score_blind.py GOLD.csv [--exclude-sources CSV]

For a set that has to stay unread until it is scored: the overall line, the short texts
(15 words or fewer), the multi-sentence ones (two sentences or more, or 25 words or more, as
`score_sets.py` counts them), and, with `--exclude-sources`, the texts whose `source_url` is
not among the pages a term list was harvested from (`docs/evaluation/vocabulary_sources.csv`),
so a term found on the very page of a text cannot flatter the score.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from pipeline.normalise.classify import classify_texts
from pipeline.normalise.evaluate import score
from pipeline.normalise.text import tokenize
from pipeline.survey.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
SURVEY = ROOT / "survey"
SHORT_WORDS = 15
MULTI_WORDS = 25


def _line(name: str, rows: list[dict[str, str]]) -> None:
    if not rows:
        print(f"{name:<34} none")
        return
    slugs = load_taxonomy(SURVEY).slugs
    codings = classify_texts(
        [r["text"] for r in rows], [r.get("question") or None for r in rows], SURVEY
    )
    gold = [{c for c in r["categories"].split(";") if c} for r in rows]
    result = score(
        gold, [set(c.categories) for c in codings], [c.needs_review for c in codings], slugs
    )
    print(
        f"{name:<34} {result['answers']:>4}  micro-F1 {result['micro']['f1']:.3f}  "
        f"exact {result['exact_match']:.1%}  review {result['review_share']:.1%}  "
        f"right among not reviewed {result['precision_not_reviewed']:.1%} "
        f"({result['not_reviewed']})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--exclude-sources", type=Path)
    args = parser.parse_args()
    with args.gold.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    _line("all", rows)
    _line(
        f"short ({SHORT_WORDS} words or fewer)",
        [r for r in rows if len(r["text"].split()) <= SHORT_WORDS],
    )
    _line(
        "multi-sentence",
        [
            r
            for r in rows
            if tokenize(r["text"]).sentence[-1:] > (0,) or len(r["text"].split()) >= MULTI_WORDS
        ],
    )
    if args.exclude_sources:
        with args.exclude_sources.open(encoding="utf-8", newline="") as f:
            harvested = {r["source_url"].rstrip("/") for r in csv.DictReader(f)}
        kept = [r for r in rows if r.get("source_url", "").rstrip("/") not in harvested]
        _line("pages no term was harvested from", kept)


if __name__ == "__main__":
    main()
