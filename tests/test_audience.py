"""Whom a technology serves: the citizen, a clinician who follows him, or the staff
(`pipeline/normalise/audience.py`, term set `audience.yaml`).

Every case is written for these tests (none is taken from the analysts' examples or the
evaluation sets).
"""

from __future__ import annotations

import pytest

from tests.coding import code


def test_clinician_in_the_same_sentence_makes_measurements_telemedicine(coder):
    text = "Tablet hvor borgeren indtaster sine målinger, og lægen ser dem hver uge"
    assert code(coder, text).joined == "skaermbesoeg"


@pytest.mark.parametrize(
    "text, expected",
    [
        # the citizen looks at his own values: self-monitoring as well as telemedicine
        (
            "Tablet hvor borgeren ser sine egne målinger, og sygeplejersken følger op",
            "selvmonitorering;skaermbesoeg",
        ),
        (
            "App hvor borgeren selv holder øje med blodsukkeret, og lægen kigger med",
            "selvmonitorering;skaermbesoeg",
        ),
    ],
)
def test_own_measurements_stay_self_monitoring(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # technology for the staff is not coded
        ("Rollatorer, og en app til vagtplanen for medarbejderne i hjemmeplejen", "mobilitet"),
        # a product named beside a device says what it is
        ("VR til afslapning og en robot (Paro)", "sanse"),
        # a place after a preposition is where a sensor sits; "før de falder" is no place
        ("sensor under madrassen der giver besked før de falder", "seng"),
        # a sensory method is no technology
        ("Sanseintegration som metode og robotstøvsugere", "rengoering"),
    ],
)
def test_staff_tools_products_places_and_methods(coder, text, expected):
    assert code(coder, text).joined == expected


def test_meter_beside_a_clinician_may_be_telemedicine_or_own(coder):
    coding = code(coder, "KOL-kuffert med pulsoximeter, hvor sygeplejersken følger målingerne")
    assert "skaermbesoeg" in coding.categories
    assert coding.needs_review and "telemedicin eller egenmåling" in coding.evidence
    own = code(coder, "Pulsoximeter så borgeren selv ser sine værdier, og sygeplejersken ringer")
    assert "selvmonitorering" in own.categories


@pytest.mark.parametrize(
    "text",
    [
        "Loftlifte. Vi planlægger e-learning for medarbejderne om forflytning.",
        "Vasketoiletter. Personalet registrerer magtanvendelse i en app.",
    ],
)
def test_technology_possibly_for_staff_is_reviewed(coder, text):
    coding = code(coder, text)
    assert coding.needs_review and "for personalet?" in coding.evidence
