"""scripts/agreement.py: the agreement of two codings, and the coder beside both."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def agreement():
    spec = importlib.util.spec_from_file_location("agreement", ROOT / "scripts" / "agreement.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_kappa_is_one_for_the_same_coding_and_zero_for_chance(agreement):
    a = [True, False, True, False, True, False]
    assert agreement.kappa(a, a) == pytest.approx(1.0)
    # the second coder says yes to half, independently of the first: agreement by chance only
    assert agreement.kappa([True, True, False, False], [True, False, True, False]) == 0
    assert agreement.kappa(a, [not x for x in a]) < 0


def test_kappa_is_undefined_when_both_never_use_a_category(agreement):
    assert agreement.kappa([False] * 5, [False] * 5) is None


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    return path


def test_prints_the_second_coders_agreement_and_the_coders_scores(
    agreement, tmp_path, capsys, monkeypatch
):
    gold = _write(
        tmp_path / "gold.csv",
        ["id", "question", "text", "categories"],
        [
            [
                "1",
                "prioritet_naeste_aar",
                "Vi udruller loftlifte på alle plejecentre.",
                "mobilitet",
            ],
            ["2", "prioritet_naeste_aar", "Skærmbesøg i hjemmeplejen.", "skaermbesoeg"],
            ["3", "prioritet_naeste_aar", "Ingen nye projekter næste år.", ""],
        ],
    )
    # the second coder differs on answer 2 only: one category each that the other lacks
    second = _write(
        tmp_path / "second.csv",
        ["id", "categories"],
        [["1", "mobilitet"], ["2", "sociale"], ["3", ""]],
    )
    monkeypatch.setattr(sys, "argv", ["agreement.py", str(gold), str(second)])
    agreement.main()
    out = capsys.readouterr().out.splitlines()
    first = next(line for line in out if line.startswith("second coder against gold"))
    assert "micro-F1 0.500" in first  # tp 1 (loftlifte), fp 1, fn 1 (answer 2)
    assert "exact 66.7%" in first
    assert "review" not in first  # a person's coding has no review flags
    assert any(line.startswith("coder where the two agree") and " 2 " in line for line in out)


GOLD_ROWS = [["1", "", "Vasketoiletter.", "hygiejne"], ["2", "", "GPS til borgere.", "tryghed"]]


@pytest.mark.parametrize(
    ("second_rows", "message"),
    [
        ([["1", "hygiejne"]], "1 missing (first '2')"),
        ([["1", "hygiejne"], ["2", "tryghed"], ["3", ""]], "1 not in it (first '3')"),
        ([["1", "hygiejne"], ["1", "tryghed"], ["2", "tryghed"]], "row 3"),
        ([["1", "hygiejne"], ["2", "tryhed"]], "unknown category 'tryhed'"),
    ],
    ids=["missing id", "extra id", "id twice", "misspelt slug"],
)
def test_a_second_coding_that_does_not_fit_is_refused_in_one_line(
    agreement, tmp_path, monkeypatch, second_rows, message
):
    gold = _write(tmp_path / "gold.csv", ["id", "question", "text", "categories"], GOLD_ROWS)
    second = _write(tmp_path / "second.csv", ["id", "categories"], second_rows)
    monkeypatch.setattr(sys, "argv", ["agreement.py", str(gold), str(second)])
    with pytest.raises(SystemExit) as exit_:
        agreement.main()
    assert message in str(exit_.value)
    assert "second.csv" in str(exit_.value)
    assert "\n" not in str(exit_.value)


def test_spaces_around_the_separator_are_no_disagreement(agreement, tmp_path):
    gold = _write(tmp_path / "gold.csv", ["id", "question", "text", "categories"], GOLD_ROWS)
    second = _write(
        tmp_path / "second.csv", ["id", "categories"], [["1", " hygiejne "], ["2", "tryghed; "]]
    )
    slugs = agreement.load_taxonomy(agreement.SURVEY).slugs
    _, a, b = agreement.read_codings(gold, second, slugs)
    assert a == b == [{"hygiejne"}, {"tryghed"}]
