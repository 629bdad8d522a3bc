"""Evaluation against gold files, and the coder's quality targets on held-out answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import InputFileError
from pipeline.normalise.classify import get_coder, read_csv_rows
from pipeline.normalise.evaluate import evaluate_file, format_evaluation, score
from pipeline.survey.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
SURVEY = ROOT / "survey"
#: Answers written for this project in other voices than the analysts' examples, blind: each
#: file was written without sight of the coder or its term lists and scored once before any
#: tuning on it; the general causes of its misses were fixed afterwards. Their first scores
#: are recorded in docs/coder-evaluation.md. Files 10-38 vary the voice on purpose (terse
#: lists, long prose, sloppy typing, English, speech, traps, realistic exports); the
#: long-answer file 27 is mostly sent to review by design, so the review share is held to the
#: target on the population only.
#: heldout_answers_9.csv met the strict targets when first scored; it is also held to its
#: recorded first score (`test_honest_estimate_is_sane`).
HONEST = ROOT / "tests" / "data" / "heldout_answers_9.csv"
HELDOUT = sorted((ROOT / "tests" / "data").glob("heldout_answers*.csv"))
ANALYST_EXAMPLES = ROOT.parent / "shared" / "coded-examples.csv"


def test_score_by_hand():
    gold = [{"a"}, {"a", "b"}, set(), {"b"}]
    predicted = [{"a"}, {"a"}, {"b"}, {"b"}]
    review = [False, True, False, False]
    s = score(gold, predicted, review, ["a", "b", "c"])
    # a: tp 2; b: tp 1, fp 1, fn 1 -> micro p = 3/4, r = 3/4
    assert s["micro"] == pytest.approx({"precision": 0.75, "recall": 0.75, "f1": 0.75})
    assert s["per_category"]["a"]["f1"] == 1.0
    assert s["per_category"]["b"] == pytest.approx(
        {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2, "predicted": 2}
    )
    assert s["macro_f1"] == pytest.approx(0.75)  # c occurs nowhere: left out
    assert s["exact_match"] == 0.5
    assert s["review_share"] == 0.25
    assert s["not_reviewed"] == 3
    assert s["precision_not_reviewed"] == pytest.approx(2 / 3)


def test_score_with_nothing_unreviewed():
    s = score([{"a"}], [{"a"}], [True], ["a"])
    assert s["precision_not_reviewed"] is None
    assert "not reviewed: -" in format_evaluation({**s, "errors": []})


def test_evaluate_file(tmp_path):
    gold = tmp_path / "gold.csv"
    gold.write_text(
        "id,question,text,categories\n"
        "g1,mobilitet_fritekst,Loftlifte og vasketoiletter,hygiejne;mobilitet\n"
        "g2,mobilitet_fritekst,Ved ikke,\n"
        "g3,prioritet_naeste_aar,Vasketoiletter,hygiejne;medicin\n",
        encoding="utf-8",
    )
    result = evaluate_file(gold, SURVEY)
    assert result["answers"] == 3
    assert result["exact_match"] == pytest.approx(2 / 3)
    assert result["micro"]["precision"] == 1.0
    assert result["micro"]["recall"] == pytest.approx(3 / 4)
    assert result["per_category"]["medicin"]["recall"] == 0.0
    (error,) = result["errors"]
    assert (error["id"], error["gold"], error["predicted"]) == (
        "g3",
        "hygiejne;medicin",
        "hygiejne",
    )
    report = format_evaluation(result)
    assert "micro-F1" in report and "exact match       66.7%" in report
    assert "g3 [NOT REVIEWED] gold: hygiejne;medicin  coded: hygiejne" in report


def test_gold_with_unknown_category(tmp_path):
    gold = tmp_path / "gold.csv"
    gold.write_text("id,question,text,categories\n1,,Loftlifte,mobility\n", encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        evaluate_file(gold, SURVEY)
    assert (info.value.row, info.value.column) == (2, "categories")
    assert "unknown category 'mobility'" in info.value.message


def test_gold_without_categories_column(tmp_path):
    gold = tmp_path / "gold.csv"
    gold.write_text("id,text\n1,Loftlifte\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="missing column 'categories'"):
        evaluate_file(gold, SURVEY)


def _assert_targets(result):
    assert result["micro"]["f1"] >= 0.95, format_evaluation(result)
    assert result["exact_match"] >= 0.85, format_evaluation(result)
    assert result["precision_not_reviewed"] >= 0.98, format_evaluation(result)
    assert result["review_share"] <= 0.25, format_evaluation(result)


def test_targets_on_all_heldout_answers_together():
    """The issue's targets, on all held-out answers as one population (2,000+ answers)."""
    rows = [row for gold in HELDOUT for row in read_csv_rows(gold, ["id", "text", "categories"])]
    coder = get_coder(SURVEY)
    codings = [coder.code(r["text"], r.get("question")) for r in rows]
    result = score(
        [set(filter(None, r["categories"].split(";"))) for r in rows],
        [set(c.categories) for c in codings],
        [c.needs_review for c in codings],
        load_taxonomy(SURVEY).slugs,
    )
    _assert_targets(result)


@pytest.mark.parametrize("gold", HELDOUT, ids=lambda p: p.stem)
def test_no_heldout_file_regresses(gold):
    """Floors per file, below the targets: one voice may be harder than the population (long
    answers are reviewed by design), but a clear drop on any file is a regression."""
    result = evaluate_file(gold, SURVEY)
    assert result["micro"]["f1"] >= 0.92, format_evaluation(result)
    assert result["exact_match"] >= 0.82, format_evaluation(result)
    assert result["precision_not_reviewed"] >= 0.93, format_evaluation(result)


def test_honest_estimate_is_sane():
    """Looser bounds on the untuned set: it scored micro-F1 0.980, exact 96.0%, review
    20.0% and not-reviewed precision 100.0% when first scored; a clear drop means a
    regression, not a target to tune towards."""
    result = evaluate_file(HONEST, SURVEY)
    assert result["micro"]["f1"] >= 0.90, format_evaluation(result)
    assert result["exact_match"] >= 0.80, format_evaluation(result)
    assert result["precision_not_reviewed"] >= 0.85, format_evaluation(result)
    assert result["review_share"] <= 0.40, format_evaluation(result)


@pytest.mark.skipif(not ANALYST_EXAMPLES.is_file(), reason="shared/ not beside the checkout")
def test_targets_on_the_analysts_examples():
    _assert_targets(evaluate_file(ANALYST_EXAMPLES, SURVEY))
