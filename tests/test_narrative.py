"""Sentences generated from the indicators: rises, falls, no change and the first year."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.narrative import (
    Observation,
    change_sentence,
    key_sentences,
    observations,
    participation_sentence,
    predicate,
    ranking_sentence,
    section_sentences,
    sentence,
    title_subject,
)
from pipeline.project import BUNDLED_SURVEY
from pipeline.survey import load_survey

MOBILITY = "mobility_technologies"
#: The phrases of the bundled report definition (survey/report.yaml).
WORDING = load_survey(BUNDLED_SURVEY).report.narrative


def obs(label, pct, previous=None, previous_year=None, qid=MOBILITY, **kwargs):
    return Observation(
        qid,
        label,
        pct,
        2019,
        previous_pct=previous,
        previous_year=previous_year,
        wording=WORDING,
        **kwargs,
    )


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (63, 47, "Andelen af kommuner, der anvender hygiejneteknologi til borgere med "
         "mobilitetsudfordringer, er steget fra 47 til 63 pct. siden 2018."),
        (25, 30, "Andelen af kommuner, der anvender hygiejneteknologi til borgere med "
         "mobilitetsudfordringer, er faldet fra 30 til 25 pct. siden 2018."),
        (40, 40, "Andelen af kommuner, der anvender hygiejneteknologi til borgere med "
         "mobilitetsudfordringer, er uændret på 40 pct. siden 2018."),
        (63, None, "63 pct. af kommunerne anvender hygiejneteknologi til borgere med "
         "mobilitetsudfordringer."),
    ],
)  # fmt: skip
def test_rise_fall_no_change_and_first_year(current, previous, expected):
    year = 2018 if previous is not None else None
    assert sentence(obs("Hygiejneteknologi", current, previous, year)) == expected


def test_change_is_judged_on_printed_percents():
    # 47.4 -> 47.2 both print as 47: "uændret", never "faldet fra 47 til 47"
    assert "uændret på 47 pct." in change_sentence("anvender x", 47, 47, 2018)
    assert obs("x", 63, 47).change == 16


def test_predicates_per_question_and_answer():
    assert predicate("training_in_operation", "Genoptræning (SUL §140)", wording=WORDING) == (
        "har digitalt understøttet træning i drift inden for genoptræning (SUL §140)"
    )
    assert predicate("prevention_technologies", "Træningsteknologi", "KOL", wording=WORDING) == (
        "tilbyder træningsteknologi til borgere med KOL"
    )
    assert predicate("screen_visits_status", "I drift", "Handicapområdet", wording=WORDING) == (
        "har skærmbesøg i drift på handicapområdet"
    )
    assert predicate("screen_visits_status", "Nej", "Hjemmeplejen", wording=WORDING) == (
        "er uden skærmbesøg i hjemmeplejen"
    )
    assert predicate("supplier_involvement", "Ved ikke", wording=WORDING) == "har svaret »Ved ikke«"
    assert predicate("unknown_question", "Noget", wording=WORDING) == "har svaret »Noget«"


def test_subject_from_title_for_shares_that_are_not_answers():
    assert title_subject(
        "Andel kommuner med skærmbesøg i drift, fordelt på område", "Hjemmeplejen"
    ) == ("Andelen af kommuner med skærmbesøg i drift i hjemmeplejen")
    assert title_subject("Kommuner, der har deltaget i undersøgelsen") == (
        "Andelen af kommuner, der har deltaget i undersøgelsen,"
    )
    first = obs("", 90, subject="Andelen af kommuner med træning i drift")
    assert sentence(first) == "Andelen af kommuner med træning i drift er 90 pct."


def test_key_sentences_largest_share_then_biggest_change():
    figure = [
        obs("Hygiejneteknologi", 63, 47, 2018),
        obs("Mobilitetsteknologi", 57, 56, 2018),
        obs("Sengeteknologi", 44, 25, 2018),
    ]
    assert key_sentences(figure) == [
        "Andelen af kommuner, der anvender hygiejneteknologi til borgere med "
        "mobilitetsudfordringer, er steget fra 47 til 63 pct. siden 2018.",
        # the second rise takes the next pattern, so the two do not open alike
        "44 pct. af kommunerne anvender sengeteknologi til borgere med "
        "mobilitetsudfordringer, en stigning på 19 procentpoint siden 2018.",
    ]


def test_key_sentences_skip_no_and_dont_know_when_there_is_a_real_answer():
    figure = [obs("Nej", 60, qid="screen_visits_any"), obs("Ja", 40, qid="screen_visits_any")]
    assert key_sentences(figure) == [
        "40 pct. af kommunerne arbejder med skærmbesøg eller forventer at påbegynde det næste år."
    ]


def test_key_sentences_of_nothing():
    assert key_sentences([]) == []
    assert key_sentences([obs("x", None)]) == []


def test_section_sentences_mention_every_figure_before_second_sentences():
    a = [obs("A", 50, 40, 2018), obs("B", 40, 5, 2018)]  # largest A, biggest change B
    b = [obs("C", 30)]
    out = section_sentences([a, b], limit=3)
    assert out == [
        sentence(a[0]),
        "30 pct. af kommunerne anvender c til borgere med mobilitetsudfordringer.",
        # the second rise pattern would open "40 pct." right after "30 pct.": the third
        "Siden 2018 er andelen af kommuner, der anvender b til borgere med "
        "mobilitetsudfordringer, steget med 35 procentpoint til 40 pct.",
    ]
    assert section_sentences([a, b], limit=1) == [sentence(a[0])]


def test_no_double_full_stop_after_pct():
    assert change_sentence("anvender x", 63, 47, 2018) == (
        "Andelen af kommuner, der anvender x, er steget fra 47 til 63 pct. siden 2018."
    )
    assert change_sentence("anvender x", 63, None) == "63 pct. af kommunerne anvender x."


def test_observations_from_a_table_use_the_latest_earlier_year():
    rows = pd.DataFrame(
        {
            "indicator_id": ["s"] * 5,
            "question_id": ["supplier_involvement"] * 5,
            "year": [2017, 2017, 2019, 2019, 2019],
            "group": ["1", "2", "1", "2", "9"],
            "group_label": ["I høj grad", "I nogen grad", "I høj grad", "I nogen grad", "Region"],
            "item": [""] * 5,
            "share_pct": pd.array([45, 35, 53, 30, 99], dtype="Int64"),
            "numerator": pd.array([38, 30, 47, 26, 1], dtype="Int64"),
            "denominator": pd.array([85, 85, 88, 88, 1], dtype="Int64"),
            "group_order": [0, 1, 0, 1, 2],
            "suppressed": [False, False, False, False, True],
        }
    )
    result = observations(rows, 2019, WORDING)
    assert [(o.label, o.pct, o.previous_pct, o.previous_year) for o in result] == [
        ("I høj grad", 53, 45, 2017),
        ("I nogen grad", 30, 35, 2017),
    ]
    assert sentence(result[0]) == (
        "Andelen af kommuner, der har involveret leverandørerne i høj grad i deres mest "
        "succesfulde teknologiprojekter, er steget fra 45 til 53 pct. siden 2017."
    )


def test_participation_and_ranking_sentences():
    assert participation_sentence(97, 98, 2019, (90, 2018)) == (
        "97 af 98 kommuner har besvaret statusmålingen i 2019 mod 90 i 2018."
    )
    assert participation_sentence(86, 98, 2017) == (
        "86 af 98 kommuner har besvaret statusmålingen i 2017."
    )
    assert ranking_sentence(
        ["Skærmbesøg og telemedicin", "Træningsteknologi", "KOL-kuffert"], 2020
    ) == (
        "Kommunerne prioriterer skærmbesøg og telemedicin, træningsteknologi og KOL-kuffert "
        "højest i 2020."
    )
