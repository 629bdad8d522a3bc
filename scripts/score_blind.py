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

from score_sets import score_line  # scripts/ is on the path when a script is run

from pipeline.normalise.text import tokenize

SHORT_WORDS = 15
MULTI_WORDS = 25


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--exclude-sources", type=Path)
    args = parser.parse_args()
    with args.gold.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    score_line("all", rows)
    score_line(
        f"short ({SHORT_WORDS} words or fewer)",
        [r for r in rows if len(r["text"].split()) <= SHORT_WORDS],
    )
    score_line(
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
        score_line("pages no term was harvested from", kept)


if __name__ == "__main__":
    main()
