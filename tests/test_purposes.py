"""Coding rule 3: devices coded by the purpose words near them, a bare app or tablet by the
question context (`pipeline/normalise/purposes.py`, term set `purposes.yaml`).

Every case is written for these tests (none is taken from the analysts' examples or the
evaluation sets).
"""

from __future__ import annotations

import pytest

from tests.coding import code


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


def test_visit_by_family_is_social_not_screen_visit(coder):
    text = "Tablet på plejecentret så familien kan besøge beboeren hjemmefra"
    assert code(coder, text).joined == "sociale"


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
        ("Påmindelsesapp", "struktur"),
        ("Påmindelses-app til insulin og tabletter", "medicin"),
        ("Videosamtaler med lægen og en chatgruppe for pårørende", "skaermbesoeg;sociale"),
    ],
)
def test_reminders_by_purpose_and_chat_groups(coder, text, expected):
    assert code(coder, text).joined == expected


def test_spoken_list_item_after_og_saa_is_not_the_purpose_of_the_one_before(coder):
    text = "maskinen der doserer pillerne og så en robot der vasker gulve"
    coding = code(coder, text)
    assert coding.joined == "medicin;rengoering"
    assert not coding.needs_review, coding.evidence


def test_bare_app_beside_its_context_category_adds_no_doubt(coder):
    coding = coder.code("Skridttællere og en app", "forebyggelse_kol")
    assert (coding.joined, coding.needs_review) == ("selvmonitorering", False)


def test_bare_robot_beside_another_item_is_reviewed(coder):
    coding = code(coder, "Robotter og loftlifte")
    assert coding.joined == "mobilitet"
    assert coding.needs_review and "uden formål: robotter" in coding.evidence


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
        # the category is *digital* patient education: a bare patientuddannelse is none
        ("Borgerne kan deltage i patientuddannelse på sundhedscentret.", ""),
        ("Vi tilbyder patientuddannelse som webinarer for borgere med KOL.", "patientuddannelse"),
        ("Patientuddannelse online for borgere med hjertesygdom", "patientuddannelse"),
        ("Digital patientuddannelse for borgere med KOL", "patientuddannelse"),
        # self-training is a purpose, not a technology
        ("Selvtræning og holdtræning i træningscentret", ""),
        ("Selvtræning med app", "traening"),
    ],
)
def test_a_purpose_is_no_technology_by_itself(coder, text, expected):
    assert code(coder, text).joined == expected


def test_what_a_named_technology_shows_is_no_purpose_of_the_device(coder):
    coding = code(coder, "Natkameraet viser et billede af beboeren på personalets telefon.")
    assert coding.joined == "tryghed"
    assert code(coder, "Skærm med billeder af dagens aktiviteter").joined == "struktur"


def test_a_device_named_as_the_medium_of_a_technology_is_no_doubt(coder):
    coding = code(coder, "Videosamtaler med bostøtten over computer eller via mobiltelefon")
    assert coding.joined == "skaermbesoeg" and not coding.needs_review
    bare = code(coder, "Vi har loftlifte, og så har vi også en mobiltelefon")
    assert "uden formål: mobiltelefon" in bare.evidence


@pytest.mark.parametrize(
    "text, expected",
    [
        ("VR-briller, der tager beboerne med på en rejse til stranden", "sanse"),
        ("VR-træning, hvor borgeren øver sig i at rejse sig fra stolen", "traening"),
        ("Vi bruger skærm til hjemmebesøg hos borgere i eget hjem", "skaermbesoeg"),
        ("Telebesøgsvennen står i dagligstuen på plejehjemmet", "sociale"),
        ("App'en hjælper dem med at overskue dagen", "struktur"),
    ],
)
def test_purposes_in_words_real_writers_use(coder, text, expected):
    assert code(coder, text).joined == expected


def test_movable_is_no_movement(coder):
    """ "bevægelige" (movable) is not "bevægelse" (exercise)."""
    coding = code(coder, "Interaktivt spil med bevægelige figurer på bordet")
    assert "traening" not in coding.categories
    assert code(coder, "App med øvelser og bevægelse til ældre").joined == "traening"


#: A device named with no purpose, and the next sentence pointing back to it with the
#: purpose: the answer says what it is for, in two sentences (issue 12, composite answers).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vi har købt 20 tablets. De bruges til videoopkald med familien.", "sociale"),
        ("Alle bosteder har fået tablets. De bruges til træning med videoøvelser.", "traening"),
    ],
)
def test_the_next_sentence_may_say_what_a_device_is_for(coder, text, expected):
    coding = code(coder, text)
    assert coding.joined == expected
    assert not coding.needs_review, coding.evidence


#: ... not when the next sentence does not point back, names no purpose, or negates it.
@pytest.mark.parametrize(
    "text",
    [
        "Vi har købt 20 tablets. Borgerne holder videoopkald med familien på skærme.",
        "Vi har købt 20 tablets. De står i fællesstuen.",
        "Vi har købt 20 tablets. De bruges ikke til træning endnu, men vi har robotstøvsugere.",
    ],
)
def test_a_device_without_purpose_stays_a_doubt_otherwise(coder, text):
    coding = code(coder, text)
    assert coding.needs_review and "uden formål: tablets" in coding.evidence, coding.evidence


#: Devices listed together with nothing named between them are one offer: the purpose of
#: the one is the purpose of both (real writing, issue 12).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Træningsøvelserne vises via apps på telefonen eller en lånt tablet", "traening"),
        ("Genoptræningen foregår med videoer og tablets", "traening"),
    ],
)
def test_a_device_listed_with_one_that_has_a_purpose_shares_it(coder, text, expected):
    coding = code(coder, text)
    assert coding.joined == expected
    assert not coding.needs_review, coding.evidence


#: ... not when the purpose stands between them: the second device is another item.
def test_a_device_after_another_items_purpose_stays_a_doubt(coder):
    coding = code(coder, "Vi har apps til træning og tablets")
    assert coding.joined == "traening"
    assert coding.needs_review and "uden formål: tablets" in coding.evidence, coding.evidence


@pytest.mark.parametrize(
    "text, expected",
    [
        # the visitor who comes in person is no purpose of the tablet
        ("Borgerne låner en tablet med træningsøvelser og får besøg af en medarbejder", "traening"),
        ("En tablet med øvelser, og de får besøg fra en terapeut hver uge", "traening"),
    ],
)
def test_a_visitor_in_person_is_no_purpose(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tablets med videoopkald, så borgerne kan tale med diætisten", "skaermbesoeg"),
        ("Skærme hvor borgeren kan snakke med hjemmeplejen om aftenen", "skaermbesoeg"),
        # talking with family is social, not a consultation
        ("Tablets så beboerne kan tale med familien", "sociale"),
    ],
)
def test_a_device_to_talk_with_someone_is_a_conversation(coder, text, expected):
    assert code(coder, text).joined == expected


def test_a_web_camera_is_video_not_a_supervising_camera(coder):
    coding = code(coder, "Webkameraet viser barnebarnets ansigt, så bedstemor kan se familien")
    assert "tryghed" not in coding.categories
    assert code(coder, "Kamera i boligen om natten").joined == "tryghed"


def test_a_video_whose_only_purpose_is_the_staff_is_reviewed(coder):
    coding = code(coder, "Medarbejderne har lært beboerne at bruge Skype")
    assert coding.needs_review
    assert "svagt formål" in coding.evidence


@pytest.mark.parametrize("text", ["Chat om diabetes online", "Samtaler om hjertesygdom på nettet"])
def test_an_online_talk_about_a_disease_is_reviewed(coder, text):
    coding = code(coder, text, "forebyggelse_diabetes")
    assert coding.needs_review
    assert "samtale eller undervisning" in coding.evidence


def test_an_online_course_about_a_disease_stays_teaching(coder):
    coding = code(coder, "Online kursus om hjertesygdom", "forebyggelse_hjerte")
    assert coding.joined == "patientuddannelse"
    assert not coding.needs_review


def test_a_bare_sensor_in_the_diabetes_question_is_a_context_guess(coder):
    coding = code(coder, "Sensorer til udvalgte borgere", "forebyggelse_diabetes")
    assert coding.joined == "selvmonitorering"
    assert coding.needs_review
    # in another question a sensor without place stays without category
    assert code(coder, "Sensorer til udvalgte borgere", "socialomraadet_fritekst").joined == ""


@pytest.mark.parametrize(
    "text",
    [
        "Borgerne kan få hjælp via skærmen om aftenen",
        "Indstillingen af pumpen tjekkes over video",
        "Meget kan klares gennem en skærm i stedet for i bilen",
    ],
)
def test_screen_as_channel_of_contact_is_a_screen_visit(coder, text):
    coding = code(coder, text)
    assert coding.joined == "skaermbesoeg"
    assert not coding.needs_review


@pytest.mark.parametrize(
    "text, expected",
    [
        # family on the other end: the purpose word decides, not the channel
        ("Beboerne ringer til familien via tabletten", "sociale"),
        # another technology in the clause: the screen is its medium
        ("Vi styrer loftliften via en skærm", "mobilitet"),
    ],
)
def test_channel_gives_way_to_purpose_and_other_technology(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text",
    [
        "Beboerne kan se gudstjenesten fra kirken via skærm.",
        "Beboerne kan følge med i fodboldkampene over storskærm.",
        "Borgerne kan bestille varer hjem gennem tabletten.",
        "Aftenens program sendes ud via skærmene på plejecentrene.",
    ],
)
def test_a_screen_that_carries_no_contact_is_no_channel(coder, text):
    # the channel reading needs a contact with someone on the other end (help, advice, a
    # talk, a follow-up): a service or a show seen through a screen is no screen visit
    coding = code(coder, text)
    assert "skaermbesoeg" not in coding.categories, coding.evidence
    assert coding.joined == ""
    assert coding.needs_review, coding.evidence


def test_screen_on_which_something_is_shown_is_no_channel(coder):
    """ "på skærmen" is where something is shown, no channel of a contact."""
    coding = code(coder, "Borgerne ser billeder på skærmen")
    assert "skaermbesoeg" not in coding.categories


@pytest.mark.parametrize(
    "text, context",
    [
        ("Plejecentret har fået nye tablets til personalet.", None),
        ("Genoptræningen har tablets til instruktørerne.", "forebyggelse_kol"),
        ("Hjemmeplejen har fået tablets til alle medarbejdere.", None),
    ],
)
def test_a_device_given_to_the_staff_is_not_coded(coder, text, context):
    # staff IT is no category, not even from the question's context
    assert code(coder, text, context).joined == ""


def test_a_device_for_talking_with_the_staff_is_still_a_screen_visit(coder):
    text = "Borgerne har tablets til at tale med personalet om aftenen."
    assert code(coder, text).joined == "skaermbesoeg"


@pytest.mark.parametrize(
    "text",
    [
        "Et digitalt mødested, hvor borgere med demens kan mødes online hver torsdag.",
        "Kommunen har et online diabetesforum for borgere med type 2.",
        "Borgere i eget hjem kan få videosamtaler med frivillige om aftenen.",
    ],
)
def test_people_meeting_each_other_online_is_a_community(coder, text):
    # peers and volunteers, not staff: social technology, no screen visit
    assert code(coder, text).joined == "sociale"


@pytest.mark.parametrize(
    ("text", "expected", "reviewed"),
    [
        # the staff meeting or sharing among themselves: no social technology
        ("Tablets bruges til at udveksle erfaringer mellem medarbejderne.", "", True),
        (
            "Personalet mødes på Teams hver fredag, og beboerne har fået loftlifte.",
            "mobilitet",
            False,
        ),
        ("Terapeuterne mødes online til faglig sparring.", "", False),
        # a citizen meeting the staff is a visit, not a community
        (
            "Tablets, hvor borgerne og hjemmeplejens medarbejdere mødes til skærmbesøg.",
            "skaermbesoeg",
            False,
        ),
    ],
)
def test_staff_meeting_among_themselves_is_no_community(coder, text, expected, reviewed):
    coding = code(coder, text)
    assert coding.joined == expected, coding.evidence
    assert coding.needs_review == reviewed, coding.evidence


def test_a_reminder_is_no_screen_visit(coder):
    # bostøtte is a visit word, but a reminder that names it is no video contact
    text = "Borgere med bostøtte får en påmindelse om at tage deres medicin via medicindispenseren."
    assert code(coder, text).joined == "medicin"
