"""Words the rules may have missed: unknown words, product names, half-written terms
(`pipeline/normalise/unknown.py`).

Every case is written for these tests (none is taken from the analysts' examples or the
evaluation sets).
"""

from __future__ import annotations

import pytest

from tests.coding import code


def test_unknown_words_without_category_are_reviewed(coder):
    coding = code(coder, "Vi bruger Zyntralux")
    assert coding.categories == ()
    assert coding.needs_review
    assert "ukendte ord: zyntralux" in coding.evidence


def test_product_like_unknown_word_beside_a_category_is_reviewed(coder):
    coding = code(coder, "Loftlifte og Zyntralux-systemet")
    assert coding.categories == ("mobilitet",)
    assert coding.needs_review


def test_half_written_term_is_reviewed(coder):
    coding = code(coder, "Loftlifte og bedre toiletter")
    assert coding.categories == ("mobilitet",)
    assert coding.needs_review


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Stannah trappelift og Emfit sengesensor", "mobilitet;seng"),
        ("GPS (MiniFinder) og døralarmer", "tryghed"),
        ("Rollatorer inkl. Topro Troja", "mobilitet"),
    ],
)
def test_product_names_beside_their_term_are_no_doubt(coder, text, expected):
    coding = code(coder, text)
    assert coding.joined == expected
    assert not coding.needs_review, coding.evidence


def test_product_name_without_a_term_is_still_reviewed(coder):
    coding = code(coder, "Udrulning af Pillbox Zeta og plejesenge")
    assert coding.joined == "seng"
    assert coding.needs_review and "pillbox" in coding.evidence


def test_frequent_danish_words_are_no_product_names(coder):
    text = (
        "Vi har loftlifte i alle boliger, og vi skal rekruttere flere medarbejdere, "
        "fordi ventetiden på hjælp er blevet længere, og budgettet er presset"
    )
    coding = code(coder, text)
    assert coding.joined == "mobilitet"
    assert not coding.needs_review, coding.evidence


@pytest.mark.parametrize(
    "text",
    [
        "Plejecentret i Frejlev har fået loftlifte i alle boliger",
        "Loftlifte på plejecentret Solhøj, siger Hanne Kjærgaard",
        "Vasketoiletter i Hjørring og Brønderslev",
        "Boenheden Kastanjen har fået døgnrytmelys",
    ],
)
def test_names_of_places_institutions_and_people_are_no_products(coder, text):
    coding = code(coder, text)
    assert coding.categories and not coding.needs_review, coding.evidence


def test_plain_prose_is_no_unknown_technology_but_a_short_plain_answer_may_be(coder):
    prose = code(coder, "Kommunen har brugt mange penge på at ansætte flere hænder i år")
    assert prose.categories == () and not prose.needs_review
    short = code(coder, "Cykler til beboerne")
    assert short.categories == () and "ukendte ord: cykler" in short.evidence
    # a place of a sensor ("madrassen") is no prose: the answer may describe a technology
    described = code(coder, "Madrassen giver besked til vagten, hvis beboeren ligger uroligt")
    assert described.categories == () and described.needs_review


def test_a_survey_is_no_measurement(coder):
    """ "statusmåling" is a survey of the municipality, not the citizen's own measurement."""
    coding = code(coder, "Vi har lavet en statusmåling af brugen af loftlifte.")
    assert coding.joined == "mobilitet" and not coding.needs_review


def test_a_plain_verb_beside_a_term_is_no_unknown_item(coder):
    coding = code(coder, "Vi har spiserobotter, men beboerne spiser og hygger sig")
    assert coding.joined == "spise"


#: A verb after a subject, a modal or "at" is no technology, nor is a compound naming a plan,
#: rule, budget or period (term set `unknown`: `verb_leads`, `plain_heads`).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Loftlifte i alle boliger. Vi opnormerer også nattevagten.", "mobilitet"),
        ("Vasketoiletter, så vi kan nedjustere antallet af besøg.", "hygiejne"),
        ("Vasketoiletter i plejeboligerne. Derudover en ny ferieplan for personalet.", "hygiejne"),
        ("Sensorgulve på to afsnit. Tilskudsordningen dækker resten af udgiften.", "tryghed"),
        ("Robotstøvsugere. Næste år er et genopretningsår for hjemmeplejen.", "rengoering"),
    ],
)
def test_verbs_and_plans_are_no_unknown_technology(coder, text, expected):
    coding = code(coder, text)
    assert coding.joined == expected
    assert not coding.needs_review, coding.evidence


#: ... but a word with a technology part stays a doubt in those places, and so does a
#: capitalised name.
@pytest.mark.parametrize(
    "text",
    [
        "Loftlifte i alle boliger. Vi streamer desuden træning til borgerne.",
        "Loftlifte i alle boliger. Vi har også en ny appstrategi.",
        "Loftlifte i alle boliger, og vi har Zyntralux.",
    ],
)
def test_technology_parts_and_names_stay_doubts(coder, text):
    assert code(coder, text).needs_review


def test_a_number_word_is_no_verb_lead(coder):
    """ "to" is "two" in Danish: the word after it may be an unknown product."""
    coding = code(coder, "Vi har købt to zyntraluxer.")
    assert coding.needs_review and "zyntraluxer" in coding.evidence, coding.evidence


# Real writing (issue 12): sentences of 30 words or more, names and quotes in press prose.

LONG_ONE_CATEGORY = (
    "Plejecentret har i løbet af foråret fået installeret loftlifte i samtlige boliger, så "
    "medarbejderne kan hjælpe beboerne op om morgenen uden tunge løft, hvilket både beboere, "
    "pårørende og medarbejdere har taget rigtig godt imod"
)


def test_long_sentence_that_codes_one_category_without_negation_is_no_doubt(coder):
    assert len(LONG_ONE_CATEGORY.split()) >= 30
    coding = code(coder, LONG_ONE_CATEGORY)
    assert coding.joined == "mobilitet"
    assert not coding.needs_review, coding.evidence


@pytest.mark.parametrize(
    "text, expected",
    [
        # a negation word anywhere in the long sentence
        (
            "Plejecentret har i løbet af foråret fået installeret loftlifte i samtlige "
            "boliger, men ikke i aflastningsboligerne, så medarbejderne kan hjælpe beboerne "
            "op om morgenen uden tunge løft, hvilket både beboere og pårørende har taget godt "
            "imod",
            "mobilitet",
        ),
        # one thing set against another: the lift is the rejected alternative
        (
            "Efter en grundig vurdering af borgerens behov og boligens indretning fandt "
            "visitationen det mere rimeligt at tilbyde en anden bolig i stueplan end at "
            "installere en trappelift i det nuværende hus",
            "mobilitet",
        ),
        # two categories: which clause says what is for an analyst to read
        (
            "Plejecentret har i løbet af foråret fået installeret loftlifte i samtlige "
            "boliger og vasketoiletter på alle badeværelser, så medarbejderne kan hjælpe "
            "beboerne om morgenen uden tunge løft, hvilket beboerne har taget godt imod",
            "hygiejne;mobilitet",
        ),
    ],
)
def test_long_sentence_with_negation_alternative_or_several_categories_stays_a_doubt(
    coder, text, expected
):
    assert len(text.split()) >= 30
    coding = code(coder, text)
    assert coding.joined == expected
    assert coding.needs_review and "lang sætning" in coding.evidence


def test_words_an_abbreviation_spells_out_are_a_name(coder):
    coding = code(coder, "Borgere med Kronisk Inflammatorisk Tarmsygdom (KIT) får loftlifte")
    assert coding.joined == "mobilitet"
    assert not coding.needs_review, coding.evidence


def test_spelled_out_words_with_a_technology_part_stay_a_doubt(coder):
    coding = code(coder, "Borgere med Ambient Assisted Telecare (AAT) har fået loftlifte")
    assert coding.needs_review and "ambient" in coding.evidence


@pytest.mark.parametrize(
    "text",
    [
        "Lederen nævnte loftlifte og vasketoiletter og tilføjede:",
        "Lederen nævnte loftlifte og vasketoiletter og påpegede, at de virker",
    ],
)
def test_verbs_of_saying_are_no_technology(coder, text):
    coding = code(coder, text)
    assert coding.joined == "hygiejne;mobilitet"
    assert not coding.needs_review, coding.evidence


@pytest.mark.parametrize(
    "text",
    [
        "Vi har afprøvet spiserobotter med støtte fra Velfærdsfonden",
        "Udviklingscenter for Velfærdsløsninger har afprøvet spiserobotter",
    ],
)
def test_organisation_names_are_no_products(coder, text):
    coding = code(coder, text)
    assert coding.joined == "spise"
    assert not coding.needs_review, coding.evidence


def test_an_unknown_capitalised_name_still_is_a_doubt(coder):
    coding = code(coder, "Vi har afprøvet spiserobotter med støtte fra Zyntrax")
    assert coding.needs_review and "zyntrax" in coding.evidence


def test_town_names_by_their_ending_are_no_products(coder):
    coding = code(coder, "Borgere fra Brørup har fået vasketoiletter")
    assert coding.joined == "hygiejne"
    assert not coding.needs_review, coding.evidence


def test_a_plain_compound_opening_a_sentence_is_no_name(coder):
    opening = code(coder, "Forsøgsordningen er forlænget til næste år")
    assert opening.categories == ()
    assert not opening.needs_review, opening.evidence
    inside = code(coder, "Vi har forlænget Zyntraordningen til næste år")
    assert inside.needs_review and "zyntraordningen" in inside.evidence


#: An unknown abbreviation spelling out unknown words may be a product: a doubt. A known one
#: ("KOL") or one spelling out ordinary words names no technology.
@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Vi bruger Zyntra Omni Lux (ZOL) til borgerne.", "zyntra"),
        ("Vi har Care Active Robo (CAR) på plejecentrene.", "active"),
        ("Hjemmeplejen har fået Quarnix Velo Tandem (QVT) til natten.", "quarnix"),
    ],
)
def test_an_unknown_abbreviation_of_unknown_words_stays_a_doubt(coder, text, shown):
    coding = code(coder, text)
    assert coding.needs_review, coding.evidence
    assert shown in coding.evidence


def test_a_known_abbreviation_spells_out_a_disease(coder):
    coding = code(coder, "Borgere med Kronisk Obstruktiv Lungesygdom (KOL) får skærmbesøg")
    assert coding.joined == "skaermbesoeg"
    assert not coding.needs_review, coding.evidence


@pytest.mark.parametrize(
    ("text", "doubt"),
    [
        ("Vi zyntraluxer borgerne om natten", True),
        ("Vi quarnixer alle plejeboliger", True),
        ("Vi omlægger vagtplanen og indfører loftlifte", False),
        ("Vi bruger loftlifte, og vi satser på flere", False),
    ],
)
def test_an_unknown_word_after_vi_is_a_verb_only_with_a_known_stem(coder, text, doubt):
    coding = code(coder, text)
    assert coding.needs_review is doubt, coding.evidence
