"""How far apart are two people coding the same answers, and where does the coder stand?

Usage: python scripts/agreement.py GOLD.csv SECOND.csv

GOLD.csv is a gold file (`id,question,text,categories`); SECOND.csv holds a second person's
blind coding of the same ids (`id,categories`). A target for the coder means little above the
agreement of two careful people reading the same manual: this prints that agreement (micro-F1,
exact share, Cohen's kappa per category) beside the coder's scores against each of the two
codings and against the answers the two agree on. Aggregates only, never a text, so a blind
set stays blind.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from pipeline.normalise.classify import classify_texts
from pipeline.normalise.evaluate import score
from pipeline.survey.taxonomy import load_taxonomy

SURVEY = Path(__file__).resolve().parent.parent / "survey"


def _codes(value: str) -> set[str]:
    return {c for c in value.split(";") if c}


def kappa(a: list[bool], b: list[bool]) -> float | None:
    """Cohen's kappa of two yes/no codings; None when both say the same thing throughout."""
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return None if expected == 1 else (observed - expected) / (1 - expected)


def _line(
    name: str, gold: list[set[str]], coded: list[set[str]], review: list[bool] | None = None
) -> None:
    """One line of scores; without review flags (a person's coding) F1 and exact only."""
    slugs = load_taxonomy(SURVEY).slugs
    r = score(gold, coded, review or [False] * len(gold), slugs)
    f1, exact = r["micro"]["f1"], r["exact_match"]
    line = f"{name:<34} {r['answers']:>4}  micro-F1 {f1:.3f}  exact {exact:.1%}"
    if review is not None:
        right = r["precision_not_reviewed"]
        line += f"  review {r['review_share']:.1%}  right among not reviewed " + (
            f"{right:.1%}" if right is not None else "-"
        )
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("second", type=Path)
    args = parser.parse_args()
    with args.gold.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    with args.second.open(encoding="utf-8-sig", newline="") as f:
        second = {r["id"]: _codes(r["categories"]) for r in csv.DictReader(f)}
    missing = [r["id"] for r in rows if r["id"] not in second]
    if missing:
        sys.exit(
            f"{args.second}: no coding for {len(missing)} ids of {args.gold} (first: {missing[0]})"
        )
    a = [_codes(r["categories"]) for r in rows]
    b = [second[r["id"]] for r in rows]
    _line("second coder against gold", a, b)
    slugs = load_taxonomy(SURVEY).slugs
    kappas = {s: kappa([s in x for x in a], [s in y for y in b]) for s in slugs}
    shown = ", ".join(f"{s} {k:.2f}" for s, k in sorted(kappas.items()) if k is not None)
    print(f"{'kappa per category':<34} {shown}")
    codings = classify_texts(
        [r["text"] for r in rows], [r.get("question") or None for r in rows], SURVEY
    )
    coded = [set(c.categories) for c in codings]
    review = [c.needs_review for c in codings]
    _line("coder against gold", a, coded, review)
    _line("coder against second coder", b, coded, review)
    agreed = [i for i in range(len(rows)) if a[i] == b[i]]
    _line(
        "coder where the two agree",
        [a[i] for i in agreed],
        [coded[i] for i in agreed],
        [review[i] for i in agreed],
    )


if __name__ == "__main__":
    main()
