"""Sentences generated from the indicators: rises, falls, no change and the first year."""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd
import pytest

from pipeline.errors import DefinitionError
from pipeline.narrative import (
    Observation,
    Phrasing,
    comparability_notes,
    key_sentences,
    observations,
    participation_sentence,
    predicate,
    ranking_sentence,
    section_sentences,
    sentence,
    shown_years,
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
    assert "uændret på 47 pct." in sentence(obs("x", 47, 47, 2018))
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
    assert sentence(obs("X", 63, 47, 2018)).endswith(" er steget fra 47 til 63 pct. siden 2018.")
    # a pattern ending "... til {pct}." after "63 pct.": one full stop
    (figure,) = mobility_figure("X", 63, 47)
    phrasing = Phrasing()
    phrasing._turn["rise"] = 2
    assert phrasing.say(figure).endswith("steget med 16 procentpoint til 63 pct.")


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
    template = "Kommunerne prioriterer {list} højest i {next_year}."
    assert ranking_sentence(
        ["Skærmbesøg og telemedicin", "Træningsteknologi", "KOL-kuffert"], template, 2019
    ) == (
        "Kommunerne prioriterer skærmbesøg og telemedicin, træningsteknologi og KOL-kuffert "
        "højest i 2020."
    )
    assert ranking_sentence(["Større tryghed"], "Oftest nævnt er {list}.", 2019) == (
        "Oftest nævnt er større tryghed."
    )
    assert ranking_sentence(["Større tryghed"], "", 2019) == ""  # no template, no sentence


# --------------------------------------------------------------------------- issue 11, item 5

#: Technologies for functional mobility as a realistic section: most rose since 2018.
MOBILITY_2019 = [
    ("Hygiejneteknologi", 63, 47),
    ("Mobilitetsteknologi", 57, 50),
    ("Træningsteknologi", 47, 38),
    ("Sengeteknologi", 44, 28),
    ("Småhjælpemidler", 42, 35),
    ("Spiseteknologi", 21, 19),
]


def mobility_figure(label, pct, before, n=91, n_before=84, **kwargs):
    return [
        Observation(
            MOBILITY,
            label,
            pct,
            2019,
            previous_pct=before,
            previous_year=2018,
            numerator=round(pct * n / 100),
            denominator=n,
            previous_denominator=n_before,
            wording=WORDING,
            **kwargs,
        )
    ]


def opening(text):
    return tuple(re.sub(r"\d+", "#", w.lower()) for w in text.split()[:2])


def test_sentences_in_a_row_never_open_alike():
    figures = [mobility_figure(*row) for row in MOBILITY_2019]
    out = section_sentences(figures, limit=6)
    assert len(out) == 6
    for before, after in zip(out, out[1:], strict=False):
        assert opening(before) != opening(after), (before, after)
    assert sum(t.startswith("Andelen af kommuner, der") for t in out) <= 2


def test_variation_is_deterministic():
    figures = [mobility_figure(*row) for row in MOBILITY_2019]
    assert section_sentences(figures) == section_sentences(figures)


def test_every_pattern_says_the_same_facts():
    """Whichever pattern is chosen, a rise states the new share, the year and the change."""
    for index in range(len(WORDING.sentences.rise)):
        phrasing = Phrasing()
        phrasing._turn["rise"] = index
        text = phrasing.say(mobility_figure("Sengeteknologi", 44, 28)[0])
        assert "44 pct." in text and "2018" in text
        assert "16 procentpoint" in text or "fra 28 til 44 pct." in text


def test_a_difference_is_procentpoint_never_pct():
    sayings = []
    for kind, (pct, before) in {"rise": (44, 28), "fall": (25, 30)}.items():
        for index in range(len(getattr(WORDING.sentences, kind))):
            phrasing = Phrasing()
            phrasing._turn[kind] = index
            sayings.append(phrasing.say(mobility_figure("Sengeteknologi", pct, before)[0]))
    assert any("16 procentpoint" in t for t in sayings)
    assert any("5 procentpoint" in t for t in sayings)
    for text in sayings:
        assert "pct.-point" not in text and "pct.point" not in text
        # "pct." follows only a share: never a number that is a difference
        assert not re.search(r"(med|på) \d+ pct\.", text), text


def test_no_change_is_cited_from_a_year_the_figure_does_not_show():
    rows = pd.DataFrame(
        {
            "indicator_id": ["supplier_involvement"] * 4,
            "question_id": ["supplier_involvement"] * 4,
            "year": [2017, 2017, 2019, 2019],
            "group": ["1", "2", "1", "2"],
            "group_label": ["I høj grad", "I nogen grad"] * 2,
            "item": [""] * 4,
            "share_pct": pd.array([45, 35, 53, 30], dtype="Int64"),
            "numerator": pd.array([38, 30, 47, 26], dtype="Int64"),
            "denominator": pd.array([85, 85, 88, 88], dtype="Int64"),
            "group_order": [0, 1, 0, 1],
        }
    )
    survey = load_survey(BUNDLED_SURVEY)
    # the supplier question drawn as one bar per answer for the report year only
    hbar = replace(survey.indicators["supplier_involvement"], chart="hbar")
    assert not hbar.shows_years
    shown = shown_years(hbar, rows, 2019, compare_years=3)
    assert shown == [2019]
    texts = section_sentences([observations(rows, 2019, WORDING, shown_years=shown)])
    assert texts == [
        "53 pct. af kommunerne har involveret leverandørerne i høj grad i deres mest "
        "succesfulde teknologiprojekter."
    ]
    # the same rows drawn as a trend: 2017 is shown, so its change may be cited
    trend = observations(rows, 2019, WORDING, shown_years=[2017, 2019])
    assert "siden 2017" in section_sentences([trend])[0]


def test_the_years_a_trend_figure_shows_follow_compare_years():
    survey = load_survey(BUNDLED_SURVEY)
    trend = survey.indicators["training_in_operation"]
    assert trend.chart == "grouped_years" and trend.shows_years
    rows = pd.DataFrame(
        {
            "indicator_id": ["training_in_operation"] * 4,
            "year": [2016, 2017, 2018, 2019],
            "group": ["1"] * 4,
            "share_pct": pd.array([30, 35, None, 62], dtype="Int64"),
            "suppressed": [False, False, False, False],
        }
    )
    # 2018 has no value: the figure's three years are 2016, 2017 and 2019
    assert shown_years(trend, rows, 2019, compare_years=3) == [2016, 2017, 2019]
    assert shown_years(trend, rows, 2019, compare_years=2) == [2017, 2019]
    not_drawn = survey.indicators["training_any_area"]  # figure: false
    assert shown_years(not_drawn, rows, 2019, compare_years=3) == [2019]


def test_every_chart_kind_says_whether_it_shows_earlier_years():
    from typing import get_args

    from pipeline.survey.indicators import CHART_SHOWS_YEARS, Chart

    assert set(get_args(Chart)) <= set(CHART_SHOWS_YEARS)


def test_a_changed_base_gets_a_note_a_small_difference_does_not():
    (big,) = mobility_figure("Sengeteknologi", 44, 28, n=70, n_before=54)
    assert sentence(big).endswith(
        "Tallene for 2018 og 2019 bygger på svar fra henholdsvis 54 og 70 kommuner."
    )
    (small,) = mobility_figure("Sengeteknologi", 44, 28, n=91, n_before=84)  # 8 %
    assert "Tallene for" not in sentence(small)
    (first,) = mobility_figure("Sengeteknologi", 44, None, n=70, n_before=None)
    assert comparability_notes(first) == []  # no change cited, nothing to qualify


def test_a_reworded_question_is_noted_once_per_section():
    survey = load_survey(BUNDLED_SURVEY)
    # 2018 asked for the status "i 2019", 2019 for the status now; a year alone is no change
    assert 2018 in survey.reworded_years("screen_visits_status", "handicap", 2019)
    assert survey.reworded_years("screen_visits_any", None, 2019) == frozenset()
    assert survey.reworded_years("training_in_operation", None, 2019) == frozenset()
    figures = [
        mobility_figure(area, pct, before, n=71, n_before=70, reworded=True)
        for area, pct, before in [("A", 60, 39), ("B", 82, 63)]
    ]
    out = section_sentences(figures)
    note = "Spørgsmålet er formuleret anderledes i 2019 end i 2018"
    assert note in out[0]
    assert note not in out[1]


def test_a_label_printed_the_reports_way_is_lower_cased_in_a_sentence():
    # the report model hands over labels as the figures print them (charts.label_rewrites)
    assert predicate(
        "prevention_technologies", "Træningsteknologi", "Hjerte-kar-sygdomme", wording=WORDING
    ) == ("tilbyder træningsteknologi til borgere med hjerte-kar-sygdomme")


def test_only_danish_quotation_marks_in_the_wording():
    texts = [WORDING.fallback, *WORDING.predicates.values()]
    sentences = WORDING.sentences
    texts += [p for kind in type(sentences).model_fields for p in getattr(sentences, kind)]
    for text in texts:
        assert not re.search('["“”„]', text), text


def test_an_unknown_placeholder_in_a_pattern_names_the_line(project):
    path = project.survey / "report.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("en stigning på {change}", "en stigning på {delta}"), "utf-8")
    with pytest.raises(DefinitionError) as exc:
        load_survey(project)
    line = next(i for i, t in enumerate(path.read_text("utf-8").splitlines(), 1) if "{delta}" in t)
    assert f"report.yaml, row {line}:" in str(exc.value)
    assert "{delta} is not a placeholder here" in str(exc.value)


def test_a_label_no_codebook_has_is_a_typo(project):
    path = project.survey / "report.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Hjerte-karsygdomme:", "Hjertekarsygdomme:"), "utf-8")
    with pytest.raises(DefinitionError) as exc:
        load_survey(project)
    assert "charts.label_rewrites: no answer or row 'Hjertekarsygdomme'" in str(exc.value)


def test_a_neutral_answer_no_codebook_has_is_a_typo(project):
    path = project.survey / "report.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[Nej, Ved ikke,", "[Nej, Ved ikkje,"), "utf-8")
    with pytest.raises(DefinitionError) as exc:
        load_survey(project)
    assert "charts.neutral_answers: no answer of any codebook starts with 'Ved ikkje'" in str(
        exc.value
    )


def _with_old_keys(project, charts_extra: str, narrative_extra: str) -> None:
    """report.yaml as a project folder made before a label's spelling and the base rule were
    each said once."""
    path = project.survey / "report.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("\ncharts:\n", "\ncharts:\n" + charts_extra, 1)
    text = text.replace("\nnarrative:\n", "\nnarrative:\n" + narrative_extra, 1)
    path.write_text(text, "utf-8")


def test_an_older_folders_keys_load_where_they_agree(project):
    _with_old_keys(
        project,
        "  base_change_tolerance: 0.15\n",
        "  labels:\n    Hjerte-karsygdomme: hjerte-kar-sygdomme\n",
    )
    report = load_survey(project).report
    assert report.narrative.comparability.base_change_pct == 15
    assert report.charts.label("Hjerte-karsygdomme") == "Hjerte-kar-sygdomme"


@pytest.mark.parametrize(
    ("charts_extra", "narrative_extra", "message"),
    [
        ("  base_change_tolerance: 0.2\n", "", "base_change_tolerance (0.2) and"),
        ("", "  labels:\n    Hjerte-karsygdomme: hjertekarsygdomme\n", "write the spelling once"),
    ],
)
def test_an_older_folders_keys_that_disagree_are_refused(
    project, charts_extra, narrative_extra, message
):
    _with_old_keys(project, charts_extra, narrative_extra)
    with pytest.raises(DefinitionError) as exc:
        load_survey(project)
    assert "report.yaml" in str(exc.value) and message in str(exc.value)


def test_the_base_threshold_is_the_report_definitions():
    # 70 against 60 differs by 14 % of the larger: under the bundled 15 %, so no note
    (close,) = mobility_figure("Sengeteknologi", 44, 28, n=70, n_before=60)
    assert WORDING.comparability.base_change_pct == 15
    assert comparability_notes(close) == []
    strict = WORDING.model_copy(
        update={"comparability": WORDING.comparability.model_copy(update={"base_change_pct": 10})}
    )
    assert len(comparability_notes(close, strict)) == 1


def test_figures_and_sentences_judge_a_changed_base_by_one_rule():
    from pipeline.report.model import FigureStyle, _comparability_notes

    texts = load_survey(BUNDLED_SURVEY).report.texts
    for before, now in [(60, 70), (59, 70), (54, 70), (84, 91)]:
        (said,) = mobility_figure("Sengeteknologi", 44, 28, n=now, n_before=before)
        in_sentence = bool(comparability_notes(said))
        style = FigureStyle(texts=texts, comparability=WORDING.comparability)
        in_figure = bool(
            _comparability_notes({2018: [before], 2019: [now]}, [2018, 2019], (), style)
        )
        assert in_sentence == in_figure == WORDING.comparability.bases_differ([before, now])
    assert not WORDING.comparability.bases_differ([60, 70])  # 14 % of 70
    assert WORDING.comparability.bases_differ([59, 70])  # 16 %
