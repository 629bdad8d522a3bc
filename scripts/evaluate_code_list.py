"""Score the code-list coder (e.g. benefits) on a gold CSV: `id,text,categories[,...]`.

    python scripts/evaluate_code_list.py docs/evaluation/benefits_real.csv [--list benefits]

Prints micro-F1, exact match, the share sent to review and the share right among the answers
not sent to review, as `statusmaaling evaluate` does for the taxonomy; `--misses` lists the
rows coded wrongly. A gold category not on the list is an error in the gold file.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from pipeline.normalise.codelist import list_coder
from pipeline.survey import load_survey

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--list", default="benefits")
    parser.add_argument("--survey", type=Path, default=ROOT / "survey")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    survey = load_survey(args.survey)
    code_list = survey.code_lists[args.list]
    coder = list_coder(code_list, survey.taxonomy)
    with args.gold.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    tp = fp = fn = exact = review = kept = kept_right = 0
    misses = []
    for row in rows:
        gold = {c for c in row["categories"].split(";") if c}
        unknown = gold - set(code_list.slugs)
        if unknown:
            raise SystemExit(f"{args.gold}: row {row['id']}: not on the list: {sorted(unknown)}")
        coding = coder.code(row["text"])
        got = set(coding.categories)
        tp += len(got & gold)
        fp += len(got - gold)
        fn += len(gold - got)
        exact += got == gold
        review += coding.needs_review
        if not coding.needs_review:
            kept += 1
            kept_right += got == gold
        if got != gold:
            misses.append((row["id"], sorted(gold), sorted(got), coding.needs_review, row["text"]))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    n = len(rows)
    print(f"{args.gold.name}: {n} texts")
    print(f"micro-F1 {f1:.3f} (precision {precision:.3f}, recall {recall:.3f})")
    print(f"exact {exact / n:.1%}; to review {review / n:.1%}")
    if kept:
        print(f"right among not reviewed {kept_right / kept:.1%} ({kept_right} of {kept})")
    if args.misses:
        for ident, gold, got, flagged, text in misses:
            mark = "review" if flagged else "SURE  "
            print(f"{ident} {mark} gold={gold} got={got} :: {text[:160]}")


if __name__ == "__main__":
    main()
