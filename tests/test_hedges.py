"""Hedges and stray negation words: reviewed only where they qualify what is coded
(`pipeline/normalise/hedges.py`, term set `coder.yaml` `hedges` and `past_hedges`).

Every case is written for these tests (none is taken from the analysts' examples or the
evaluation sets), in the voice of municipal staff answering the priority question.
"""

from __future__ import annotations

import pytest

from tests.coding import code

PRIORITIES = "prioritet_naeste_aar"


#: A hedge in a sentence that names no technology, purpose or negation and points back to
#: none: a plan in a priorities answer is what the question asks for.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Vi udruller skærmbesøg i hjemmeplejen. Vi overvejer desuden at ansætte flere "
            "hjælpere til aftenvagten.",
            "skaermbesoeg",
        ),
        (
            "Loftlifte i alle nye plejeboliger. Kommunens endelige prioritering afventer "
            "budgetforhandlingerne i oktober.",
            "mobilitet",
        ),
        (
            "Vi har haft gode år med rekruttering, og tidligere var sygefraværet højt. I dag "
            "bruger vi vasketoiletter i de fleste boliger.",
            "hygiejne",
        ),
    ],
)
def test_a_hedge_that_qualifies_nothing_coded_is_no_doubt(coder, text, expected):
    coding = code(coder, text, PRIORITIES)
    assert coding.joined == expected
    assert not coding.needs_review, coding.evidence


#: A hedge beside a technology, one that points back ("dem"), a short fragment leaning on
#: the sentence before, and a hedge in the same sentence as a stop it may qualify stay
#: doubts.
@pytest.mark.parametrize(
    "text",
    [
        "Vasketoiletter er i drift. Vi overvejer også sensorgulve.",
        "Vasketoiletter er i drift på to plejecentre. Dem overvejer vi at udvide med.",
        "Sensorgulve på demensafsnittet. Måske næste år.",
        "Loftlifte overalt. Vi overvejer at stoppe med sensorgulve.",
        "Loftlifte overalt. Sensorgulvene er sat på pause.",
        "Loftlifte. Tidligere havde vi sensorgulve på alle afsnit.",
    ],
)
def test_a_hedge_that_may_qualify_a_coding_is_reviewed(coder, text):
    assert code(coder, text, PRIORITIES).needs_review


#: A past hedge in a sentence whose technology is negated says the same as the negation; a
#: hedge that ended in a decision ("undersøgt, men fravalgt", "sat på pause og genoptages
#: ikke") is settled.
@pytest.mark.parametrize(
    "text",
    [
        "Loftlifte overalt. Vi havde sensorgulve på ét afsnit, men de er taget ud igen.",
        "Loftlifte overalt. Et tidligere forsøg med sensorgulve blev opgivet.",
        "Loftlifte overalt. Sensorgulve er undersøgt, men fravalgt pga. prisen.",
        "Loftlifte overalt. Sensorgulvene er sat på pause og genoptages ikke.",
        "Loftlifte overalt. Sensorgulve er sat på pause, og vi har ingen planer om at "
        "genoptage dem.",
    ],
)
def test_a_settled_hedge_is_no_doubt(coder, text):
    coding = code(coder, text, PRIORITIES)
    assert coding.joined == "mobilitet"
    assert not coding.needs_review, coding.evidence
    assert "negeret: sensorgulve" in coding.evidence


def test_a_pause_that_will_be_resumed_is_coded_and_reviewed_when_hedged(coder):
    coding = code(coder, "Loftlifte. Sensorgulvene er sat på pause, men genoptages til foråret.")
    assert coding.joined == "mobilitet;tryghed"


#: A negation word that negates no term is a doubt only where it may touch a coding.
def test_a_negation_in_a_sentence_naming_nothing_is_no_doubt(coder):
    text = "Vi indfører vasketoiletter i alle boliger. Der er ikke afsat midler til flere ansatte."
    coding = code(coder, text, PRIORITIES)
    assert (coding.joined, coding.needs_review) == ("hygiejne", False), coding.evidence


@pytest.mark.parametrize(
    "text",
    [
        "Vasketoiletter i alle boliger. Nej, ikke i år.",
        "Vi har vasketoiletter, men det virker ikke for alle borgere.",
        "Vasketoiletter i alle boliger. Det er ikke besluttet hvornår.",
    ],
)
def test_a_negation_that_may_touch_a_coding_is_reviewed(coder, text):
    assert code(coder, text, PRIORITIES).needs_review


#: A sentence pointing back with a noun ("Forsøget", "Ordningen", "Projektet") qualifies
#: what the sentence before names: its hedge or stop is a doubt.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Robotstøvsugere. Forsøget er sat på pause indtil videre i hele kommunen.", "rengoering"),
        ("Vi har GPS-trackere. Ordningen er stoppet i foråret efter evalueringen.", "tryghed"),
        (
            "Skærmbesøg i hjemmeplejen. Projektet afventer en politisk beslutning i udvalget.",
            "skaermbesoeg",
        ),
        ("Loftlifte på tre plejecentre. Løsningen overvejes udbredt til eget hjem.", "mobilitet"),
        ("Vasketoiletter i plejeboligerne. Tilbuddet er stoppet på Rosenvænget.", "hygiejne"),
    ],
)
def test_a_noun_pointing_back_makes_a_sentence_no_quiet_one(coder, text, expected):
    coding = code(coder, text, PRIORITIES)
    assert coding.joined == expected
    assert coding.needs_review, coding.evidence


#: ... but a sentence about something else, with no noun pointing back, stays quiet.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Robotstøvsugere. Vi overvejer at ansætte flere hjælpere om aftenen.", "rengoering"),
        ("Vi har GPS-trackere. Der er ikke afsat midler til nyt udstyr i år.", "tryghed"),
    ],
)
def test_a_sentence_without_a_noun_pointing_back_stays_quiet(coder, text, expected):
    coding = code(coder, text, PRIORITIES)
    assert coding.joined == expected
    assert not coding.needs_review, coding.evidence
