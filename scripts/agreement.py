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
import sys
from pathlib import Path

from pipeline.errors import InputFileError, StatusmaalingError
from pipeline.normalise.classify import classify_texts, read_csv_rows
from pipeline.normalise.evaluate import gold_categories, score, score_summary
from pipeline.survey.taxonomy import load_taxonomy

SURVEY = Path(__file__).resolve().parent.parent / "survey"


def kappa(a: list[bool], b: list[bool]) -> float | None:
    """Cohen's kappa of two yes/no codings; None when both say the same thing throughout
    (or there is nothing to compare)."""
    n = len(a)
    if not n:
        return None
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return None if expected == 1 else (observed - expected) / (1 - expected)


def _line(
    name: str, gold: list[set[str]], coded: list[set[str]], review: list[bool] | None = None
) -> None:
    """One line of scores; without review flags (a person's coding) F1 and exact only."""
    r = score(gold, coded, review or [False] * len(gold), load_taxonomy(SURVEY).slugs)
    print(score_summary(name, r, reviewed=review is not None, width=34))


def read_codings(
    gold_path: Path, second_path: Path, slugs: list[str]
) -> tuple[list[dict[str, str]], list[set[str]], list[set[str]]]:
    """The gold rows, their categories and the second coding of the same ids, in gold order.

    Both files are checked as `statusmaaling evaluate` checks a gold file (known slugs, spaces
    around ";" ignored); the second coding must hold each gold id exactly once and no other.
    """
    rows = read_csv_rows(gold_path, ["id", "text", "categories"], ["question"])
    if not rows:
        raise InputFileError("no answers to compare", file=gold_path)
    second_rows = read_csv_rows(second_path, ["id", "categories"])
    second_sets = gold_categories(second_rows, slugs, second_path)
    second: dict[str, set[str]] = {}
    for n, (row, cats) in enumerate(zip(second_rows, second_sets, strict=True), start=2):
        if row["id"] in second:
            raise InputFileError(
                f"id {row['id']!r} coded twice", file=second_path, row=n, column="id"
            )
        second[row["id"]] = cats
    gold_ids = [r["id"] for r in rows]
    missing = [i for i in gold_ids if i not in second]
    extra = sorted(set(second) - set(gold_ids))
    if missing or extra:
        raise InputFileError(
            f"expected the ids of {gold_path.name}: "
            + (f"{len(missing)} missing (first {missing[0]!r})" if missing else "")
            + ("; " if missing and extra else "")
            + (f"{len(extra)} not in it (first {extra[0]!r})" if extra else ""),
            file=second_path,
        )
    return rows, gold_categories(rows, slugs, gold_path), [second[i] for i in gold_ids]


def main() -> None:
    """Print the agreement of the two codings, then the coder beside each and both."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("second", type=Path)
    args = parser.parse_args()
    slugs = load_taxonomy(SURVEY).slugs
    try:
        rows, a, b = read_codings(args.gold, args.second, slugs)
    except StatusmaalingError as err:
        sys.exit(str(err))
    _line("second coder against gold", a, b)
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
