"""Safe reuse of analysts' decisions (issue 12, item 2).

A near-identical text takes an earlier decision only when the coder reads it the same way
as the decided text; a negated rewording or an appended technology goes to review with the
decision as the suggestion and the difference in the evidence.
"""

from __future__ import annotations

import pytest

from pipeline.normalise.decisions import Decision, append_decisions, decisions_path
from pipeline.normalise.stage import normalize_year
from pipeline.normalise.text import text_hash
from tests.test_review import _responses

DECIDED = "Vi har loftlifte og vasketoiletter i alle plejeboligerne i kommunen"


@pytest.fixture
def decided(project):
    # the analyst decided more than the coder found: a training category on top
    cats = ("hygiejne", "mobilitet", "traening")
    append_decisions(
        decisions_path(project.survey),
        [
            Decision(
                2018,
                "2018-101-mobility_technologies",
                text_hash(DECIDED),
                DECIDED,
                cats,
                "AB",
                "2025-01-01",
            )
        ],
    )
    return project


def _coded(project, text: str):
    _responses(project, 2019, [("147", "mobility_technologies", "", text)])
    return normalize_year(project, 2019).iloc[0]


@pytest.mark.parametrize(
    "text",
    [
        DECIDED,
        "Vi har loftlifte, og vasketoiletter i alle plejeboligerne i kommunen!",  # punctuation
        "Vi har nu loftlifte og vasketoiletter i alle plejeboligerne i kommunen",  # filler word
    ],
)
def test_harmless_rewording_reuses_the_decision(decided, text):
    row = _coded(decided, text)
    assert (row["categories"], row["source"], bool(row["needs_review"])) == (
        "hygiejne;mobilitet;traening",
        "analyst",
        False,
    )
    assert ("næsten samme tekst" in row["evidence"]) == (text != DECIDED)


def test_negated_rewording_goes_to_review_with_the_decision_as_suggestion(decided):
    row = _coded(
        decided, "Vi har ikke loftlifte og vasketoiletter i alle plejeboligerne i kommunen"
    )
    assert (row["categories"], row["source"], bool(row["needs_review"])) == ("", "rule", True)
    why = row["evidence"].split(" | ", 1)[1]
    assert "tidligere afgørelse for næsten samme tekst (2018-101-mobility_technologies" in why
    assert "Hygiejneteknologi, Mobilitetsteknologi, Træningsteknologi" in why  # the suggestion
    assert "ikke længere Hygiejneteknologi, Mobilitetsteknologi" in why
    assert "nu negeret: loftlifte, vasketoiletter" in why
    assert not bool(row["non_answer"])


def test_appended_technology_goes_to_review_with_the_difference(decided):
    row = _coded(decided, DECIDED + " og GPS")
    assert (row["categories"], row["source"], bool(row["needs_review"])) == (
        "hygiejne;mobilitet;tryghed",
        "rule",
        True,
    )
    assert "nu også Tryghedsskabende teknologi" in row["evidence"]
    assert "Træningsteknologi" in row["evidence"]  # the decision, shown as suggestion


def test_a_decision_for_a_negated_text_is_not_reused_for_the_positive_one(project):
    negated = "Vi har ikke loftlifte og vasketoiletter i alle plejeboligerne i kommunen"
    append_decisions(
        decisions_path(project.survey),
        [
            Decision(
                2018,
                "2018-101-mobility_technologies",
                text_hash(negated),
                negated,
                (),
                "AB",
                "2025-01-01",
            )
        ],
    )
    row = _coded(project, DECIDED)
    assert (row["categories"], bool(row["needs_review"])) == ("hygiejne;mobilitet", True)
    assert "ikke længere negeret: loftlifte, vasketoiletter" in row["evidence"]


def test_a_decision_holds_for_its_own_question_only(decided):
    """The same words under another question are coded afresh: "Se ovenfor" or a short list
    means something else there."""
    _responses(decided, 2019, [("147", "priority_next_year", "", DECIDED)])
    coded = normalize_year(decided, 2019).set_index("answer_id")
    row = coded.loc["2019-147-priority_next_year"]
    assert row["source"] != "analyst" and "traening" not in row["categories"]
