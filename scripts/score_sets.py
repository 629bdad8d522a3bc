"""Score the coder on the held-out regression files (pooled), their multi-sentence answers,
and the development part of the real texts: the before/after table of
`docs/coder-evaluation.md`.

Usage: python scripts/score_sets.py [--errors dev]

"Multi-sentence" is a held-out answer with at least two sentences or 25 words. The held-out
part of the real texts is never read here: it is scored once, with `statusmaaling evaluate`.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from pipeline.normalise.classify import classify_texts
from pipeline.normalise.evaluate import score, score_summary
from pipeline.normalise.text import tokenize
from pipeline.survey.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
SURVEY = ROOT / "survey"
HELDOUT = sorted((ROOT / "tests" / "data").glob("heldout_answers*.csv"))
DEV = ROOT / "docs" / "evaluation" / "real_texts_dev.csv"
MULTI_WORDS = 25


def _rows(paths: list[Path]) -> list[dict[str, str]]:
    rows = []
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows += list(csv.DictReader(f))
    return rows


def score_line(name: str, rows: list[dict[str, str]], show_errors: bool = False) -> None:
    """Print one line of scores for `rows` (gold rows: id, question, text, categories)."""
    if not rows:
        print(f"{name:<28} none")
        return
    slugs = load_taxonomy(SURVEY).slugs
    codings = classify_texts(
        [r["text"] for r in rows], [r.get("question") or None for r in rows], SURVEY
    )
    gold = [{c for c in r["categories"].split(";") if c} for r in rows]
    result = score(
        gold, [set(c.categories) for c in codings], [c.needs_review for c in codings], slugs
    )
    print(score_summary(name, result))
    if show_errors:
        for r, g, c in zip(rows, gold, codings, strict=True):
            if g != set(c.categories) or c.needs_review:
                mark = "MISS" if g != set(c.categories) else "rev "
                flag = "R" if c.needs_review else "-"
                print(
                    f"{mark} {flag} {r['id']} gold={';'.join(sorted(g)) or '-'} "
                    f"coded={c.joined or '-'}\n     {r['text']}\n     {c.evidence}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=["dev"], help="list the dev set's misses and reviews")
    args = parser.parse_args()
    heldout = _rows(HELDOUT)
    multi = [
        r
        for r in heldout
        if tokenize(r["text"]).sentence[-1:] > (0,) or len(r["text"].split()) >= MULTI_WORDS
    ]
    score_line("held-out files", heldout)
    score_line("multi-sentence held-out", multi)
    score_line("real texts, development", _rows([DEV]), show_errors=args.errors == "dev")


if __name__ == "__main__":
    main()
