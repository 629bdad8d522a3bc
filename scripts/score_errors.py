"""List a development gold file's confident errors, other misses and reviews with evidence.

Usage: python scripts/score_errors.py GOLD.csv [--only confident|misses|reviews]

For files that are development material (never a blind set still to be scored): each row
coded wrong and not reviewed ("CONF"), coded wrong and reviewed ("MISS"), or right and
reviewed ("rev"), with the coder's evidence, so causes can be read and grouped.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from pipeline.normalise.classify import classify_texts

ROOT = Path(__file__).resolve().parent.parent
SURVEY = ROOT / "survey"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--only", choices=["confident", "misses", "reviews"])
    args = parser.parse_args()
    with args.gold.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    codings = classify_texts(
        [r["text"] for r in rows], [r.get("question") or None for r in rows], SURVEY
    )
    for r, c in zip(rows, codings, strict=True):
        gold = {x for x in r["categories"].split(";") if x}
        wrong = gold != set(c.categories)
        if wrong and not c.needs_review:
            mark = "confident"
        elif wrong:
            mark = "misses"
        elif c.needs_review:
            mark = "reviews"
        else:
            continue
        if args.only and mark != args.only:
            continue
        print(
            f"{mark[:4].upper()} {r['id']} [{r.get('question', '')}] "
            f"gold={';'.join(sorted(gold)) or '-'} coded={c.joined or '-'}\n"
            f"     {r['text']}\n     {c.evidence}"
        )


if __name__ == "__main__":
    main()
