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


@pytest.mark.parametrize(
    "text",
    [
        "Telemedicin til hjertepatienter. De får en tablet til målingerne.",
        "Med TeleKOL får borgeren en tablet og udstyr, der kan måle iltmætning og puls.",
    ],
)
def test_measurements_for_a_named_telemedicine_offer_are_the_offer(coder, text):
    coding = code(coder, text, "forebyggelse_kol")
    assert coding.joined == "skaermbesoeg"
    assert "målinger i telemedicin" in coding.evidence


@pytest.mark.parametrize(
    "text",
    [
        # the citizen reads them himself too, or measures with a term of his own: both?
        "Telemedicin, hvor borgeren tager egne målinger og selv følger med i udviklingen.",
        "I TeleKOL skal borgeren selv måle iltmætningen hver morgen.",
    ],
)
def test_own_reading_inside_a_telemedicine_offer_is_reviewed(coder, text):
    coding = code(coder, text, "forebyggelse_kol")
    assert "skaermbesoeg" in coding.categories
    assert coding.needs_review
    assert "telemedicin eller egenmåling" in coding.evidence


@pytest.mark.parametrize(
    "text, expected",
    [
        # a meter listed beside the offer is an item of its own, no doubt
        ("Telemedicin og skridttællere", "selvmonitorering;skaermbesoeg"),
        ("Telemedicinsk kuffert, blodtryksmålere", "selvmonitorering;skaermbesoeg"),
        # measurements without a named offer stay the citizen's own
        ("Borgerne får en tablet til målingerne.", "selvmonitorering"),
    ],
)
def test_meters_beside_telemedicine_and_measurements_without_it(coder, text, expected):
    coding = code(coder, text, "forebyggelse_diabetes")
    assert coding.joined == expected
    assert not coding.needs_review


def test_an_institution_following_the_numbers_in_the_next_sentence_is_reviewed(coder):
    text = "Borgerne måler blodtryk med en app. Sundhedscentret kigger på tallene hver fredag."
    coding = code(coder, text, "forebyggelse_hjerte")
    assert coding.needs_review
    assert "skaermbesoeg" in coding.categories


def test_a_clinician_only_named_as_a_place_follows_nothing(coder):
    text = "Pulsure til at følge egen puls under træning. Holdet mødes på sundhedscentret."
    coding = code(coder, text, "forebyggelse_hjerte")
    assert "skaermbesoeg" not in coding.categories


@pytest.mark.parametrize(
    "text",
    [
        "Vi har anskaffet robotter, som aflaster personalet på plejecentret",
        "Kursus i digitale redskaber for medarbejderne",
    ],
)
def test_category_guessed_from_a_medium_beside_the_staff_is_reviewed(coder, text):
    coding = code(coder, text)
    assert coding.needs_review
    assert "for personalet?" in coding.evidence


@pytest.mark.parametrize(
    "text",
    [
        "Telemedicinsk opfølgning, hvor hjertesygeplejersken ser borgerens blodtryksmålinger.",
        "Telemonitorering, hvor sygeplejersken ser borgerens blodtryksmålinger hver uge.",
    ],
)
def test_measurements_a_clinician_reads_in_a_telemedicine_offer_are_telemedicine(coder, text):
    coding = code(coder, text)
    assert coding.joined == "skaermbesoeg"
    assert "målinger i telemedicin" in coding.evidence


def test_measurements_the_citizen_reads_himself_stay_his_own(coder):
    text = "Telemonitorering, hvor borgeren selv ser sine blodtryksmålinger hver uge."
    assert code(coder, text).joined == "selvmonitorering;skaermbesoeg"


@pytest.mark.parametrize(
    ("text", "expected", "reviewed"),
    [
        # the citizen reads them as well as the clinician: his own measurements too (rule 3)
        (
            "Telemonitorering af hjertepatienter, hvor både borgeren og lægen kan se "
            "blodtryksmålingerne.",
            "selvmonitorering;skaermbesoeg",
            False,
        ),
        (
            "Telemedicin til borgere med diabetes, hvor borgeren og diætisten ser "
            "blodsukkermålingerne hver uge.",
            "selvmonitorering;skaermbesoeg",
            False,
        ),
        # he only types them in for the nurse: telemedicine, or his own too? a doubt
        (
            "Telemedicin, hvor borgeren indtaster blodsukkermålingerne, og sygeplejersken ser dem.",
            "selvmonitorering;skaermbesoeg",
            True,
        ),
    ],
)
def test_a_citizen_reading_beside_the_clinician_keeps_his_own_measurements(
    coder, text, expected, reviewed
):
    coding = code(coder, text)
    assert coding.joined == expected, coding.evidence
    assert coding.needs_review == reviewed, coding.evidence


@pytest.mark.parametrize(
    "text",
    [
        "Plejecentret har indkøbt tablets til hjemmeplejens medarbejdere.",
        "Nye smartphones til alle plejecentrets nye medarbejdere.",
    ],
)
def test_a_device_given_to_whose_staff_is_their_tool(coder, text):
    # "hjemmeplejens", "plejecentrets" say whose staff: still the staff's tool, not coded
    coding = code(coder, text, "prioritet_naeste_aar")
    assert coding.joined == "", coding.evidence
    assert not coding.needs_review, coding.evidence
