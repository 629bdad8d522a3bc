"""How good is the coder? Scores against a gold file coded by analysts.

The gold file has the coding manual's format: `id,question,text,categories`. Measures:
micro- and macro-F1 over categories, the exact-match rate (whole category set right), per
category precision/recall/support, the share sent to review and the precision of the answers
*not* sent to review (the share of them whose category set is exactly right), which is what
the published figures rest on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.errors import InputFileError
from pipeline.normalise.classify import classify_texts, read_csv_rows
from pipeline.survey.taxonomy import load_taxonomy


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(
    gold: list[set[str]], predicted: list[set[str]], review: list[bool], slugs: list[str]
) -> dict[str, Any]:
    """Scores for parallel lists of gold sets, predicted sets and review flags."""
    per: dict[str, dict[str, float]] = {}
    tp_all = fp_all = fn_all = 0
    for slug in slugs:
        tp = sum(slug in g and slug in p for g, p in zip(gold, predicted, strict=True))
        fp = sum(slug not in g and slug in p for g, p in zip(gold, predicted, strict=True))
        fn = sum(slug in g and slug not in p for g, p in zip(gold, predicted, strict=True))
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        per[slug] = {
            "precision": precision,
            "recall": recall,
            "f1": _f1(precision, recall),
            "support": tp + fn,
            "predicted": tp + fp,
        }
    micro_p, micro_r = _ratio(tp_all, tp_all + fp_all), _ratio(tp_all, tp_all + fn_all)
    # macro over the categories that occur in the gold file or the predictions
    present = [m["f1"] for m in per.values() if m["support"] or m["predicted"]]
    exact = [g == p for g, p in zip(gold, predicted, strict=True)]
    kept = [e for e, r in zip(exact, review, strict=True) if not r]
    n = len(gold)
    return {
        "answers": n,
        "micro": {"precision": micro_p, "recall": micro_r, "f1": _f1(micro_p, micro_r)},
        "macro_f1": _ratio(sum(present), len(present)),
        "exact_match": _ratio(sum(exact), n),
        "review_share": _ratio(sum(review), n),
        "not_reviewed": len(kept),
        "precision_not_reviewed": _ratio(sum(kept), len(kept)) if kept else None,
        "per_category": per,
    }


def gold_categories(
    rows: list[dict[str, str]], slugs: list[str], path: str | Path
) -> list[set[str]]:
    """Each row's `categories` as a set of slugs; a slug the taxonomy lacks is an
    `InputFileError` naming the row, so a typo never counts as a disagreement."""
    gold: list[set[str]] = []
    for n, row in enumerate(rows, start=2):
        cats = {c.strip() for c in row["categories"].split(";") if c.strip()}
        unknown = sorted(cats - set(slugs))
        if unknown:
            raise InputFileError(
                f"unknown category {', '.join(map(repr, unknown))}",
                file=path,
                row=n,
                column="categories",
            )
        gold.append(cats)
    return gold


def evaluate_file(gold_csv: str | Path, survey_dir: str | Path) -> dict[str, Any]:
    """Code the gold file's texts and score them against its categories (see module doc)."""
    slugs = load_taxonomy(survey_dir).slugs
    rows = read_csv_rows(gold_csv, ["id", "text", "categories"], ["question"])
    gold = gold_categories(rows, slugs, gold_csv)
    codings = classify_texts(
        [r["text"] for r in rows], [r.get("question") or None for r in rows], survey_dir
    )
    predicted = [set(c.categories) for c in codings]
    result = score(gold, predicted, [c.needs_review for c in codings], slugs)
    result["file"] = str(gold_csv)
    result["errors"] = [
        {
            "id": row["id"],
            "question": row.get("question", ""),
            "text": row["text"],
            "gold": ";".join(sorted(g)),
            "predicted": c.joined,
            "needs_review": c.needs_review,
            "evidence": c.evidence,
        }
        for row, g, c in zip(rows, gold, codings, strict=True)
        if g != set(c.categories)
    ]
    return result


def score_summary(
    name: str, result: dict[str, Any], *, reviewed: bool = True, width: int = 28
) -> str:
    """`score`'s result on one line, for the scoring scripts to print alike. Without
    `reviewed` (a person's coding, or a model that flags nothing) F1 and exact only."""
    line = (
        f"{name:<{width}} {result['answers']:>5}  micro-F1 {result['micro']['f1']:.3f}  "
        f"exact {result['exact_match']:.1%}"
    )
    if reviewed:
        right = result["precision_not_reviewed"]
        line += f"  review {result['review_share']:.1%}  right among not reviewed " + (
            f"{right:.1%} ({result['not_reviewed']})" if right is not None else "-"
        )
    return line


def format_evaluation(result: dict[str, Any]) -> str:
    """A plain-text report of `evaluate_file`'s result, for the terminal."""
    pct = "{:.1%}".format
    p_nr = result["precision_not_reviewed"]
    lines = [
        f"Evaluation of {result.get('file', 'gold file')}: {result['answers']} answers",
        f"  micro-F1          {result['micro']['f1']:.3f}  "
        f"(precision {result['micro']['precision']:.3f}, recall {result['micro']['recall']:.3f})",
        f"  macro-F1          {result['macro_f1']:.3f}",
        f"  exact match       {pct(result['exact_match'])}",
        f"  sent to review    {pct(result['review_share'])}",
        f"  precision of the {result['not_reviewed']} not reviewed: "
        + (pct(p_nr) if p_nr is not None else "-"),
        "",
        f"  {'category':<20} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}",
    ]
    for slug, m in result["per_category"].items():
        lines.append(
            f"  {slug:<20} {m['precision']:>9.2f} {m['recall']:>7.2f} {m['f1']:>6.2f} "
            f"{m['support']:>8}"
        )
    errors = result.get("errors", [])
    lines += ["", f"Errors ({len(errors)}):"]
    for e in errors:
        flag = "review" if e["needs_review"] else "NOT REVIEWED"
        lines.append(
            f"  {e['id']} [{flag}] gold: {e['gold'] or '-'}  coded: {e['predicted'] or '-'}\n"
            f"      {e['text'][:120]!r}\n      {e['evidence']}"
        )
    return "\n".join(lines)
