"""Would the learned model (`pipeline.normalise.model`) help on writing it has not seen?

Usage: python scripts/evaluate_learned.py

The model learns from analysts' decisions; here every coded set we have stands in for them.
Each evaluation set in turn is left out, the model is trained on all the others (regression
files and evaluation sets alike, as `train_model` would be on a decisions file) and scored on
the one left out, three ways: the model alone (categories at p >= 0.5), the rules alone, and the
rules with the model's second opinion (`second_opinion`: what the pipeline does once 200
decisions exist). A fourth line asks how good the doubts could get at the issue's review budget
(`BUDGETS`): answers are ranked by the rules' doubt and the model's agreement with the rules'
coding, the least sure 35 % (20 %) of them are reviewed, and the share right among the rest is
printed: what a review rule ranking answers by these two signals would give.

Writers differ between sets, so this is what the model would do on next year's answers, not
on more answers from the same hand. Some real-text sets share pages (the held-out part and the
fresh set were drawn partly from the same sources as the development part): a training
answer with the same text, or from the same page, as one left out is dropped, and the number
dropped is printed. The "rules" lines are the rules as they stand, tuned on some of these
sets (see docs/coder-evaluation.md); only the model's lines are out-of-sample everywhere.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

from pipeline.normalise.classify import get_coder
from pipeline.normalise.coder import Coding
from pipeline.normalise.evaluate import score, score_summary
from pipeline.normalise.model import second_opinion, train_model
from pipeline.normalise.text import canonical_text
from pipeline.survey.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
SURVEY = ROOT / "survey"
#: Sets written by one hand each and scored blind once (see docs/coder-evaluation.md).
LEFT_OUT = [
    "docs/evaluation/real_texts_holdout.csv",
    "docs/evaluation/real_texts_fresh.csv",
    "docs/evaluation/real_texts_3.csv",
    "docs/evaluation/real_texts_4.csv",
    "docs/evaluation/composite_answers_2.csv",
    "tests/data/heldout_answers_40.csv",
    "docs/evaluation/real_texts_5.csv",
    "docs/evaluation/composite_answers_4.csv",
    "docs/evaluation/real_texts_6.csv",
    "docs/evaluation/composite_answers_5.csv",
]
#: The issue's ceilings on the share of answers sent to review: real writing, composite answers.
BUDGETS = (0.35, 0.20)
TRAINING = sorted(
    {str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "data").glob("heldout_answers*.csv")}
    | {str(p.relative_to(ROOT)) for p in (ROOT / "docs" / "evaluation").glob("real_texts_*.csv")}
    | {str(p.relative_to(ROOT)) for p in (ROOT / "docs" / "evaluation").glob("composite_*.csv")}
)


def _rows(path: str) -> list[dict[str, str]]:
    with (ROOT / path).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _codes(value: str) -> tuple[str, ...]:
    return tuple(sorted(c for c in value.split(";") if c))


def _line(
    name: str, gold: list[set[str]], coded: list[set[str]], review: list[bool] | None = None
) -> None:
    r = score(gold, coded, review or [False] * len(gold), load_taxonomy(SURVEY).slugs)
    print(score_summary(f"  {name}", r, reviewed=review is not None, width=24))


def ranked_right(
    codings: list[Coding], probs: list[dict[str, float]], gold: list[set[str]], budget: float
) -> float:
    """Share right among the answers kept when the least sure `budget` go to review.

    Sureness is the model's log-probability of the rules' whole coding, less one for a
    doubt of the rules' own."""
    sure = []
    for coding, p, g in zip(codings, probs, gold, strict=True):
        agree = sum(math.log(max(1e-6, p[s] if s in coding.categories else 1 - p[s])) for s in p)
        sure.append((agree - coding.needs_review, set(coding.categories) == g))
    kept = sorted(sure, key=lambda t: -t[0])[: round(len(sure) * (1 - budget))]
    return sum(right for _, right in kept) / len(kept)


def training_rows(
    sets: dict[str, list[dict[str, str]]], left_out: str
) -> tuple[list[dict[str, str]], int]:
    """Every other set's rows, less those sharing a text or a source page with `left_out`."""
    test = sets[left_out]
    texts = {canonical_text(r["text"]) for r in test}
    pages = {r["source_url"].rstrip("/") for r in test if r.get("source_url")}
    others = [r for path, rows in sets.items() if path != left_out for r in rows]
    kept = [
        r
        for r in others
        if canonical_text(r["text"]) not in texts
        and (r.get("source_url") or "").rstrip("/") not in pages
    ]
    return kept, len(others) - len(kept)


def main() -> None:
    """Leave each set out in turn and print the four lines for it."""
    sets = {path: _rows(path) for path in TRAINING}
    coder = get_coder(SURVEY)
    for left_out in LEFT_OUT:
        train, dropped = training_rows(sets, left_out)
        test = sets[left_out]
        model = train_model([r["text"] for r in train], [_codes(r["categories"]) for r in train])
        if model is None:
            print(f"{left_out}: too few examples to train")
            continue
        texts = [r["text"] for r in test]
        gold = [set(_codes(r["categories"])) for r in test]
        rules = [coder.code(r["text"], r.get("question") or None) for r in test]
        probs = model.probabilities(texts)
        alone = [{s for s, p in ps.items() if p >= 0.5} for ps in probs]
        both = second_opinion(model, texts, rules)
        print(
            f"{left_out} ({len(test)} answers; trained on {len(train)}, "
            f"{dropped} dropped as the same text or page)"
        )
        _line("model alone", gold, alone)
        _line("rules", gold, [set(c.categories) for c in rules], [c.needs_review for c in rules])
        _line(
            "rules + second opinion",
            gold,
            [set(c.categories) for c in both],
            [c.needs_review for c in both],
        )
        shares = ", ".join(
            f"{ranked_right(rules, probs, gold, b):.1%} with {b:.0%} reviewed" for b in BUDGETS
        )
        print(f"  {'ranked doubts':<22} right among not reviewed: {shares}")


if __name__ == "__main__":
    main()
