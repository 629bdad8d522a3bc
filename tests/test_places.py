"""Coding rule 4: sensors are coded by where they sit (`pipeline/normalise/places.py`, term
set `places.yaml`).

Every case is written for these tests (none is taken from the analysts' examples or the
evaluation sets).
"""

from __future__ import annotations

import pytest

from tests.coding import code


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sensorer i madrassen", "seng"),
        ("Sensorer i bleen der viser hvornår den skal skiftes", "hygiejne"),
        ("Sensorer på døren i demensboligerne", "tryghed"),
        ("Sensorer i gulvet og i sengene", "seng;tryghed"),
        ("Bevægelsessensorer i lejligheden", "tryghed"),
        ("Sengesensor", "seng"),
    ],
)
def test_sensors_are_coded_by_where_they_sit(coder, text, expected):
    assert code(coder, text).joined == expected


def test_sensor_without_place_is_reviewed(coder):
    coding = code(coder, "Vi afprøver sensorer")
    assert coding.categories == ()
    assert coding.needs_review
    assert "sensor uden placering" in coding.evidence


def test_sensor_coded_by_place_in_its_own_name(coder):
    coding = code(coder, "Vi har sat gulvsensorer op så personalet får besked om natten")
    assert coding.joined == "tryghed"


def test_sensor_with_purposes_of_two_categories_is_reviewed(coder):
    coding = code(coder, "Sensor til træningen og til blodtrykket")
    assert coding.needs_review and "flere formål" in coding.evidence


@pytest.mark.parametrize(
    "text, expected",
    [
        # what every sensor does ("registrerer", "måler") is not what it is for
        ("Sensor der registrerer om øvelserne laves rigtigt", "traening"),
        ("Genoptræning med sensorer, der måler om øvelserne udføres rigtigt", "traening"),
        ("Digital rehabilitering med sensor, der registrerer hvordan borgeren træner", "traening"),
        ("Sensorer under madrassen registrerer, om borgeren er faldet i søvn", "seng"),
    ],
)
def test_what_a_sensor_does_is_not_its_purpose(coder, text, expected):
    assert code(coder, text).joined == expected


def test_a_product_name_between_a_sensor_like_term_and_its_place_is_skipped(coder):
    coding = code(coder, "Faldalarmer (Vitalcare Pro) i sengene om natten")
    assert "seng" in coding.categories
    assert coding.needs_review
    assert "placering" in coding.evidence
