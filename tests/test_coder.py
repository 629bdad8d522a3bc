"""The rule coder, case by case: answer (and question context) -> categories.

The rules with a module of their own have their own test files (`test_negation`,
`test_purposes`, `test_places`, `test_audience`, `test_topics`, `test_lexicon`,
`test_coder_unknown`); their words are the term sets (`test_termsets`). Here: the term pass,
the verdict, the taxonomy file, and whole answers.

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


def test_long_answer_without_category_is_reviewed(coder):
    """A long answer that names a place or purpose but no technology may describe one in
    words the rules lack."""
    text = (
        "Vi arbejder med at udvikle vores tilbud til borgerne, så de kan klare sig selv "
        "længere, og noget i madrassen kan sige til om natten, når borgeren skal skiftes"
    )
    coding = code(coder, text)
    assert coding.categories == ()
    assert coding.needs_review and "langt svar uden kategori" in coding.evidence


def test_long_plain_prose_without_category_is_not_reviewed(coder):
    """Prose of ordinary words that names no technology, purpose or place is no doubt
    however long (real texts are mostly such sentences)."""
    text = " ".join(["Vi arbejder med at udvikle vores tilbud til borgerne i kommunen."] * 3)
    coding = code(coder, text)
    assert coding.categories == () and not coding.needs_review


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


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Loftlifte vasketoiletter spiserobotter", "hygiejne;mobilitet;spise"),
        ("Loftlift Vasketoilet Spiserobot", "hygiejne;mobilitet;spise"),
        ("Loftlift vasketoilet spiserobot", "hygiejne;mobilitet;spise"),
    ],
)
def test_category_names_listed_without_commas_are_no_product_names(coder, text, expected):
    coding = code(coder, text)
    assert coding.joined == expected and not coding.needs_review


def test_a_makers_name_before_its_product_is_still_a_doubt(coder):
    assert "mærke eller produkt: etac" in code(coder, "Etac bade- og toiletstole").evidence


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Demensarmbånd til borgere der går ud om natten", "tryghed"),
        ("Medicinboksen bipper, når det er tid til at tage medicin", "medicin"),
        ("Dosispakket medicin fra apoteket", "medicin"),
        ("Selvkørende støvsugere i alle boliger", "rengoering"),
        ("Redskaber med forlængede skafter og tykke håndtag", "smaahjaelpemidler"),
    ],
)
def test_device_words_real_writers_use(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Robotben til to borgere med rygmarvsskade", "mobilitet"),
        ("Løfteanordninger ved sengene efter behov", "mobilitet"),
        # the exact word only: a robot diaper is no robot leg
        ("Robotbleer", ""),
    ],
)
def test_robot_legs_and_lifting_devices(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the first word of a two-word term qualifies the item listed after it
        ("Kommunen køber intelligente senge og bleer", "hygiejne;seng"),
        # not when the two together name nothing
        ("Elektriske senge og rollatorer", "mobilitet;seng"),
    ],
)
def test_a_shared_modifier_reaches_the_next_item(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text",
    [
        "Systemet sender besked til hjemmeplejen, hvis medicinen ikke tages.",
        "Løsningen hjælper borgeren med at huske sin medicin.",
    ],
)
def test_a_technology_pointed_back_at_with_a_purpose_is_reviewed(coder, text):
    coding = code(coder, text)
    assert coding.joined == ""
    assert coding.needs_review
    assert "formål uden teknologi" in coding.evidence


@pytest.mark.parametrize(
    "text",
    [
        # a vehicle for the staff, a tool of the depot, an activity, a maker of many things
        "Elkøretøjer til hjemmeplejens medarbejdere",
        "Sporingsværktøj til hjælpemiddeldepotet",
        "Sansestimulerende aktiviteter og udflugter",
        "Vi har Beurer.",
    ],
)
def test_words_too_broad_for_a_category_code_nothing_confidently(coder, text):
    coding = code(coder, text)
    assert not coding.categories and coding.needs_review, coding.evidence


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Borgerne måler blodsukker med fingerprik og teststrimler", "selvmonitorering"),
        ("Elscootere bevilges som hjælpemiddel", "mobilitet"),
        ("Et sansestimulerende rum på demensafsnittet", "sanse"),
        ("Borgerne på bostedet har en sansestimulerende dyne", "sanse"),
    ],
)
def test_generic_device_words_of_real_writing(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text",
    [
        "Intet digitalt her, men vi har blodtryksmåling hos sygeplejersken på torsdage.",
        "Vi sender SMS-påmindelser om næste hold. Ellers ikke noget digitalt.",
    ],
)
def test_answer_denying_technology_yet_coding_one_is_reviewed(coder, text):
    # what it codes may be the plain, non-digital kind the answer itself sets apart
    coding = code(coder, text)
    assert coding.categories
    assert coding.needs_review
    assert "siger ingen teknologi" in coding.evidence


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Beboerne spiller et træningsspil med bevægelsessensorer to gange om ugen.", "traening"),
        ("Motionscykler med pulssensor i træningssalen.", "traening"),
        ("Vi har træningsspil og bevægelsessensorer på plejecentret.", "traening;tryghed"),
    ],
)
def test_a_sensor_built_into_a_device_is_coded_by_the_device(coder, text, expected):
    # rule 4: a sensor is coded by where it sits; one listed on its own still watches over
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rollatorer med faldsensor til borgere, der ofte falder.", "mobilitet;tryghed"),
        ("Badestole med faldsensor i alle boliger.", "hygiejne;tryghed"),
        ("Kørestole med faldsensorer.", "mobilitet;tryghed"),
        ("Kørestole med dørsensor til beboere, der går ud om natten.", "mobilitet;tryghed"),
        ("Træningscykler med GPS-sensor til demente beboere.", "traening;tryghed"),
    ],
)
def test_a_sensor_named_by_what_it_watches_keeps_its_own_category(coder, text, expected):
    # rule 4 names fall, door, floor, camera and GPS sensors tryghed: a sensor whose name says
    # it watches over someone does so on a rollator too; only one that says nothing of its own
    # ("bevægelsessensorer", "pulssensor") is the device's
    coding = code(coder, text)
    assert coding.joined == expected, coding.evidence
    assert not coding.needs_review, coding.evidence
