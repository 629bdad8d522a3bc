"""The normalize stage and the review loop on a tiny fake project.

Round trip: responses.parquet -> normalize -> review.xlsx -> an analyst's edits -> import ->
decisions.csv -> normalize again (decisions win, also for identical and near-identical texts
in another year). Every import error leaves decisions.csv byte for byte as it was.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from pipeline.errors import MissingStageOutput, ReviewImportError
from pipeline.normalise.decisions import (
    DECISION_COLUMNS,
    Decision,
    DecisionIndex,
    append_decisions,
    decisions_path,
    notes_path,
    read_decisions,
    read_notes,
)
from pipeline.normalise.review import (
    EVIDENCE,
    FIXED,
    GUIDE_SHEET,
    HASH_COLUMN,
    IDS,
    INFO_SHEET,
    MUNICIPALITY,
    NOTE,
    QUESTION,
    REVIEW_SHEET,
    REVIEWER,
    SAMPLE_WHY,
    SUGGESTED,
    TEXT,
    WHY,
    YEAR,
    export_review,
    import_review,
    sample_size,
    wilson,
)
from pipeline.normalise.stage import CODED_COLUMNS, normalize_year
from pipeline.normalise.text import text_hash
from pipeline.project import Project
from pipeline.survey.taxonomy import load_taxonomy

ANSWERS_2019 = [
    # municipality, question_id, item, text
    ("101", "mobility_technologies", "", "Loftlifte og vasketoiletter"),
    ("147", "mobility_technologies", "", "Vi bruger apps til borgerne i eget hjem"),
    ("151", "mobility_technologies", "", "-Plejesenge og GPS"),
    ("153", "mobility_technologies", "", "Ingen GPS i eget hjem, kun dørsensorer"),
    ("155", "mobility_technologies", "", "Rollatorer"),
    ("157", "mobility_technologies", "", "Kørestole"),
    ("159", "mobility_technologies", "", "Vendelagner"),
    ("161", "mobility_technologies", "", "Specialbestik"),
    ("101", "prevention_technologies", "kol", "Telemedicin"),
    ("147", "prevention_technologies", "kol", "   "),
    ("101", "priority_next_year", "", "Skærmbesøg"),
    ("101", "mobility_benefits", "", "Bedre arbejdsmiljø"),  # coded to the benefits list
]
ANSWERS_2018 = [
    ("101", "mobility_technologies", "", "Vi bruger apps til borgerne i eget hjem."),
    ("147", "mobility_technologies", "", "Ingen GPS i eget hjem, kun dørsensorer"),
    ("151", "mobility_technologies", "", "Personløftere"),
]


def _responses(project: Project, year: int, answers: list[tuple[str, str, str, str]]) -> None:
    rows = [
        {
            "year": year,
            "municipality_code": m,
            "municipality_name": f"Kommune {m}",
            "respondent_id": n,
            "question_id": q,
            "item": item,
            "item_label": item,
            "value_code": None,
            "value_label": "",
            "text": text,
        }
        for n, (m, q, item, text) in enumerate(answers)
    ]
    rows.append({**rows[0], "question_id": "respondent_role", "value_code": 1, "text": None})
    frame = pd.DataFrame(rows)
    frame["value_code"] = frame["value_code"].astype("Int64")
    folder = project.processed(year)
    folder.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(folder / "responses.parquet", index=False)


@pytest.fixture
def fake(project: Project) -> Project:
    _responses(project, 2019, ANSWERS_2019)
    _responses(project, 2018, ANSWERS_2018)
    return project


def test_decisions_file_starts_with_only_its_header():
    path = Path(__file__).resolve().parent.parent / "survey" / "coding" / "decisions.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines == [",".join(DECISION_COLUMNS)]


def test_normalize_year_codes_the_coded_questions(fake):
    coded = normalize_year(fake, 2019)
    assert list(coded.columns) == CODED_COLUMNS
    assert set(coded["question_id"]) == {
        "mobility_technologies",
        "prevention_technologies",
        "priority_next_year",
        "mobility_benefits",
    }
    by_id = coded.set_index("answer_id")
    # a benefit question is coded to its code list, not to the taxonomy: a staff benefit is
    # not a citizen benefit on the list, so the analyst decides
    benefit = by_id.loc["2019-101-mobility_benefits"]
    assert (benefit["context"], benefit["categories"]) == ("liste:benefits", "")
    assert bool(benefit["needs_review"]) and not bool(benefit["non_answer"])
    row = by_id.loc["2019-101-prevention_technologies.kol"]
    assert (row["context"], row["categories"], row["source"]) == (
        "forebyggelse_kol",
        "skaermbesoeg",
        "rule",
    )
    assert by_id.loc["2019-101-mobility_technologies", "categories"] == "hygiejne;mobilitet"
    assert bool(by_id.loc["2019-147-mobility_technologies", "needs_review"])  # bare apps
    assert "2019-147-prevention_technologies.kol" not in by_id.index  # blank answer
    stored = pd.read_parquet(fake.processed(2019) / "coded_text.parquet")
    pd.testing.assert_frame_equal(stored, coded)
    assert stored["year"].dtype == "int64" and stored["needs_review"].dtype == bool


def test_normalize_needs_ingested_responses(project):
    with pytest.raises(MissingStageOutput, match="run `statusmaaling ingest --year 2019`"):
        normalize_year(project, 2019)


def test_export_needs_coded_answers(project):
    with pytest.raises(MissingStageOutput, match="normalize --year 2019"):
        export_review(project, 2019)


def _export(fake: Project, **kw) -> Path:
    normalize_year(fake, 2019)
    return export_review(fake, 2019, **kw)


def test_export_review_workbook(fake):
    path = _export(fake, seed=3)
    assert path == fake.output(2019) / "review.xlsx"
    taxonomy = load_taxonomy(fake.survey)
    labels = taxonomy.labels()
    wb = load_workbook(path)
    assert wb.sheetnames == [REVIEW_SHEET, GUIDE_SHEET, INFO_SHEET]
    ws = wb[REVIEW_SHEET]
    header = [c.value for c in ws[1]]
    assert header == [*FIXED, *(labels[s] for s in taxonomy.slugs), HASH_COLUMN]
    assert FIXED[:6] == ["Svar-id", "År", "Kommune", "Spørgsmål", "Svartekst", "Hvorfor"]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    ids = [r[IDS] for r in rows]
    coded = pd.read_parquet(fake.processed(2019) / "coded_text.parquet")
    # the benefit answers have a workbook of their own (review_benefits.xlsx)
    coded = coded[~coded["context"].str.startswith("liste:")]
    doubtful = sorted(coded.loc[coded["needs_review"], "answer_id"])
    confident = len(coded) - len(doubtful)
    assert ids[: len(doubtful)] == doubtful  # every doubtful answer, first
    assert len(ids) == len(doubtful) + sample_size(confident)  # plus the sample
    assert len(set(ids)) == len(ids)
    assert all(r[WHY].startswith("Tvivl: ") for r in rows[: len(doubtful)])
    assert all(r[WHY] == SAMPLE_WHY for r in rows[len(doubtful) :])
    first = next(r for r in rows if r[IDS] == "2019-151-mobility_technologies")
    assert first[TEXT] == "'-Plejesenge og GPS"  # formula guard
    assert first[labels["seng"]] == "x" and first[labels["tryghed"]] == "x"
    assert first[labels["hygiejne"]] is None
    assert first[SUGGESTED] == "Tryghedsskabende teknologi, Sengeteknologi"
    assert (first[MUNICIPALITY], first[YEAR]) == ("Ballerup", 2019)
    assert first[QUESTION].startswith("Hvilke teknologier anvender kommunen til borgere med")
    assert first[HASH_COLUMN] == text_hash("-Plejesenge og GPS")
    apps = next(r for r in rows if r[IDS] == "2019-147-mobility_technologies")
    assert apps[WHY].startswith("Tvivl: ") and "app" in apps[WHY]  # the coder's doubt
    assert wb[GUIDE_SHEET]["A1"].value == "Sådan gennemgår du kodningen"
    assert ws.freeze_panes == "B2"
    hash_letter = ws.cell(row=1, column=len(header)).column_letter
    assert ws.column_dimensions[hash_letter].hidden
    assert ws.protection.sheet
    (validation,) = ws.data_validations.dataValidation
    assert validation.formula1 == '"x"'
    assert wb[INFO_SHEET]["B1"].value == 2019


def test_export_sample_is_deterministic(fake):
    first = _ids(_export(fake, seed=7))
    second = _ids(export_review(fake, 2019, seed=7))
    assert first == second


def _ids(path: Path) -> list[str]:
    ws = load_workbook(path)[REVIEW_SHEET]
    return [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]


#: the category columns' headers: the Danish names of the taxonomy the tests copy
LABELS = load_taxonomy(Path(__file__).resolve().parent.parent / "survey").labels()


def _label_of(ws, slug: str) -> str:
    return LABELS[slug]


def _edited(path: Path, tmp: Path, edit: Callable) -> Path:
    wb = load_workbook(path)
    edit(wb, wb[REVIEW_SHEET])
    out = tmp / "edited.xlsx"
    wb.save(out)
    return out


def _col(ws, name: str) -> int:
    return [c.value for c in ws[1]].index(name) + 1


def _review_all(wb, ws):
    """An analyst: signs every row, and decides that the bare apps answer is training."""
    for row in range(2, ws.max_row + 1):
        ws.cell(row=row, column=_col(ws, REVIEWER)).value = "AB"
        if ws.cell(row=row, column=1).value == "2019-147-mobility_technologies":
            ws.cell(row=row, column=_col(ws, _label_of(ws, "traening"))).value = "x"
        if ws.cell(row=row, column=1).value == "2019-153-mobility_technologies":
            ws.cell(row=row, column=_col(ws, _label_of(ws, "tryghed"))).value = "X"


def test_round_trip_import_and_reuse(fake, tmp_path):
    log = decisions_path(fake.survey)
    before = log.read_bytes()
    edited = _edited(_export(fake), tmp_path, _review_all)
    result = import_review(fake, edited)
    assert result.new == result.decided == len(_ids(edited))
    after = log.read_bytes()
    assert after.startswith(before)  # appended, earlier lines untouched
    decisions = {d.answer_id: d for d in read_decisions(log)}
    apps = decisions["2019-147-mobility_technologies"]
    assert apps.categories == ("traening",) and apps.reviewer == "AB"
    assert decisions["2019-151-mobility_technologies"].text == "-Plejesenge og GPS"
    assert decisions["2019-153-mobility_technologies"].categories == ("tryghed",)

    assert import_review(fake, edited).new == 0  # importing again adds nothing
    assert log.read_bytes() == after

    coded = normalize_year(fake, 2019).set_index("answer_id")
    row = coded.loc["2019-147-mobility_technologies"]
    assert (row["categories"], row["source"], bool(row["needs_review"])) == (
        "traening",
        "analyst",
        False,
    )
    assert row["evidence"].startswith("analytiker: AB")

    # 2018: the same texts, near-identical ("... hjem.") and identical, reuse the decisions
    earlier = normalize_year(fake, 2018).set_index("answer_id")
    near = earlier.loc["2018-101-mobility_technologies"]
    assert (near["categories"], near["source"]) == ("traening", "analyst")
    assert "næsten samme tekst" in near["evidence"]
    same = earlier.loc["2018-147-mobility_technologies"]
    assert (same["categories"], same["source"]) == ("tryghed", "analyst")
    assert earlier.loc["2018-151-mobility_technologies", "source"] == "rule"


def test_rows_without_reviewer_take_the_option_or_are_skipped(fake, tmp_path):
    path = _export(fake)

    def sign_one(wb, ws):
        ws.cell(row=2, column=_col(ws, REVIEWER)).value = "CD"

    edited = _edited(path, tmp_path, sign_one)
    assert import_review(fake, edited).new == 1
    # an untouched workbook is no review, whatever --reviewer says: nothing becomes a decision
    # and no sample row counts as checked
    with pytest.raises(ReviewImportError, match="ingen række har initialer eller ændringer"):
        import_review(fake, path, reviewer="EF")

    def change_one(wb, ws):  # row 3: one mark added, no initials
        cell = ws.cell(row=3, column=_col(ws, _label_of(ws, "rengoering")))
        cell.value = None if cell.value else "x"

    (tmp_path / "b").mkdir()
    changed = _edited(path, tmp_path / "b", change_one)
    result = import_review(fake, changed, reviewer="EF")
    assert result.decided == 1 and result.new == 1


def _set(column: str, value, row: int = 2):
    def edit(wb, ws):
        _review_all(wb, ws)
        name = column if column in FIXED else _label_of(ws, column)
        ws.cell(row=row, column=_col(ws, name)).value = value

    return edit


def _rename_header(old: str, new: str):
    def edit(wb, ws):
        _review_all(wb, ws)
        ws.cell(row=1, column=_col(ws, _label_of(ws, old))).value = new

    return edit


def _duplicate_row(wb, ws):
    _review_all(wb, ws)
    ws.append([c.value for c in ws[2]])


def _other_year_in_info(wb, ws):
    _review_all(wb, ws)
    wb[INFO_SHEET]["B1"].value = 2018


def _old_layout(wb, ws):
    _review_all(wb, ws)
    ws.cell(row=1, column=1).value = "answer_id"  # a workbook exported before the Danish one


def _drop_sheet(wb, ws):
    del wb[INFO_SHEET]


def _no_reviewer(wb, ws):
    pass


@pytest.mark.parametrize(
    "edit, row, column, message",
    [
        (_rename_header("sanse", "Robotter"), 1, "Robotter", "ukendt kolonne 'Robotter'"),
        (_rename_header("sanse", EVIDENCE), 1, EVIDENCE, "står der to gange"),
        (_set(TEXT, "Loftlifte, vasketoiletter og GPS"), 2, TEXT, "svarteksten er ændret"),
        (_duplicate_row, None, IDS, "står i mere end én række"),
        (_set(YEAR, 2018), 2, YEAR, "hører ikke til 2019"),
        (_set(IDS, "2018-101-mobility_technologies"), 2, YEAR, "hører ikke til"),
        (_other_year_in_info, 2, YEAR, "hører ikke til 2018"),
        (_set("mobilitet", "ja"), 2, "Mobilitetsteknologi", "'ja' er ikke tilladt"),
        (_set("seng", 1, row=3), 3, "Sengeteknologi", "1 er ikke tilladt"),
        (_set(NOTE, "x" * 2_001), 2, NOTE, "længere end 2.000 tegn"),
        (_old_layout, 1, "answer_id", "det gamle engelske layout"),
        (_drop_sheet, None, None, "projektmappen skal have arkene"),
        (_no_reviewer, None, None, "ingen række har initialer"),
    ],
)
def test_import_errors_write_nothing(fake, tmp_path, edit, row, column, message):
    log = decisions_path(fake.survey)
    before = log.read_bytes()
    edited = _edited(_export(fake), tmp_path, edit)
    with pytest.raises(ReviewImportError) as info:
        import_review(fake, edited)
    err = info.value
    assert message in err.message
    assert err.column == column
    if row is not None:
        assert err.row == row
    if edit is _duplicate_row:
        assert err.row == len(_ids(edited)) + 1
    assert str(edited) in str(err)
    if row is not None:
        assert f"række {row}" in str(err)  # located in Danish
    assert log.read_bytes() == before


def test_import_rejects_files_that_are_not_workbooks(fake, tmp_path):
    bogus = tmp_path / "review.xlsx"
    bogus.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(ReviewImportError, match="ikke en Excel-projektmappe"):
        import_review(fake, bogus)
    with pytest.raises(ReviewImportError, match="filen findes ikke"):
        import_review(fake, tmp_path / "missing.xlsx")


def test_decision_index_exact_near_and_latest():
    def d(text, cats, n):
        return Decision(2019, f"2019-{n}-q", text_hash(text), text, cats, "AB", "2024-01-01")

    index = DecisionIndex(
        [
            d("Loftlifte og vasketoiletter i alle boliger", ("mobilitet",), 1),
            d("Loftlifte og vasketoiletter i alle boliger", ("hygiejne", "mobilitet"), 2),
        ]
    )
    found, exact = index.find("loftlifte og  vasketoiletter i alle boliger", "q")
    assert exact and found.categories == ("hygiejne", "mobilitet")  # the later line wins
    found, exact = index.find("Loftlifte og vasketoiletter i alle boligerne", "q")
    assert not exact and found.answer_id == "2019-2-q"
    assert index.find("Loftlifte", "q") is None
    # a decision holds for its own question: the same words answer another one differently
    assert index.find("Loftlifte og vasketoiletter i alle boliger", "other_question") is None


def test_decisions_keep_formula_like_text(tmp_path):
    survey = tmp_path / "survey"
    shutil.copytree(Path(__file__).resolve().parent.parent / "survey", survey)
    log = decisions_path(survey)
    text = "=HYPERLINK(1)"
    append_decisions(log, [Decision(2019, "2019-1-q", text_hash(text), text, (), "=x", "d")])
    assert "'=HYPERLINK(1)" in log.read_text(encoding="utf-8-sig")
    (d,) = read_decisions(log)
    assert (d.text, d.reviewer) == (text, "=x")


def test_identical_texts_are_one_row_and_one_decision_covers_them(project, tmp_path):
    same = "Vi bruger apps til borgerne i eget hjem"
    _responses(
        project,
        2019,
        [
            ("101", "mobility_technologies", "", same),
            ("147", "mobility_technologies", "", same),
            ("151", "priority_next_year", "", same),
            ("153", "mobility_technologies", "", "Rollatorer"),
        ],
    )
    normalize_year(project, 2019)
    path = export_review(project, 2019)
    ws = load_workbook(path)[REVIEW_SHEET]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    # one row per question and text: a decision holds for the question it was made for
    grouped = next(r for r in rows if r[TEXT] == same and "mobility" in r[IDS])
    assert grouped[IDS].split("\n") == [
        "2019-101-mobility_technologies",
        "2019-147-mobility_technologies",
    ]
    assert grouped[MUNICIPALITY].split("\n") == ["København", "Frederiksberg"]
    assert len(grouped[QUESTION].split("\n")) == 1
    other = next(r for r in rows if r[TEXT] == same and "priority" in r[IDS])
    assert other[IDS] == "2019-151-priority_next_year"
    assert sum(r[TEXT] == same for r in rows) == 2

    def decide(wb, ws):
        _review_all(wb, ws)
        row = next(
            n
            for n in range(2, ws.max_row + 1)
            if ws.cell(n, _col(ws, TEXT)).value == same
            and "mobility" in ws.cell(n, _col(ws, IDS)).value
        )
        ws.cell(row, _col(ws, _label_of(ws, "traening"))).value = "x"
        ws.cell(row, _col(ws, NOTE)).value = "-apps til genoptræning, aftalt med CD"

    edited = _edited(path, tmp_path, decide)
    result = import_review(project, edited)
    assert result.new == len(rows) and result.notes == 1
    decided = [d for d in read_decisions(decisions_path(project.survey)) if d.text == same]
    assert [d.answer_id for d in decided] == [
        "2019-101-mobility_technologies",
        "2019-151-priority_next_year",
    ]
    (note,) = read_notes(notes_path(project.survey))
    assert (note.text_hash, note.note) == (text_hash(same), "-apps til genoptræning, aftalt med CD")
    assert note.answer_id == "2019-101-mobility_technologies"
    assert "'-apps" in notes_path(project.survey).read_text(encoding="utf-8-sig")  # guarded
    assert import_review(project, edited).notes == 0  # the same note is not added again
    coded = normalize_year(project, 2019).set_index("answer_id")
    for aid in grouped[IDS].split("\n"):
        assert (coded.loc[aid, "source"], "traening" in coded.loc[aid, "categories"]) == (
            "analyst",
            True,
        )
    # the same words under the priority question kept their own decision, not the training
    assert "traening" not in coded.loc["2019-151-priority_next_year", "categories"]


def test_import_estimates_the_error_rate_of_confident_codings(fake, tmp_path):
    path = _export(fake)

    def change_one_sample_row(wb, ws):
        _review_all(wb, ws)
        sample = [
            n for n in range(2, ws.max_row + 1) if ws.cell(n, _col(ws, WHY)).value == SAMPLE_WHY
        ]
        ws.cell(sample[0], _col(ws, _label_of(ws, "sanse"))).value = "x"
        # a forged "Hvorfor" does not make a doubtful row part of the sample
        ws.cell(2, _col(ws, WHY)).value = SAMPLE_WHY

    result = import_review(fake, _edited(path, tmp_path, change_one_sample_row))
    coded = pd.read_parquet(fake.processed(2019) / "coded_text.parquet")
    confident = int((~coded["needs_review"]).sum())
    assert (result.sample_checked, result.sample_errors) == (sample_size(confident), 1)
    share, low, high = result.error_estimate
    assert low < share < high
    assert "fejlrate" in result.describe() and "95 %-interval" in result.describe()


def test_sample_size_and_wilson_interval():
    assert sample_size(0) == 0 and sample_size(3) == 3 and sample_size(10) == 10
    assert sample_size(100_000) == 139  # +-5 points at a planned 10 % error rate
    assert 60 < sample_size(200) < 139  # finite-population correction
    share, low, high = wilson(0, 139)
    assert share == 0 and low == 0 and 0.02 < high < 0.03
    share, low, high = wilson(10, 100)
    assert (round(low, 3), round(high, 3)) == (0.055, 0.174)


def test_a_near_decision_read_differently_is_the_suggestion_in_the_workbook(project):
    decided = "Vi har loftlifte og vasketoiletter i alle plejeboligerne i kommunen"
    negated = "Vi har ikke loftlifte og vasketoiletter i alle plejeboligerne i kommunen"
    append_decisions(
        decisions_path(project.survey),
        [
            Decision(
                2018,
                "2018-101-mobility_technologies",
                text_hash(decided),
                decided,
                ("mobilitet",),
                "AB",
                "d",
            )
        ],
    )
    _responses(project, 2019, [("101", "mobility_technologies", "", negated)])
    normalize_year(project, 2019)
    ws = load_workbook(export_review(project, 2019))[REVIEW_SHEET]
    header = [c.value for c in ws[1]]
    (row,) = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert row[SUGGESTED] == "Mobilitetsteknologi" and row["Mobilitetsteknologi"] == "x"
    assert "tidligere afgørelse for næsten samme tekst (2018-101-mobility" in row[WHY]
    assert "nu negeret: loftlifte, vasketoiletter" in row[WHY]


SLUGS = load_taxonomy(Path(__file__).resolve().parent.parent / "survey").slugs


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(marks=st.lists(st.sets(st.sampled_from(SLUGS), max_size=3), min_size=1, max_size=12))
def test_round_trip_records_exactly_the_marks(fake, tmp_path_factory, marks):
    """Whatever an analyst marks, decisions.csv then holds exactly those categories."""
    log = decisions_path(fake.survey)
    log.write_text(",".join(DECISION_COLUMNS) + "\n", encoding="utf-8-sig")
    path = _export(fake)
    chosen: dict[str, set[str]] = {}

    def mark(wb, ws):
        for row in range(2, ws.max_row + 1):
            wanted = marks[(row - 2) % len(marks)]
            for slug in SLUGS:
                cell = ws.cell(row, _col(ws, LABELS[slug]))
                cell.value = "x" if slug in wanted else None
            ws.cell(row, _col(ws, REVIEWER)).value = "AB"
            chosen[ws.cell(row, 1).value.split("\n")[0]] = wanted  # one decision per text

    edited = _edited(path, tmp_path_factory.mktemp("rt"), mark)
    import_review(fake, edited)
    got = {d.answer_id: set(d.categories) for d in read_decisions(log)}
    assert got == chosen
