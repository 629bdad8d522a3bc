"""`new-year`: the next year's codebook drafted from its export, checked on the demo 2020 export
(a question dropped and one added, variables renumbered, wording and an option reworded)."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import StatusmaalingError
from pipeline.newyear import draft_codebook
from pipeline.newyear.export_meta import Choice, ExportQuestion, read_export_meta
from pipeline.newyear.match import map_labels, match_questions, normalise
from pipeline.project import Project
from pipeline.survey import load_survey
from pipeline.survey.codebook import Option, Question, load_codebook
from tests.conftest import ROOT

runner = CliRunner()


@pytest.fixture
def project_2020(tmp_path) -> Project:
    """A project as `init` makes it, with the demo's 2020 export copied in."""
    shutil.copytree(ROOT / "survey", tmp_path / "survey")
    shutil.copytree(ROOT / "data" / "raw" / "2020", tmp_path / "data" / "raw" / "2020")
    return Project(tmp_path)


def test_demo_2020_is_drafted_without_hand_edits(project_2020):
    result = draft_codebook(project_2020, 2020)
    m = result.matching
    assert result.problems == [] and m.uncertain == []
    before = load_codebook(project_2020.codebook_path(2019))
    after = load_codebook(project_2020.codebook_path(2020))
    assert (after.year, after.title) == (2020, "Statusmåling på velfærdsteknologi 2020")
    # every 2019 question but the dropped one is found, under its stable id
    assert [q.id for q in m.gone] == ["respondent_role"]
    kept = [q.id for q in before.questions if q.id != "respondent_role"]
    assert [q.id for q in after.questions if not q.new] == kept
    # renumbered variables followed: s_12 in 2019 is s_11 in 2020
    assert before.question("mobility_technologies").variable == "s_12"
    assert after.question("mobility_technologies").variable == "s_11"
    assert after.question("prevention_technologies").rows[0].variable == "s_13_1"
    assert after.question("prevention_technologies").rows[0].context == "forebyggelse_kol"
    assert after.question("mobility_technologies").coded
    assert after.question("mobility_benefits").code_list == "benefits"  # its code list too
    # reworded question and option: this year's wording, the stable code
    how = {x.old.id: x.how for x in m.matched}
    assert how["mobility_technologies"].startswith("fuzzy")
    assert how["screen_visits_any"] == "exact"  # only the year in the text changed
    option = after.question("training_in_operation").options[-1]
    assert (option.code, option.label) == (6, "Nej, ingen træning i drift")
    # the new question: marked new, with its type and options
    new = [q for q in after.questions if q.new]
    assert len(new) == 1 and new[0].type == "single" and len(new[0].options) == 4
    report = result.report_path.read_text(encoding="utf-8")
    assert "respondent_role" in report and new[0].id in report
    # the whole survey loads with the draft: every indicator whose question exists applies
    survey = load_survey(project_2020)
    assert 2020 in survey.indicators["mobility_technologies"].years
    assert 2020 in survey.indicators["participation"].years


def test_an_existing_codebook_is_not_replaced_without_force(project_2020):
    draft_codebook(project_2020, 2020)
    path = project_2020.codebook_path(2020)
    path.write_text(path.read_text(encoding="utf-8") + "# checked by AB\n", encoding="utf-8")
    with pytest.raises(StatusmaalingError, match="--force"):
        draft_codebook(project_2020, 2020)
    assert path.read_text(encoding="utf-8").endswith("# checked by AB\n")
    draft_codebook(project_2020, 2020, force=True)
    assert not path.read_text(encoding="utf-8").endswith("# checked by AB\n")


def test_cli_prints_what_changed_and_exit_code(project_2020):
    result = runner.invoke(app, ["new-year", "--year", "2020", "--project", str(project_2020.root)])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "gone: respondent_role" in out and "0 uncertain" in out


def test_no_export_is_a_one_line_error(project):
    result = runner.invoke(app, ["new-year", "--year", "2020", "--project", str(project.root)])
    assert result.exit_code == 1
    assert "no raw data folder" in result.output


def test_csv_export_is_read_from_header_and_labels():
    folder = ROOT / "data" / "raw" / "2017"
    dataset = next(p for p in folder.iterdir() if p.name.startswith("dataset_"))
    meta = read_export_meta(dataset)
    assert meta.format == "surveyxact-csv" and not meta.has_wording
    by_name = {q.name: q for q in meta.questions}
    # 2017: s_2 multi (0/1 columns), s_3 a matrix of statuses, s_5 a single choice
    assert by_name["s_2"].type == "multi" and len(by_name["s_2"].choices) == 6
    assert by_name["s_3"].type == "matrix" and len(by_name["s_3"].rows) == 3
    assert by_name["s_5"].type == "single"
    assert {c.label for c in by_name["s_5"].choices} >= {"I høj grad", "Ved ikke"}
    assert meta.status_prefix == "statoverall"


# ---------------------------------------------------------------------------- matching rules


def _single(qid: str, text: str, labels: list[str]) -> Question:
    options = [Option(code=i, label=lbl) for i, lbl in enumerate(labels, start=1)]
    return Question(id=qid, type="single", variable="x", text=text, options=options)


def _export(name: str, text: str, labels: list[str]) -> ExportQuestion:
    choices = [Choice(i, lbl) for i, lbl in enumerate(labels, start=1)]
    return ExportQuestion(name, "single", text, variable=name, choices=choices)


SCALE = ["I høj grad", "I nogen grad", "I mindre grad", "Slet ikke", "Ved ikke"]


def test_years_in_the_wording_do_not_count():
    assert normalise("Forventer I at påbegynde det i 2020?") == normalise(
        "forventer  I at påbegynde det i 2021"
    )


def test_a_reworded_question_is_matched_and_an_unrelated_one_is_not():
    old = [_single("supplier", "I hvor høj grad har I involveret leverandørerne?", SCALE)]
    new = [
        _export("s_9", "Hvor meget har I involveret leverandørerne?", SCALE),
        _export("s_10", "Hvor tilfredse er borgerne med skærmbesøg?", ["Meget", "Lidt"]),
    ]
    m = match_questions(old, new)
    assert [(x.old.id, x.new.name) for x in m.matched] == [("supplier", "s_9")]
    assert [e.name for e in m.new] == ["s_10"]


def test_two_equally_likely_candidates_are_uncertain_not_guessed():
    old = [_single("supplier", "Har I involveret leverandørerne i projekterne?", SCALE)]
    new = [
        _export("s_9", "Har I involveret leverandørerne i projekterne i år?", SCALE),
        _export("s_10", "Har I involveret leverandørerne i projekterne sidste år?", SCALE),
    ]
    m = match_questions(old, new)
    assert m.matched == [] and len(m.uncertain) == 1
    assert "for tæt på" in m.uncertain[0].reason


def test_a_different_type_is_never_matched():
    old = [_single("supplier", "Har I involveret leverandørerne?", SCALE)]
    text = ExportQuestion("s_9", "text", "Har I involveret leverandørerne?", variable="s_9")
    assert match_questions(old, [text]).matched == []


def test_options_are_remapped_by_label():
    mapping = map_labels(["Ja", "Nej", "Ved ikke"], ["Ja, i høj grad", "Ja", "Nej", "Ved ikke"])
    assert {i: j for i, (j, _) in mapping.pairs.items()} == {0: 1, 1: 2, 2: 3}
    assert mapping.new == [0] and mapping.gone == []


def test_rows_are_remapped_by_label():
    mapping = map_labels(
        ["Handicapområdet", "Hjemmeplejen"], ["Hjemmeplejen", "Handicapområdet", "Plejecentre"]
    )
    assert {i: j for i, (j, _) in mapping.pairs.items()} == {0: 1, 1: 0}
    assert mapping.new == [2]


def test_an_inserted_option_keeps_stable_codes_with_the_exports_value(project_2020):
    """SurveyXact numbers options by position: an option inserted above others shifts their
    values. The draft keeps each answer's stable code and records the export's value, and
    ingest translates it back."""
    from pipeline.newyear.draft import _options

    old = _single("supplier", "Har I involveret leverandørerne?", SCALE)
    new = _export("s_9", "Har I involveret leverandørerne?", ["I meget høj grad", *SCALE])
    changes: list[str] = []
    options = _options(old, new, changes)
    by_label = {o["label"]: o for o in options}
    assert by_label["I høj grad"] == {"code": 1, "label": "I høj grad", "value": 2}
    assert by_label["Ved ikke"]["code"] == 5 and by_label["Ved ikke"]["value"] == 6
    assert by_label["I meget høj grad"]["code"] == 6 and by_label["I meget høj grad"]["value"] == 1
    question = Question.model_validate(
        {"id": "supplier", "type": "single", "variable": "s_9", "text": "x", "options": options}
    )
    assert question.values == {2: 1, 3: 2, 4: 3, 5: 4, 6: 5, 1: 6}


def test_csv_questions_without_wording_or_labels_are_listed_never_matched():
    """A CSV export carries no wording and no option text for multi-choice questions: the
    right shape alone is not enough to pair them; the analyst decides."""
    old = [
        Question(
            id="training",
            type="multi",
            text="Har kommunen træning i drift?",
            options=[Option(code=i, label=f"Område {i}", variable=f"s_2_{i}") for i in (1, 2)],
        )
    ]
    new = ExportQuestion(
        "s_1",
        "multi",
        "",
        choices=[Choice(None, "", variable="s_1_1"), Choice(None, "", variable="s_1_2")],
    )
    m = match_questions(old, [new])
    assert m.matched == [] and [u.old.id for u in m.uncertain] == ["training"]


def test_labels_that_differ_in_a_number_or_a_word_are_never_paired():
    """An option's number is the answer itself, and one word for another is another answer."""
    mapping = map_labels(
        ["Mindre end 10 borgere", "Før 2015", "Hjemmeplejen", "Plejecentre"],
        ["Mindre end 20 borgere", "Før 2018", "Hjemmesygeplejen", "Plejecentre"],
    )
    assert {i: j for i, (j, _) in mapping.pairs.items()} == {3: 3}
    assert mapping.gone == [0, 1, 2] and mapping.new == [0, 1, 2]
    reworded = map_labels(["Nej, ingen i drift"], ["Ja", "Nej, ingen træning i drift"])
    assert {i: j for i, (j, _) in reworded.pairs.items()} == {0: 1}


def test_two_options_added_to_one_question_get_distinct_codes():
    from pipeline.newyear.draft import _options

    old = _single("supplier", "Har I involveret leverandørerne?", SCALE)
    labels = ["I høj grad", "Delvist", "I nogen grad", "I mindre grad", "Slet ikke"]
    new = _export("s_9", old.text, [*labels, "Har ingen projekter", "Ved ikke"])
    options = _options(old, new, [])
    codes = [o["code"] for o in options]
    assert len(codes) == len(set(codes))
    question = Question.model_validate(
        {"id": "supplier", "type": "single", "variable": "s_9", "text": "x", "options": options}
    )
    by_label = {o.label: o.code for o in question.options}
    assert (by_label["I høj grad"], by_label["Ved ikke"]) == (1, 5)


def test_an_invalid_draft_never_replaces_the_existing_codebook(project_2020, monkeypatch):
    import pipeline.newyear.draft as draft

    draft_codebook(project_2020, 2020)
    path = project_2020.codebook_path(2020)
    edited = path.read_text(encoding="utf-8") + "# checked by AB\n"
    path.write_text(edited, encoding="utf-8")
    monkeypatch.setattr(draft, "codebook_yaml", lambda *a: "year: 2020\nquestions: nonsense\n")
    with pytest.raises(StatusmaalingError, match="nothing was written"):
        draft_codebook(project_2020, 2020, force=True)
    assert path.read_text(encoding="utf-8") == edited


def test_a_single_choice_other_box_belongs_to_its_option():
    from pipeline.newyear.export_meta import _from_structure

    rows = [
        ("s_15", "s_15", "single", "radio", "Hvem?", 1, "Leder"),
        ("s_15", "s_15", "single", "radio", "Hvem?", 2, "Andet, angiv"),
        ("s_15", "s_15_other", "single", "other", "Hvem?", None, "Andet, angiv"),
    ]
    (question,), _ = _from_structure(rows)
    assert question.variable == "s_15"
    assert [(c.value, c.label, c.other) for c in question.choices] == [
        (1, "Leder", None),
        (2, "Andet, angiv", "s_15_other"),
    ]


def test_the_structure_sheet_of_a_real_export_is_read(tmp_path):
    """The 2019 demo export's own Structure sheet: matrix rows, options and text rows."""
    export = next((ROOT / "data" / "raw" / "2019").glob("dataset_*.xlsx"))
    meta = read_export_meta(export)
    by_name = {q.name: q for q in meta.questions}
    status = by_name["s_8"]
    assert (
        status.type == "matrix"
        and status.text == "Hvad er status for skærmbesøg på følgende områder?"
    )
    assert [r.label for r in status.rows][:2] == ["Handicapområdet", "Socialpsykiatrien"]
    assert [c.label for c in status.choices] == [
        "I drift",
        "Under afprøvning",
        "Under implementering",
        "Planlagt",
        "Nej",
    ]
    prevention = by_name["s_14"]
    assert prevention.type == "text" and [r.label for r in prevention.rows] == [
        "KOL",
        "Diabetes",
        "Hjerte-karsygdomme",
    ]
    assert by_name["s_10"].rows[0].other == "s_10_1_3_other"
    assert {"kommunekode", "kommunenavn"} <= set(meta.background)
