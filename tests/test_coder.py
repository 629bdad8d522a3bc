"""The rule coder, case by case: answer (and question context) -> categories.

Every case is written for these tests (none is taken from the analysts' examples), in the
many ways municipalities write: lists, prose, typos, ae/oe/aa, English, negations.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.errors import DefinitionError
from pipeline.normalise.classify import get_coder
from pipeline.survey.taxonomy import load_taxonomy

SURVEY = Path(__file__).resolve().parent.parent / "survey"
MANUAL_LABELS = {
    "selvmonitorering": "Selvmonitorering/motivationsteknologi",
    "mobilitet": "Mobilitetsteknologi",
    "hygiejne": "Hygiejneteknologi",
    "skaermbesoeg": "Skærmbesøg og telemedicin",
    "spise": "Spise-/måltidsteknologi",
    "sanse": "Sanseteknologi",
    "smaahjaelpemidler": "Småhjælpemidler",
    "tryghed": "Tryghedsskabende teknologi",
    "seng": "Sengeteknologi",
    "medicin": "Medicinhåndtering",
    "sociale": "Sociale teknologier",
    "rengoering": "Rengørings- og serviceteknologi",
    "struktur": "Struktur-/planlægningsteknologi",
    "traening": "Træningsteknologi",
    "patientuddannelse": "Digital patientuddannelse",
}


@pytest.fixture(scope="module")
def coder():
    return get_coder(SURVEY)


def code(coder, text, context=None):
    return coder.code(text, context)


EACH_CATEGORY = [
    ("Borgerne låner blodsukkerapparater og skridttællere", "selvmonitorering"),
    ("Personløftere, elkørestole og trappelifte", "mobilitet"),
    ("Toiletter med skyl og tørring samt badetaburetter", "hygiejne"),
    ("Virtuel bostøtte til unge i egen bolig", "skaermbesoeg"),
    ("Robotarm der hjælper borgeren med at spise", "spise"),
    ("Cirkadisk belysning og en robotsæl i demensafsnittet", "sanse"),
    ("Gribetænger og vinklet bestik udleveres fra depotet", "smaahjaelpemidler"),
    ("Faldalarmer og nøglefri adgang for hjemmeplejen", "tryghed"),
    ("Lavsenge og vendelagner", "seng"),
    ("Doseringsrobotter hos 40 borgere", "medicin"),
    ("Virtuelle besøgsvenner for ensomme ældre", "sociale"),
    ("Gulvvaskerobotter på plejecentrene", "rengoering"),
    ("Kvartersure og en digital ugeplan", "struktur"),
    ("Genoptræning med Exorlive og telerehabilitering", "traening"),
    ("E-læringsforløb om hjertesvigt", "patientuddannelse"),
]


@pytest.mark.parametrize("text, slug", EACH_CATEGORY)
def test_each_category_is_found(coder, text, slug):
    coding = code(coder, text)
    assert coding.categories == (slug,)
    assert not coding.needs_review
    assert coding.evidence.startswith(f"{slug}: ")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Loftlifte, vasketoiletter og plejesenge", "hygiejne;mobilitet;seng"),
        ("Medicindispensere; skærmbesøg; robotstøvsugere", "medicin;rengoering;skaermbesoeg"),
        ("- Spiserobotter\n- Specialbestik\n- Kørestole", "mobilitet;smaahjaelpemidler;spise"),
    ],
)
def test_several_categories_sorted(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Vi har ikke sensorgulve, men GPS til enkelte", "tryghed"),
        ("Vasketoiletter. Sengealarmer har vi fravalgt", "hygiejne"),
        ("Ingen robotstøvsugere, kameraer eller spiserobotter", ""),
        ("Exoskeletter blev testet, men vi stoppede med det igen", ""),
        ("Medicinrobotter er ikke aktuelt for os", ""),
        ("Vi valgte GPS fra efter afprøvningen", ""),
        ("Vi har droppet skærmbesøg, og bruger i stedet telefon", ""),
        ("Loftlifte - ja. Trappelifte - nej.", "mobilitet"),
        ("Spiserobotter: ikke endnu. Vasketoiletter: ja", "hygiejne"),
        ("Ikke kun loftlifte, også vasketoiletter", "hygiejne;mobilitet"),
        ("Skærmbesøg til borgere der ikke kan møde op", "skaermbesoeg"),
        ("Plejesenge, men ikke i alle boliger", "seng"),
        ("Sensorgulve blev afprøvet, men beboerne brød sig ikke om dem, så de er taget ud", ""),
        ("Vi havde et projekt med virtuel bostøtte, men det er afsluttet", ""),
        ("GPS'er er fravalgt", ""),
        ("Vi mangler stadig vasketoiletter, men har loftlifte", "mobilitet"),
    ],
)
def test_negation(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text",
    [
        "Vasketoiletter er i drift, men ikke flere sensorbleer",
        "Vasketoiletter. Sensorbleer er fravalgt",
        "Vasketoiletter: ja. Sensorbleer: nej",
        "Vasketoiletter, vi har stoppet med sensorbleer",
    ],
)
def test_plain_negation_is_evidence_not_doubt(coder, text):
    coding = code(coder, text)
    assert coding.joined == "hygiejne"
    assert not coding.needs_review, coding.evidence
    assert "negeret: sensorbleer" in coding.evidence
    assert coding.confidence < 0.95


@pytest.mark.parametrize(
    "text",
    [
        "Ikke alle plejecentre har loftlifte endnu",
        "Der er ikke nogen problemer med loftliftene",
        "Vi har ingen ventetid på kørestole",
        "Vasketoiletter tilbydes ikke i private boliger, de findes kun på bostederne",
    ],
)
def test_negation_read_less_plainly_is_reviewed(coder, text):
    assert code(coder, text).needs_review


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tablets hvor borgerne laver deres øvelser", "traening"),
        ("App til at følge med i egne målinger af blodtryk", "selvmonitorering"),
        ("Apps til planlægning af dagen for unge med ADHD", "struktur"),
        ("Videoopkald med familien via tablet", "sociale"),
        ("Skærm hvor sygeplejersken følger op på borgerens målinger", "skaermbesoeg"),
        ("Online undervisning om egen sygdom", "patientuddannelse"),
        ("VR-briller med beroligende naturbilleder", "sanse"),
        ("Træning online to gange om ugen", "traening"),
        ("Digitalt netværk for pårørende", "sociale"),
        ("Digitale løsninger i hjemmeplejen", ""),  # online alone names no purpose
        ("Robotter til støvsugning", "rengoering"),
    ],
)
def test_purpose_rules_for_apps_tablets_screens_video(coder, text, expected):
    assert code(coder, text).joined == expected


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


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ceiling hoists and wash and dry toilets", "hygiejne;mobilitet"),
        ("Robot vacuum cleaners", "rengoering"),
        ("Medication dispensers and GPS trackers", "medicin;tryghed"),
        ("Telemedicine for COPD patients", "skaermbesoeg"),
    ],
)
def test_english_answers(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text", ["", "-", "?", "Ved ikke", "nej", "Ingen", "N/A", "Se ovenfor", "ikke relevant"]
)
def test_non_answers_get_no_category_and_no_review(coder, text):
    coding = code(coder, text)
    assert coding.categories == ()
    assert not coding.needs_review
    assert coding.evidence == "ikke-svar"


def test_answer_without_technology_is_confidently_empty(coder):
    coding = code(coder, "Holdtræning og undervisning på hold, ingen teknologi")
    assert coding.categories == ()
    assert not coding.needs_review


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


def test_long_answer_without_category_is_reviewed(coder):
    text = " ".join(["Vi arbejder med at udvikle vores tilbud til borgerne i kommunen"] * 3)
    coding = code(coder, text)
    assert coding.categories == ()
    assert coding.needs_review


@pytest.mark.parametrize(
    "text, context, expected, review",
    [
        ("Apps", "mobilitet_fritekst", "traening", True),
        ("Apps", "forebyggelse_diabetes", "selvmonitorering", True),
        ("Tablets", "forebyggelse_kol", "skaermbesoeg", True),
        ("Apps", "prioritet_naeste_aar", "", True),  # no single reading
        ("Apps", None, "", True),
        ("Apps til træning", "forebyggelse_kol", "traening", False),  # purpose beats context
        ("Skærmbesøg via tablet", "forebyggelse_kol", "skaermbesoeg", False),  # explained
    ],
)
def test_question_context_breaks_ties_for_bare_apps_and_tablets(
    coder, text, context, expected, review
):
    coding = code(coder, text, context)
    assert coding.joined == expected
    assert coding.needs_review is review


def test_danish_tabletter_are_pills_not_tablets(coder):
    assert code(coder, "Påmindelse om at tage tabletter via app").joined == "medicin"


def test_confidence_is_in_unit_interval_and_lower_when_unsure(coder):
    sure = code(coder, "Loftlifte")
    unsure = code(coder, "Apps", "mobilitet_fritekst")
    assert 0 <= unsure.confidence < sure.confidence <= 1


def test_shipped_taxonomy_has_the_manuals_fifteen_categories():
    taxonomy = load_taxonomy(SURVEY)
    assert taxonomy.labels() == MANUAL_LABELS
    for c in taxonomy.categories:
        assert c.description and c.examples and c.terms


def _write(tmp_path, data) -> Path:
    (tmp_path / "taxonomy.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )
    return tmp_path


def _category(**changes):
    base = {
        "slug": "seng",
        "label": "Sengeteknologi",
        "description": "Senge",
        "examples": ["Plejeseng"],
        "terms": ["plejeseng"],
    }
    return {**base, **changes}


@pytest.mark.parametrize(
    "categories, message, column",
    [
        ([_category(terms=[])], "`terms` must be a non-empty list", "terms"),
        ([_category(terms=["plejeseng", ""])], "no empty entries", "terms"),
        ([_category(slug="Seng")], "lower-case letters", "slug"),
        ([_category(), _category(terms=["vendelagen"])], "used twice", "slug"),
        (
            [_category(), _category(slug="mobilitet", terms=["Plejeseng"])],
            "also a term of 'seng'",
            "terms",
        ),
        ([_category(colour="red")], "unknown key `colour`", "colour"),
        ([{"slug": "seng"}], "missing `label`", None),
    ],
)
def test_taxonomy_errors_point_at_the_category(tmp_path, categories, message, column):
    with pytest.raises(DefinitionError) as info:
        load_taxonomy(_write(tmp_path, {"categories": categories}))
    err = info.value
    assert message in err.message
    assert err.column == column
    assert err.row is not None and err.row > 1
    assert "category" in err.message


def test_taxonomy_context_must_name_known_kinds_and_slugs(tmp_path):
    data = {
        "categories": [_category()],
        "devices": {"app": ["app"]},
        "contexts": {"mobilitet_fritekst": {"app": "ukendt"}},
    }
    with pytest.raises(DefinitionError, match="contexts"):
        load_taxonomy(_write(tmp_path, data))


def test_taxonomy_not_yaml_or_missing(tmp_path):
    with pytest.raises(DefinitionError, match="no taxonomy file"):
        load_taxonomy(tmp_path)
    (tmp_path / "taxonomy.yaml").write_text("categories: [\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match="not valid YAML"):
        load_taxonomy(tmp_path)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hygiejnestole og badebræt", "hygiejne"),
        ("Spisearm til en borger med sclerose", "spise"),
        ("Sengeheste og luftmadrasser", "seng"),
        ("Tidsure og ugeskemaer", "struktur"),
        ("Elektronisk medicinskab hos udvalgte borgere", "medicin"),
        ("AirTags til borgere med demens", "tryghed"),
        ("Online værested for unge", "sociale"),
        ("Bækkenvaskere på plejecentret", "rengoering"),
        ("Dagslyslamper og fiberlys", "sanse"),
        ("Albuestokke og krykker", "mobilitet"),
        ("Knivgafler og tudkopper", "smaahjaelpemidler"),
        ("Iltmålere til hjemmebrug", "selvmonitorering"),
        ("Online foredrag om hjertesvigt", "patientuddannelse"),
        ("Træningsplatform med øvelsesvideoer", "traening"),
        ("Telesygepleje om aftenen", "skaermbesoeg"),
        ("Teletræning for hjertepatienter", "traening"),
        ("Nursing beds and wash & dry toilets", "hygiejne;seng"),
        ("Borgerne måler selv blodtryk hjemme", "selvmonitorering"),
    ],
)
def test_broader_vocabulary(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Vi udfaser GPS'erne i år", ""),  # present tense of a verb of stopping
        ("Robotsæler blev afprøvet, men de blev fravalgt", ""),  # "de" points back
        ("Sensorgulve? Nej tak.", ""),  # a sentence of only "nej" answers the one before
        ("Spiserobotter er udgået af sortimentet", ""),
        ("Ingen GPS, kun dørsensorer", "tryghed"),  # "kun" + another item contrasts
        ("Ingen robotter, kun almindelige hjælpemidler", ""),
    ],
)
def test_more_negations(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a limitation, not a negation: coded, but reviewed
        ("Vasketoiletter findes ikke i private boliger, kun på bostederne", "hygiejne"),
        # hedged or past: coded (plans count), reviewed
        ("Vi overvejer robotstøvsugere", "rengoering"),
        ("Måske skærmbesøg på sigt", "skaermbesoeg"),
        ("Vi havde tidligere GPS til borgere med demens", "tryghed"),
        ("Medicindispensere er sat på pause indtil videre, loftlifte kører", "mobilitet"),
        # a negation with no term in its scope makes the answer mixed
        ("Plejesenge udleveres af regionen, kommunen tilbyder ikke selv teknologi", "seng"),
        # a sensor-like term placed in the bed may be a bed sensor (rule 4)
        ("Epilepsialarm under madrassen", "seng;tryghed"),
        # a brand as the supplier of something else
        ("Skærmbesøg via Tunstalls løsning", "skaermbesoeg"),
        # one app, purposes of two categories
        ("En app med øvelser og konsultationer med terapeuten", "skaermbesoeg;traening"),
        # a purpose word hidden in an unknown compound, and an unknown list item
        ("Plejesenge og spisestøtter", "seng"),
        ("Loftlifte og telehjælp", "mobilitet"),  # an unknown remote something
        ("Loftlifte, vasketoiletter og kvistruller", "hygiejne;mobilitet"),
        # purpose words but no technology named
        ("Borgerne måler blodsukker hos lægen", ""),
    ],
)
def test_doubts_are_sent_to_review(coder, text, expected):
    coding = code(coder, text)
    assert coding.joined == expected
    assert coding.needs_review, coding.evidence


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Telefonisk opfølgning ved sygeplejerske", ""),  # a phone call is no screen visit
        ("Loftlifte, ellers intet", "mobilitet"),
        ("Skærmbesøg til borgere, så de ikke skal transporteres", "skaermbesoeg"),
        ("Holdtræning med fysisk fremmøde", ""),
    ],
)
def test_confident_where_nothing_is_doubtful(coder, text, expected):
    coding = code(coder, text)
    assert coding.joined == expected
    assert not coding.needs_review, coding.evidence


def test_clinician_in_the_same_sentence_makes_measurements_telemedicine(coder):
    text = "Tablet hvor borgeren indtaster sine målinger, og lægen ser dem hver uge"
    assert code(coder, text).joined == "skaermbesoeg"


def test_first_word_of_a_phrase_is_no_typo_of_the_phrase(coder):
    coding = code(coder, "Sensorbaseret genoptræning via app")
    assert coding.joined == "traening"
    assert "stavning" not in coding.evidence


@pytest.mark.parametrize(
    "text, expected",
    [
        # what follows "stoppet pga." is the reason, not what was stopped
        ("Afprøvningen af GPS blev stoppet pga. økonomien", ""),
        ("Vi er stoppet med GPS pga. prisen, men har loftlifte", "mobilitet"),
    ],
)
def test_a_reason_after_a_verb_of_stopping_is_not_its_object(coder, text, expected):
    assert code(coder, text).joined == expected


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


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Robotstøvsugerne er returneret til leverandøren", ""),
        ("Vi lånte et exoskelet, men det blev afleveret igen efter tre måneder", ""),
        ("Et par vasketoiletter, men aftalen om GPS er opsagt", "hygiejne"),
        ("Vi prøvede en robotsæl, men den er sendt retur", ""),
        ("Borgeren fik en spiserobot, men fandt den svær, så den er leveret tilbage", ""),
        ("Loftlifte i alle boliger; robotarmen blev sendt tilbage", "mobilitet"),
    ],
)
def test_handed_back_is_stopped(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Doseringsæsker med alarm til udvalgte borgere", "medicin"),
        ("Medicindispenser med indbygget alarm", "medicin"),
        ("Medicindispensere, og GPS med alarm til demente", "medicin;tryghed"),
        ("Faldalarmer og medicinrobotter", "medicin;tryghed"),
    ],
)
def test_alarm_built_into_a_medicine_device_is_medicin(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Diabetesskole på nettet for nydiagnosticerede", "patientuddannelse"),
        ("Lungeskole via nettet", "patientuddannelse"),
        ("Rygeafvænning og hjerteskole med fysisk fremmøde", ""),
    ],
)
def test_school_on_the_net_is_patient_education(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # "between the visits" dates the exercises; the app is for exercise only
        ("Øvelser i en app mellem besøgene hos terapeuten", "traening"),
        ("Tablet med øvelser som borgeren laver efter konsultationen", "traening"),
        # a visit in person shown on a screen is the plan of the day
        ("Skærm på væggen der viser hvem der kommer på besøg i dag", "struktur"),
        # a visit on the screen is still a screen visit
        ("Besøg på skærm fra hjemmeplejen om aftenen", "skaermbesoeg"),
    ],
)
def test_purpose_words_that_date_or_name_a_visit_in_person(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Plejesenge, men vi har ik vasketoiletter", "seng"),
        ("ikk GPS endnu, kun dørsensorer", "tryghed"),
        ("Vi har besluttet at stoppe med robotsæler, men beholder loftliftene", "mobilitet"),
        ("Vi valgte at udfase sensorbleerne sidste år", ""),
        # "stoppe" without "med" stops nothing
        ("Sensorgulve der kan stoppe fald om natten", "tryghed"),
    ],
)
def test_negations_typed_in_a_hurry_and_infinitives(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # what follows "om" after a medium is a topic to learn about
        ("Hjemmeside med film om medicin og kost ved hjertesvigt", "patientuddannelse"),
        ("Online forløb med videoer om, hvordan man bruger sin inhalator", "patientuddannelse"),
        # ... unless the medium reminds, or "om" tells the time
        ("En app der minder borgeren om at tage sin medicin", "medicin"),
        ("Videotræning tre gange om ugen", "traening"),
    ],
)
def test_topics_after_om_are_learning_not_purposes(coder, text, expected):
    assert code(coder, text).joined == expected


def test_visit_by_family_is_social_not_screen_visit(coder):
    text = "Tablet på plejecentret så familien kan besøge beboeren hjemmefra"
    assert code(coder, text).joined == "sociale"


def test_sensor_coded_by_place_in_its_own_name(coder):
    coding = code(coder, "Vi har sat gulvsensorer op så personalet får besked om natten")
    assert coding.joined == "tryghed"


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


def test_device_in_a_relative_clause_takes_the_purpose_before_it(coder):
    text = "Målingerne sendes til sygeplejersken, som ringer op på video ved behov"
    assert code(coder, text).joined == "skaermbesoeg"


@pytest.mark.parametrize(
    "text, context, expected, review",
    [
        ("Apps", "forebyggelse_kol", "selvmonitorering", True),
        # beside other technologies the context no longer leaves one reading (rule 3)
        ("Loftlifte, kørestole og diverse apps", "mobilitet_fritekst", "mobilitet", True),
        ("Forskellige tablets til borgerne", "forebyggelse_kol", "", True),
    ],
)
def test_context_breaks_ties_only_for_an_answer_naming_nothing_else(
    coder, text, context, expected, review
):
    coding = coder.code(text, context)
    assert coding.joined == expected
    assert coding.needs_review is review


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
    "text, expected",
    [
        ("Påmindelsesapp", "struktur"),
        ("Påmindelses-app til insulin og tabletter", "medicin"),
        ("Videosamtaler med lægen og en chatgruppe for pårørende", "skaermbesoeg;sociale"),
    ],
)
def test_reminders_by_purpose_and_chat_groups(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # spoken answers: "så" and "fordi" open a new clause, so a negation stops there
        ("vi havde en spiserobot men den droppede vi så nu bruger vi loftlifte", "mobilitet"),
        ("plejesenge til dem der ikke selv kan vende sig og så vasketoiletter", "hygiejne;seng"),
        ("vi prøvede robotstøvsugere men det har vi fravalgt så det bliver GPS", "tryghed"),
        # a verb of stopping opening the next item's clause looks back
        ("Sensorbleer – afvist i budget 2024 / vasketoiletter i drift", "hygiejne"),
        ("Robotsæler – udfaset 2022; loftlifte", "mobilitet"),
        ("We don't use GPS trackers anymore, only door sensors", "tryghed"),
    ],
)
def test_negation_scope_in_speech_and_annotated_lists(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("toilettet der skyller og tørrer", "hygiejne"),
        ("sengen der selv vender borgeren om natten", "seng"),
        ("maskinen der doserer pillerne", "medicin"),
        ("den lille robot der kører rundt og suger", "rengoering"),
        ("armbåndet der giver besked hvis borgeren går ud", "tryghed"),
        ("ipaden hvor hun ringer til sin datter", "sociale"),
        ("påmindelser om at tage medicin", "medicin"),
        ("intelligent diapers and a shower chair", "hygiejne"),
    ],
)
def test_everyday_descriptions_of_technology(coder, text, expected):
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


def test_first_word_of_an_english_phrase_is_no_typo(coder):
    coding = code(coder, "Robotic process automation i administrationen")
    assert coding.joined == ""


@pytest.mark.parametrize(
    "text, expected",
    [
        ("We don't offer robot seals. Ceiling hoists in all homes.", "mobilitet"),
        ("The GPS pilot was discontinued. Shower chairs in all homes.", "hygiejne"),
        ("Telecare med personlig alarm", "tryghed"),
    ],
)
def test_english_answers_are_read_like_danish_ones(coder, text, expected):
    coding = code(coder, text)
    assert coding.joined == expected
    assert not coding.needs_review, coding.evidence


@pytest.mark.parametrize("text", ["Not decided yet", "see above", "n/a"])
def test_english_non_answers(coder, text):
    coding = code(coder, text)
    assert (coding.joined, coding.needs_review) == ("", False)


def test_spoken_list_item_after_og_saa_is_not_the_purpose_of_the_one_before(coder):
    text = "maskinen der doserer pillerne og så en robot der vasker gulve"
    coding = code(coder, text)
    assert coding.joined == "medicin;rengoering"
    assert not coding.needs_review, coding.evidence


def test_bare_app_beside_its_context_category_adds_no_doubt(coder):
    coding = coder.code("Skridttællere og en app", "forebyggelse_kol")
    assert (coding.joined, coding.needs_review) == ("selvmonitorering", False)


@pytest.mark.parametrize(
    "text, expected",
    [
        # staff alerted by a wearable is an alarm, not a screen visit
        ("Armbånd der sender alarm til personalet ved fald", "tryghed"),
        # a device with a second item after "og" is not explained by it
        ("dosis robotter og loftlifte", "medicin;mobilitet"),
        ("insulinpen med indbygget dosis-påmindelse", "medicin"),
        ("Holdtræning via video og motivationsbeskeder på sms", "selvmonitorering;traening"),
        ("Digitale selvtræningsprogrammer", "traening"),
        ("Intelignte bleer til to beboere", "hygiejne"),
    ],
)
def test_alerts_items_and_more_vocabulary(coder, text, expected):
    assert code(coder, text).joined == expected


def test_bare_robot_beside_another_item_is_reviewed(coder):
    coding = code(coder, "Robotter og loftlifte")
    assert coding.joined == "mobilitet"
    assert coding.needs_review and "uden formål: robotter" in coding.evidence


def test_sensor_with_purposes_of_two_categories_is_reviewed(coder):
    coding = code(coder, "Sensor der registrerer om øvelserne laves rigtigt")
    assert coding.needs_review and "flere formål" in coding.evidence


def test_meter_beside_a_clinician_may_be_telemedicine_or_own(coder):
    coding = code(coder, "KOL-kuffert med pulsoximeter, hvor sygeplejersken følger målingerne")
    assert "skaermbesoeg" in coding.categories
    assert coding.needs_review and "telemedicin eller egenmåling" in coding.evidence
    own = code(coder, "Pulsoximeter så borgeren selv ser sine værdier, og sygeplejersken ringer")
    assert "selvmonitorering" in own.categories


@pytest.mark.parametrize(
    "text, expected",
    [
        ("De øver balance foran tv'et med et spil", "traening"),
        ("En lille boks der siger til når han skal tage sine piller", "medicin"),
        ("Et ur der tæller skridt og måler puls", "selvmonitorering"),
        ("Vi ser borgeren på skærmen om aftenen i stedet for at køre ud", "skaermbesoeg"),
        ("De skriver sammen med andre i samme situation på en lukket platform", "sociale"),
        ("Tallerken med høj kant og gribetang", "smaahjaelpemidler"),
        ("Løbebånd med aflastning", "traening"),
        ("En lampe der skifter farve i løbet af dagen", "sanse"),
        ("Visuelle kalendere på værelserne", "struktur"),
        ("App der minder borgeren om at tage sin hjertemedicin", "medicin"),
    ],
)
def test_usage_described_in_everyday_words(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # an institution's name holds no purpose
        ("Skærme i kantinen på rehabiliteringscentret med menuen", ""),
        # robots in the central kitchen and an iPad for attendance are staff tools
        ("Robotter i centralkøkkenet der anretter maden, og loftlifte", "mobilitet"),
        ("En iPad til at registrere fremmøde på holdet, og rollatorer", "mobilitet"),
        # "behandling" is no therapist
        ("App med medicinpåmindelser til borgere i behandling", "medicin"),
    ],
)
def test_places_and_staff_tools_are_no_purposes(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a reminder beside a medicine technology reminds of medicine
        ("Til medicinhåndtering: dosisrobotter og påmindelser på mobilen", "medicin"),
        # a video with a clinician in the sentence is a screen visit
        (
            "Borgeren måler selv blodsukker, og sygeplejersken følger tallene og ringer på video",
            "selvmonitorering;skaermbesoeg",
        ),
        # "og så bipper den": the next clause still speaks of the app
        (
            "en app der viser dagens plan og så bipper den når de skal tage medicin",
            "medicin;struktur",
        ),
    ],
)
def test_purposes_from_the_rest_of_the_sentence(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sensorer i madrasser og bleer", "hygiejne;seng"),
        ("e-læring om KOL og videosamtaler med fysioterapeut", "patientuddannelse;skaermbesoeg"),
        ("Digital kostvejledning via video", "skaermbesoeg"),
        ("Videosamtaler med lægen og en chatgruppe for pårørende", "skaermbesoeg;sociale"),
        ("Et ur, der med farver viser, hvor lang tid der er til næste aftale", "struktur"),
        ("En arm der fører skeen op til munden", "spise"),
        ("En dims på håndleddet der tæller skridt", "selvmonitorering"),
    ],
)
def test_conversations_lists_of_places_and_chained_clauses(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Vi har ikke skærmbesøg endnu, men det skal implementeres næste år", "skaermbesoeg"),
        ("Før havde vi robotsæler, nu bruger vi loftlifte", "mobilitet"),
        ("Spiserobotter har vi kigget på, men det blev ikke til noget", ""),
        ("Robotstøvsugerne er pillet ned igen", ""),
        ("Blodsukkermålere? Ikke hos os.", ""),
        ("Vi kan ikke undvære vores vasketoiletter", "hygiejne"),
    ],
)
def test_more_shapes_of_negation_and_plans(coder, text, expected):
    assert code(coder, text).joined == expected


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


def test_completing_a_procurement_is_no_stop(coder):
    assert code(coder, "Vi skal have afsluttet udbuddet på plejesenge").joined == "seng"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Motionsspil som træning for kørestolsbrugere", "traening"),
        ("Stemmestyring af dørlåse til borgere i kørestol", "tryghed"),
        ("Kørestole og rollatorer til borgere med demens", "mobilitet"),
    ],
)
def test_terms_naming_the_target_group_are_not_coded(coder, text, expected):
    assert code(coder, text).joined == expected


def test_calm_scenes_in_vr_are_sensory(coder):
    assert code(coder, "VR-briller med rolige naturscener").joined == "sanse"


def test_citizens_with_a_technology_use_it(coder):
    assert code(coder, "Fire sengeliggende borgere med Vendlet").joined == "seng"


@pytest.mark.parametrize(
    "text, expected",
    [
        # a verb of stopping with an object of its own does not reach back across "men"
        ("Loftlifte i alle boliger, men vi har fravalgt resten", "mobilitet"),
        ("Vi har 20 borgere i telemedicin", "skaermbesoeg"),
        ("Video om torsdagen med familien", "sociale"),
        ("Træningsappen, vi brugte før, er udfaset og erstattes ikke. Loftlifte.", "mobilitet"),
    ],
)
def test_review_findings_on_scope(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ingen GPS, men vi har senge der kan hæves og sænkes elektrisk og stole der løfter",
        "Videoopkald om mandagen",
        "Vi har GPS loftlifte",
    ],
)
def test_unclear_answers_are_reviewed_not_guessed(coder, text):
    assert code(coder, text).needs_review


def test_a_pasted_string_is_reviewed_not_split(coder):
    coding = code(coder, "x" * 500 + " loftlifte")
    assert coding.joined == "mobilitet"
    assert coding.needs_review
