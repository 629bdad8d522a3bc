"""Composite answers (issue 12, item 1): several statements in one answer, coded by their parts.

The way municipalities answer the prevention and priority questions: a few sentences, each
about something else. A part that alone would be reviewed makes the whole answer reviewed,
whatever the other parts code; a long answer is no longer reviewed for its length alone.
Every case is written for these tests, in the voice of municipal staff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.normalise.classify import get_coder
from pipeline.normalise.text import sentence_texts

SURVEY = Path(__file__).resolve().parent.parent / "survey"


@pytest.fixture(scope="module")
def coder():
    return get_coder(SURVEY)


#: A doubtful part (an unknown offer, a purpose with no technology) is not hidden by a part
#: that codes: the categories the rules found, and the answer reviewed.
DOUBTFUL_PART = [
    (
        "Vi har vasketoiletter på alle plejecentre. Desuden får borgere med diabetes et "
        "livestreamet undervisningsforløb.",
        "hygiejne",
    ),
    (
        "Alle plejecentre har fået loftlifte i år. Fra efteråret kan borgere med KOL følge "
        "et streamet træningshold hjemmefra.",
        "mobilitet",
    ),
    (
        "Vi har vasketoiletter i de fleste plejeboliger. Borgere med KOL får desuden "
        "undervisning i et nyt læringsunivers.",
        "hygiejne",
    ),
    (
        "Vi har loftlifte på alle plejecentre. Borgerne måler blodsukker hjemme og sender "
        "tallene til sygeplejersken.",
        "mobilitet",
    ),
]


@pytest.mark.parametrize(("text", "expected"), DOUBTFUL_PART)
def test_a_doubtful_part_flags_the_whole_answer(coder, text, expected):
    coding = coder.code(text, "prioritet_naeste_aar")
    assert (coding.joined, coding.needs_review) == (expected, True)


#: Training described with the places it happens in is training: a place ("i hjemmeplejen")
#: says where, not what the tablets are for, and "på plejecentrene og i hjemmet" is one item.
TRAINING_WITH_PLACE = [
    (
        "Vi har loftlifte på alle plejecentre. Træning på plejecentrene og i dagcentret "
        "foregår med tablets.",
        "mobilitet;traening",
    ),
    ("Træningen i hjemmet og på plejecentrene sker på tablets med øvelsesvideoer.", "traening"),
    ("Tablets til træning i hjemmeplejen og på plejecentrene", "traening"),
    (
        "Vi har GPS til borgere med demens. Træning på plejecentrene og i hjemmeplejen "
        "foregår med tablets.",
        "traening;tryghed",
    ),
]


@pytest.mark.parametrize(("text", "expected"), TRAINING_WITH_PLACE)
def test_training_described_with_a_place_is_training(coder, text, expected):
    coding = coder.code(text, "prioritet_naeste_aar")
    assert (coding.joined, coding.needs_review) == (expected, False)


#: Home measurements a clinician follows up are telemedicine (coding manual), also when the
#: follow-up is the next sentence; whether the citizen reads them himself too is a judgement.
FOLLOWED_UP = [
    (
        "Borgere med hjertesvigt får en blodtryksmåler med hjem. Egen læge følger op på "
        "målingerne hver uge.",
        "selvmonitorering;skaermbesoeg",
        True,
    ),
    (
        "Borgerne måler selv deres iltmætning derhjemme, og sygeplejersken følger op, når "
        "værdierne falder.",
        "selvmonitorering;skaermbesoeg",
        True,
    ),
    # no clinician: the citizen's own measurements
    (
        "Borgerne bruger skridttællere og følger selv med i deres fremskridt.",
        "selvmonitorering",
        False,
    ),
    # the answer itself says there is no telemedicine
    (
        "Borgerne har blodtryksmålere. Vi har ingen telemedicinsk opfølgning.",
        "selvmonitorering",
        False,
    ),
]


@pytest.mark.parametrize(("text", "expected", "review"), FOLLOWED_UP)
def test_measurements_followed_up_by_a_clinician_are_telemedicine(coder, text, expected, review):
    coding = coder.code(text, "forebyggelse_kol")
    assert (coding.joined, coding.needs_review) == (expected, review)


def test_a_long_answer_without_doubt_is_not_reviewed_for_its_length(coder):
    text = (
        "Vi har loftlifte i alle boliger på plejecentrene, og i hjemmeplejen bruger vi "
        "vasketoiletter hos de borgere, der ønsker det. Derudover har vi indført "
        "robotstøvsugere hos borgere, der selv ønsker det, og det går rigtig godt."
    )
    coding = coder.code(text, "prioritet_naeste_aar")
    assert (coding.joined, coding.needs_review) == ("hygiejne;mobilitet;rengoering", False)


def test_the_evidence_names_the_doubtful_part(coder):
    coding = coder.code(
        "Vi har robotsæler på demensafsnittet. Borgerne måler blodsukker hjemme og sender "
        "tallene videre.",
        "prioritet_naeste_aar",
    )
    assert coding.needs_review
    assert "del 2:" in coding.evidence


def test_a_part_of_prose_raises_no_doubt(coder):
    coding = coder.code(
        "Vi har vasketoiletter på to plejecentre. Vi mangler hænder og skal ombygge badene.",
        "prioritet_naeste_aar",
    )
    assert (coding.joined, coding.needs_review) == ("hygiejne", False)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Loftlifte. Vasketoiletter!", ["Loftlifte.", "Vasketoiletter!"]),
        ("Robotter bl.a. fra Blue Ocean. GPS", ["Robotter bl.a. fra Blue Ocean.", "GPS"]),
        ("Kun én sætning, med komma", ["Kun én sætning, med komma"]),
        ("", []),
    ],
)
def test_sentence_texts_splits_where_the_tokenizer_does(text, parts):
    assert sentence_texts(text) == parts


def test_a_part_naming_only_a_purpose_beside_technologies_is_a_doubt(coder):
    coding = coder.code("Loftlifte. Vasketoiletter. Træning.", "prioritet_naeste_aar")
    assert coding.joined == "hygiejne;mobilitet"
    assert coding.needs_review
    assert "formål uden teknologi: træning" in coding.evidence
    # an answer saying it has no technology is no list of technologies
    assert not coder.code("Holdtræning på centret. Ingen teknologi.").needs_review


def test_frequent_words_of_a_part_that_codes_nothing_are_no_unknown_technology(coder):
    text = "Vi har loftlifte på alle centre. Holdtræning er fortsat det primære tilbud."
    coding = coder.code(text, "mobilitet_fritekst")
    assert coding.joined == "mobilitet"
    assert not coding.needs_review
    # a rare word there may still name one
    text = "Vi har loftlifte på alle centre. Holdtræning foregår med zyntraluxer."
    assert coder.code(text, "mobilitet_fritekst").needs_review
