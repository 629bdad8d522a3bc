"""Finding the words: ae/oe/aa spellings, compounds, inflections and typos
(`pipeline/normalise/lexicon.py`, term set `lexicon.yaml`).

Every case is written for these tests (none is taken from the analysts' examples or the
evaluation sets).
"""

from __future__ import annotations

import pytest

from tests.coding import code


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Skaermbesoeg og vaske-toiletter", "hygiejne;skaermbesoeg"),
        ("Stroempepaatagere og tallerkenkanter", "smaahjaelpemidler"),
        ("Doegnrytmelys", "sanse"),
        ("Robotstoevsugere", "rengoering"),
        ("Blodsukkermaalere", "selvmonitorering"),
        ("Traeningsapps", "traening"),
        ("Stalifte", "mobilitet"),  # å written as a: a typo, matched fuzzily
    ],
)
def test_ae_oe_aa_spellings(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Loft lifte", "mobilitet"),
        ("Loft-lifte", "mobilitet"),
        ("Loftliftene", "mobilitet"),
        ("Loftslifte", "mobilitet"),  # linking s
        ("Senge teknologi", "seng"),
        ("Robot støvsuger", "rengoering"),
        ("El-kørestole", "mobilitet"),
        ("Manuelle komfortkørestole", "mobilitet"),  # head of a longer compound
        ("Vasketoiletløsningen", "hygiejne"),  # modifier of a longer compound
        ("Smarte bleer", "hygiejne"),  # inflected phrase with a short last word
        ("Elektroniske nøgler", "tryghed"),  # inflected adjective
        ("Strømpe af- og påtagere", "smaahjaelpemidler"),  # elided compound
        ("App'en til træning", "traening"),  # apostrophe ending
    ],
)
def test_split_joined_and_inflected_compounds(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Vasketolietter", "hygiejne"),
        ("Medicindispensre", "medicin"),
        ("Sengetekknologi", "seng"),
        ("Robotstøvsugre", "rengoering"),
    ],
)
def test_typos_are_matched_but_reviewed(coder, text, expected):
    coding = code(coder, text)
    assert coding.joined == expected
    assert coding.needs_review
    assert "stavning:" in coding.evidence


def test_short_words_are_not_fuzzy_matched(coder):
    assert code(coder, "Lyft").categories == ()


def test_first_word_of_a_phrase_is_no_typo_of_the_phrase(coder):
    coding = code(coder, "Sensorbaseret genoptræning via app")
    assert coding.joined == "traening"
    assert "stavning" not in coding.evidence


@pytest.mark.parametrize(
    "text, expected",
    [
        ("vaske toilleter", "hygiejne"),
        ("Vi har senge teknolgi", "seng"),
    ],
)
def test_misspelt_compound_written_apart_is_matched_but_reviewed(coder, text, expected):
    coding = code(coder, text)
    assert coding.joined == expected
    assert coding.needs_review and "stavning" in coding.evidence


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Bostøtte pr. skærm til unge", "skaermbesoeg"),  # "pr." ends no sentence
        ("Ugetavler og strukturtavler i boligerne", "struktur"),
        ("Shared Google Calendar for the residents", "struktur"),
        ("Online støttegrupper for pårørende", "sociale"),
        ("Evaluering af loftlifte var positivt, prio at udbrede", "mobilitet"),
    ],
)
def test_more_ordinary_words_and_forms(coder, text, expected):
    coding = code(coder, text)
    assert coding.joined == expected
    assert not coding.needs_review, coding.evidence


def test_first_word_of_an_english_phrase_is_no_typo(coder):
    coding = code(coder, "Robotic process automation i administrationen")
    assert coding.joined == ""


@pytest.mark.parametrize(
    "text, expected",
    [
        # a modifier of the terms ("badestol", "brusestol", "låsesystem", "nøgleboks") before a
        # head that names only a kind of device
        ("Vi har købt to nye bruseenheder til plejeboligerne", "hygiejne"),
        ("Badekabiner er i udbud til foråret", "hygiejne"),
        ("Hjemmeplejen får låseenheder til hoveddørene", "tryghed"),
        ("Nøglesystemet skal skiftes i år", "tryghed"),
        ("Pulsudstyr til brug i hjemmet", "selvmonitorering"),
        ("Hun har fået en medicinkasse, der lyser", "medicin"),
        ("Kommunen udleverer pilleæsker til en uge ad gangen", "medicin"),
    ],
)
def test_compound_read_by_modifier_and_generic_head(coder, text, expected):
    coding = code(coder, text)
    assert coding.joined == expected
    assert not coding.needs_review


@pytest.mark.parametrize(
    "text",
    [
        # a generic head alone, or after a modifier of no term, names nothing
        "Vi har et nyt vagtplanssystem",
        "Kabinen på elevatoren er renoveret",
        "Lydanlægget har fået et nyt højttalersystem",
        # a word between modifier and head makes another compound ("vagt|planlægnings|system")
        "Hjemmeplejen har fået et nyt vagtplanlægningssystem",
    ],
)
def test_generic_head_without_a_terms_modifier_codes_nothing(coder, text):
    assert code(coder, text).joined == ""


@pytest.mark.parametrize(
    ("text", "expected", "reviewed"),
    [
        # a modifier that also names a field of the staff's work or an activity ("hygiejne",
        # "medicin", "vagt", "aktivitet", "bevægelse") before a head that may name a
        # department, the staff's equipment or software names no technology; a compound the
        # coder does not know is still an unknown word to review
        ("Vagtenheden i hjemmeplejen får nye telefoner.", "", False),
        ("Medicinmodulet i omsorgssystemet skal opdateres.", "", False),
        ("Nyt vagtsystem til medarbejderne.", "", True),
        ("Hygiejneudstyr til medarbejderne i hjemmeplejen.", "", True),
        (
            "Aktivitetsudstyret på plejecentret er udskiftet, og beboerne har fået robotsæler.",
            "sanse",
            False,
        ),
        ("Bevægelsesudstyr i parken og loftlifte i boligerne.", "mobilitet", False),
    ],
)
def test_field_modifier_before_a_vague_head_is_no_technology(coder, text, expected, reviewed):
    coding = code(coder, text)
    assert coding.joined == expected, coding.evidence
    assert coding.needs_review == reviewed, coding.evidence


@pytest.mark.parametrize(
    "text",
    ["Plejecentret har fået to interaktive kæledyr", "Et elektronisk kæledyr til hver afdeling"],
)
def test_electronic_pets_are_robot_pets(coder, text):
    assert code(coder, text).joined == "sanse"


@pytest.mark.parametrize(
    "text",
    [
        "Sygeplejerskerne dokumenterer besøgene i Cura.",
        "Kommunen vil styrke den tidlige identifikation af borgere med diabetes.",
        "Vi skal identificere de borgere, der har størst behov.",
    ],
)
def test_a_name_after_a_preposition_or_a_frequent_word_is_no_term(coder, text):
    # "i Cura" is no "iCura" (a training product); "identifikation" no "Identifi" (a diaper)
    assert code(coder, text).joined == ""


def test_a_name_after_a_preposition_opening_the_sentence_is_no_term(coder):
    # "I Cura" opens the sentence: the capital is the sentence's, still a preposition
    coding = code(coder, "I Cura registrerer terapeuterne alle træningsforløb.")
    assert "traening" not in coding.categories, coding.evidence
    assert coding.joined == ""
    # what is registered, with no technology named, is left to an analyst
    assert coding.needs_review and "formål uden teknologi" in coding.evidence


@pytest.mark.parametrize(
    "text",
    ["Borgerne låner tablets med materiale om KOL.", "Tablets til de nydiagnosticerede om KOL."],
)
def test_a_phrase_of_the_taxonomy_after_a_name_preposition_still_codes(coder, text):
    # "om KOL" is the taxonomy's phrase "om kol" (learning about one's disease), not a name
    # glued to its preposition
    coding = code(coder, text, "forebyggelse_kol")
    assert coding.joined == "patientuddannelse", coding.evidence
    assert not coding.needs_review, coding.evidence


def test_a_product_written_as_one_word_still_codes(coder):
    assert code(coder, "Vi bruger iCura til genoptræning efter operation.").joined == "traening"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mobile løftere i alle plejeboliger.", "mobilitet"),
        ("Borgere med ALS får omgivelseskontrol, så de kan åbne døren med stemmen.", "tryghed"),
        ("Nyt tilkaldesystem i de almene ældreboliger.", "tryghed"),
        ("Dynamisk LED-belysning i fællesstuerne.", "sanse"),
        ("Motoriserede træningscykler i træningssalen.", "traening"),
    ],
)
def test_device_words_municipalities_use(coder, text, expected):
    assert code(coder, text).joined == expected
