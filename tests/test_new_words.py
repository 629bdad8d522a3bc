"""The year's new words: listed and ranked, exported for analysts, imported as terms.

Round trip on a small fake year: responses.parquet -> normalize -> nye_ord.xlsx -> an
analyst's categories -> import -> survey/coding/terms.csv -> normalize again (the new term
codes, the ignored word is no longer flagged, neither is listed again). Every import error
names sheet, row and column in Danish and leaves terms.csv byte for byte as it was.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from pipeline import locks
from pipeline.cli import app
from pipeline.errors import LockedError, MissingStageOutput, OutputNotWritable, ReviewImportError
from pipeline.normalise.classify import get_coder
from pipeline.normalise.newwords import excerpt, find_new_words
from pipeline.normalise.stage import normalize_year
from pipeline.normalise.termsheet import (
    CATEGORY,
    CATEGORY_SHEET,
    COLUMNS,
    DECIDED_BY,
    EXAMPLES,
    GUIDE_SHEET,
    IGNORE_CHOICE,
    INFO_SHEET,
    MUNICIPALITIES,
    NOTE,
    PRIVATE,
    QUESTION,
    TERM,
    WORDS_SHEET,
    export_new_words,
    import_terms,
    new_words_path,
)
from pipeline.normalise.unknown import flagged_words
from pipeline.project import Project
from pipeline.survey import load_survey
from pipeline.survey.terms import IGNORE, TERM_COLUMNS, read_terms, terms_path
from tests.test_review import _responses

MOBILITY, PRIORITY = "mobility_technologies", "priority_next_year"
#: Invented answers: "hoftebeskyttere" and "kabelfri klokkestreng" are unknown to the term
#: lists; "ventetid" is a plain Danish word in an answer that names no technology.
ANSWERS = [
    ("101", MOBILITY, "", "Vi bruger hoftebeskyttere og rollatorer"),
    ("147", MOBILITY, "", "Hoftebeskyttere og badebænke hos borgerne"),
    ("151", MOBILITY, "", "Rollatorer, hoftebeskyttere"),
    ("151", PRIORITY, "", "Flere hoftebeskyttere på plejecentrene"),
    ("153", MOBILITY, "", "Rollatorer og kabelfri klokkestreng i weekenden"),
    ("155", MOBILITY, "", "Kørestole og kabelfri klokkestreng"),
    ("157", MOBILITY, "", "Ventetid på hjælpemidler i weekenden"),
    ("159", MOBILITY, "", "Loftlifte og vasketoiletter"),
    ("161", PRIORITY, "", "Skærmbesøg"),
]


@pytest.fixture
def year(project: Project) -> Project:
    _responses(project, 2019, ANSWERS)
    normalize_year(project, 2019)
    return project


def _words(project: Project):
    coded = load_coded(project)
    return {w.term: w for w in find_new_words(coded, get_coder(project.survey))}


def load_coded(project: Project):
    import pandas as pd

    return pd.read_parquet(project.processed(2019) / "coded_text.parquet")


def test_flagged_words_are_read_back_from_the_coders_evidence():
    coder = get_coder(Path(__file__).resolve().parent.parent / "survey")
    coding = coder.code("Rollatorer, hoftebeskyttere og kabelfri klokkestreng")
    assert coding.needs_review
    assert set(flagged_words(coding.evidence)) == {"kabelfri", "klokkestreng", "hoftebeskyttere"}
    assert flagged_words("mobilitet: rollatorer") == []


def test_the_list_counts_answers_and_municipalities_and_ranks_by_them(year):
    words = _words(year)
    protector = words["hoftebeskyttere"]
    # four answers, but two are from municipality 151
    assert (protector.answers, protector.municipalities, protector.flagged) == (4, 3, 4)
    assert protector.questions == (MOBILITY, PRIORITY)
    assert {e.municipality_code for e in protector.examples} == {"101", "147", "151"}
    phrase = words["kabelfri klokkestreng"]
    assert phrase.is_phrase and (phrase.answers, phrase.municipalities) == (2, 2)
    assert (words["ventetid"].answers, words["ventetid"].flagged) == (1, 1)
    # counted also where the coder did not flag it (a confident answer): 2 answers, 1 flag
    assert (phrase.flagged, words["kabelfri"].answers, words["kabelfri"].flagged) == (0, 2, 1)
    ranked = list(words)
    assert ranked[0] == "hoftebeskyttere"
    assert ranked.index("kabelfri klokkestreng") < ranked.index("ventetid")
    # known words, short words and the most frequent Danish words are never listed
    for known in ("rollatorer", "badebænke", "loftlifte", "på", "og", "flere"):
        assert known not in words
    covered = set().union(*(w.answer_ids for w in words.values()))
    assert "2019-159-mobility_technologies" not in covered


def test_inflected_forms_are_one_word(project):
    _responses(
        project,
        2019,
        [
            ("101", MOBILITY, "", "Rollatorer og hoftebeskytter"),
            ("147", MOBILITY, "", "Rollatorer og hoftebeskyttere"),
            ("151", MOBILITY, "", "Kørestole og hoftebeskyttere"),
        ],
    )
    normalize_year(project, 2019)
    words = _words(project)
    assert [w for w in words if w.startswith("hoftebeskytt")] == ["hoftebeskyttere"]
    assert set(words["hoftebeskyttere"].forms) == {"hoftebeskyttere", "hoftebeskytter"}
    assert words["hoftebeskyttere"].municipalities == 3


def test_an_excerpt_is_short_and_marks_what_it_leaves_out():
    text = (
        "Kommunen har i mange år arbejdet målrettet med forflytning og har derfor indkøbt "
        "hoftebeskyttere til samtlige plejecentre, og resultaterne er blevet fulgt tæt af "
        "terapeuterne gennem hele forløbet."
    )
    shown = excerpt(text, ("hoftebeskyttere",), side=30)
    assert shown.startswith("…") and shown.endswith("…")
    assert "hoftebeskyttere" in shown and len(shown) < len(text) / 2
    assert excerpt("Hoftebeskyttere", ("hoftebeskyttere",)) == "Hoftebeskyttere"


def test_the_sheet_is_danish_internal_and_guarded(year):
    path, words = export_new_words(year, 2019)
    assert path == new_words_path(year, 2019) == year.output(2019) / "nye_ord.xlsx"
    wb = load_workbook(path)
    assert wb.sheetnames == [WORDS_SHEET, GUIDE_SHEET, CATEGORY_SHEET, INFO_SHEET]
    ws = wb[WORDS_SHEET]
    header = [c.value for c in ws[1]]
    assert header == COLUMNS
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    rows = [r for r in rows if r[TERM]]
    assert [r[TERM] for r in rows] == [w.term for w in words]
    first = rows[0]
    assert first[TERM] == "hoftebeskyttere" and first[MUNICIPALITIES] == 3
    assert "mobilitetsudfordringer" in first[QUESTION]  # the question's wording, not its id
    assert first[EXAMPLES].count('"') == 6  # three quoted excerpts
    assert first[CATEGORY] is None
    # the dropdown offers the Danish category names and the choice to ignore
    labels = load_survey(year).taxonomy.labels()
    names = [r[0] for r in wb[CATEGORY_SHEET].iter_rows(min_row=2, values_only=True)]
    assert names == [*labels.values(), IGNORE_CHOICE]
    (validation,) = ws.data_validations.dataValidation
    assert validation.formula1 == f"='{CATEGORY_SHEET}'!$A$2:$A${len(names) + 1}"
    assert str(validation.sqref).startswith("I2:I")  # the Kategori column
    assert ws.protection.sheet and not ws["I2"].protection.locked and ws["D2"].protection.locked
    guide = " ".join(str(c) for r in wb[GUIDE_SHEET].iter_rows(values_only=True) for c in r)
    assert PRIVATE in guide and "import-terms" in guide
    info = {r[0]: r[1] for r in wb[INFO_SHEET].iter_rows(values_only=True)}
    assert info["år"] == 2019 and info["fortroligt"] == PRIVATE


def test_a_formula_in_an_answer_stays_text_in_the_sheet(project):
    _responses(
        project,
        2019,
        [
            ("101", MOBILITY, "", '=HYPERLINK("http://x") hoftebeskyttere og rollatorer'),
            ("147", MOBILITY, "", "Rollatorer og hoftebeskyttere"),
        ],
    )
    normalize_year(project, 2019)
    path, _ = export_new_words(project, 2019)
    ws = load_workbook(path)[WORDS_SHEET]
    cells = [c.value for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert not any(v.startswith(("=", "+", "-", "@")) for v in cells)


def _fill(path: Path, tmp: Path, choices: dict[str, tuple], extra: list[tuple] = ()) -> Path:
    """The exported sheet with a category (and initials, note) set for the named words."""
    wb = load_workbook(path)
    ws = wb[WORDS_SHEET]
    col = {c.value: c.column for c in ws[1]}
    last = 1
    for row in ws.iter_rows(min_row=2):
        term = row[col[TERM] - 1].value
        if term:
            last = row[0].row
        if term in choices:
            category, who, *note = choices[term]
            ws.cell(row[0].row, col[CATEGORY], category)
            ws.cell(row[0].row, col[DECIDED_BY], who)
            ws.cell(row[0].row, col[NOTE], note[0] if note else None)
    for n, (term, category, who) in enumerate(extra, start=last + 1):
        ws.cell(n, col[TERM], term)
        ws.cell(n, col[CATEGORY], category)
        ws.cell(n, col[DECIDED_BY], who)
    out = tmp / f"filled-{len(list(tmp.iterdir()))}.xlsx"
    wb.save(out)
    return out


def test_round_trip_a_term_codes_and_an_ignored_word_stops_being_flagged(year, tmp_path):
    before = load_coded(year).set_index("answer_id")
    assert "ventetid" in flagged_words(before.loc["2019-157-mobility_technologies", "evidence"])
    path, _ = export_new_words(year, 2019)
    labels = load_survey(year).taxonomy.labels()
    filled = _fill(
        path,
        tmp_path,
        {
            "hoftebeskyttere": (labels["smaahjaelpemidler"], "ab", "-beskytter hoften"),
            "kabelfri klokkestreng": (labels["tryghed"], "ab"),
            "ventetid": (IGNORE_CHOICE, "cd"),
        },
    )
    result = import_terms(year, filled)
    assert (result.added, result.ignored, result.unchanged) == (2, 1, 0)
    entries = read_terms(terms_path(year.survey))
    assert [(e.term, e.category, e.decided_by, e.year) for e in entries] == [
        ("hoftebeskyttere", "smaahjaelpemidler", "ab", 2019),
        ("kabelfri klokkestreng", "tryghed", "ab", 2019),
        ("ventetid", IGNORE, "cd", 2019),
    ]
    assert entries[0].note == "-beskytter hoften"  # kept, but guarded in the file
    assert "'-beskytter hoften" in terms_path(year.survey).read_text(encoding="utf-8-sig")

    # decided words are not listed again, even before the year is coded again
    _, again = export_new_words(year, 2019)
    assert not {"hoftebeskyttere", "ventetid", "kabelfri klokkestreng"} & {w.term for w in again}

    coded = normalize_year(year, 2019).set_index("answer_id")
    assert coded.loc["2019-151-priority_next_year", "categories"] == "smaahjaelpemidler"
    assert coded.loc["2019-151-mobility_technologies", "categories"] == (
        "mobilitet;smaahjaelpemidler"
    )
    assert "tryghed" in coded.loc["2019-155-mobility_technologies", "categories"]
    # the ignored word is no longer flagged (the answer's other unknown word still is)
    waiting = coded.loc["2019-157-mobility_technologies", "evidence"]
    assert flagged_words(waiting) == ["weekenden"]
    # a new answer, in another wording, is coded by the new term
    coder = get_coder(year.survey)
    assert coder.code("Borgeren har fået en hoftebeskytter").categories == ("smaahjaelpemidler",)
    # importing the same sheet again adds nothing
    before = terms_path(year.survey).read_bytes()
    assert import_terms(year, filled).unchanged == 3
    assert terms_path(year.survey).read_bytes() == before


def test_a_row_without_initials_takes_the_reviewer_option(year, tmp_path):
    path, _ = export_new_words(year, 2019)
    labels = load_survey(year).taxonomy.labels()
    filled = _fill(path, tmp_path, {"hoftebeskyttere": (labels["smaahjaelpemidler"], None)})
    with pytest.raises(ReviewImportError, match="initialer") as info:
        import_terms(year, filled)
    assert info.value.column == DECIDED_BY
    import_terms(year, filled, reviewer="ef")
    assert read_terms(terms_path(year.survey))[0].decided_by == "ef"


#: case -> (listed words to fill: term -> (category slug or name, initials), rows added
#: below the list, the row named (None: the first added row), column, message). Rows count
#: the header as row 1; hoftebeskyttere is ranked first (row 2).
ERRORS = {
    "unknown category": (
        {"hoftebeskyttere": ("Hjælpemidler i almindelighed", "ab")},
        [],
        2,
        CATEGORY,
        "ukendt kategori 'Hjælpemidler i almindelighed'",
    ),
    "empty word": (
        {},
        [("", "smaahjaelpemidler", "ab")],
        None,
        TERM,
        "tomt ord",
    ),
    "too long": (
        {},
        [("hoftebeskyttere med ekstra polstring til natbrug", "smaahjaelpemidler", "ab")],
        None,
        TERM,
        "for langt",
    ),
    "not a word": (
        {},
        [("hofte/beskytter!", "smaahjaelpemidler", "ab")],
        None,
        TERM,
        "kun bogstaver og tal",
    ),
    "most frequent Danish word": (
        {},
        [("meget", "smaahjaelpemidler", "ab")],
        None,
        TERM,
        "mest almindelige danske ord",
    ),
    "plain word in many answers": (
        {},
        [("weekenden", "tryghed", "ab")],
        None,
        TERM,
        "% af årets svar",
    ),
    "twice in the sheet": (
        {"hoftebeskyttere": ("smaahjaelpemidler", "ab")},
        [("Hoftebeskyttere", "tryghed", "ab")],
        None,
        TERM,
        "står med en anden kategori i række 2",
    ),
    "a term the coder already reads": (
        {},
        [("elektriske kørestole", "seng", "ab")],
        None,
        TERM,
        "koderen læser i forvejen 'Mobilitetsteknologi'",
    ),
    "a term the coder already codes so": (
        {},
        [("elektriske kørestole", "mobilitet", "ab")],
        None,
        TERM,
        "koderen finder allerede 'Mobilitetsteknologi' i 'elektriske kørestole': ordet er ikke nyt",
    ),
    "a technology ignored": (
        {},
        [("loftlift", IGNORE_CHOICE, "ab")],
        None,
        CATEGORY,
        "kan ikke ignoreres",
    ),
}


@pytest.mark.parametrize("case", list(ERRORS), ids=list(ERRORS))
def test_import_errors_name_row_and_column_and_write_nothing(year, tmp_path, case):
    words, extra, row, column, message = ERRORS[case]
    labels = load_survey(year).taxonomy.labels()

    def name(choice: str) -> str:
        return labels.get(choice, choice)

    path, listed = export_new_words(year, 2019)
    filled = _fill(
        path,
        tmp_path,
        {t: (name(c), who) for t, (c, who) in words.items()},
        [(t, name(c), who) for t, c, who in extra],
    )
    before = terms_path(year.survey).read_bytes() if terms_path(year.survey).exists() else None
    with pytest.raises(ReviewImportError) as info:
        import_terms(year, filled)
    error = info.value
    text = str(error)
    assert "\n" not in text and message in text, text
    assert error.sheet == WORDS_SHEET and error.column == column
    # an extra row is written right below the listed words
    assert error.row == (row if row is not None else len(listed) + 2), text
    assert f"ark '{WORDS_SHEET}', række {error.row}, kolonne '{column}'" in text
    after = terms_path(year.survey).read_bytes() if terms_path(year.survey).exists() else None
    assert after == before


def test_a_term_decided_otherwise_before_is_refused(year, tmp_path):
    path, _ = export_new_words(year, 2019)
    labels = load_survey(year).taxonomy.labels()
    import_terms(year, _fill(path, tmp_path, {"hoftebeskyttere": (labels["tryghed"], "ab")}))
    other = _fill(path, tmp_path, {"hoftebeskyttere": (labels["smaahjaelpemidler"], "cd")})
    before = terms_path(year.survey).read_bytes()
    with pytest.raises(ReviewImportError, match="står allerede i terms.csv .* som 'Tryghed"):
        import_terms(year, other)
    assert terms_path(year.survey).read_bytes() == before


def test_a_sheet_without_any_category_or_of_another_kind_is_refused(year, tmp_path):
    path, _ = export_new_words(year, 2019)
    with pytest.raises(ReviewImportError, match="ingen række har en kategori"):
        import_terms(year, path)
    wb = load_workbook(path)
    wb[WORDS_SHEET]["B1"] = "Ord"
    wb.save(tmp_path / "renamed.xlsx")
    with pytest.raises(ReviewImportError, match="kolonnen 'Ord eller udtryk' mangler"):
        import_terms(year, tmp_path / "renamed.xlsx")
    (tmp_path / "not.xlsx").write_text("term,category\n", encoding="utf-8")
    with pytest.raises(ReviewImportError, match="ikke en Excel-projektmappe"):
        import_terms(year, tmp_path / "not.xlsx")


def test_the_list_needs_coded_answers(project):
    with pytest.raises(MissingStageOutput, match="normalize --year 2019"):
        export_new_words(project, 2019)


HOLD = textwrap.dedent(
    """
    import sys, time
    from pipeline.locks import coding_lock

    with coding_lock(sys.argv[1]):
        print("held", flush=True)
        time.sleep(60)
    """
)


def test_the_import_waits_for_the_coding_lock(year, tmp_path, monkeypatch):
    path, _ = export_new_words(year, 2019)
    labels = load_survey(year).taxonomy.labels()
    filled = _fill(path, tmp_path, {"hoftebeskyttere": (labels["tryghed"], "ab")})
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(year.survey)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(locks, "DEFAULT_TIMEOUT", 0.3)
        with pytest.raises(LockedError, match=f"pid {holder.pid}"):
            import_terms(year, filled)
        assert read_terms(terms_path(year.survey)) == []
    finally:
        holder.kill()
        holder.wait()
    import_terms(year, filled)
    assert [e.term for e in read_terms(terms_path(year.survey))] == ["hoftebeskyttere"]
    leftovers = [p.name for p in (year.survey / "coding").iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_cli_new_words_and_import_terms(year, tmp_path):
    runner = CliRunner()
    out = runner.invoke(app, ["review", "new-words", "--year", "2019", "--project", str(year.root)])
    assert out.exit_code == 0, out.output
    said = "".join(out.output.split())  # rich wraps long lines
    assert "nye_ord.xlsx" in said and "interntarbejdsark" in said
    labels = load_survey(year).taxonomy.labels()
    filled = _fill(
        new_words_path(year, 2019), tmp_path, {"hoftebeskyttere": (labels["tryghed"], None)}
    )
    args = ["review", "import-terms", str(filled), "--project", str(year.root)]
    out = runner.invoke(app, args)
    assert out.exit_code == 1 and "initialer" in out.output and "Traceback" not in out.output
    out = runner.invoke(app, [*args, "--reviewer", "ab"])
    assert out.exit_code == 0, out.output
    assert "1 nye ord" in " ".join(out.output.split())
    header = terms_path(year.survey).read_text("utf-8-sig").splitlines()[0]
    assert header.split(",") == TERM_COLUMNS


_LETTERS = "bdfghjklmnprstvæøå"


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.lists(st.text(_LETTERS, min_size=3, max_size=8), min_size=1, max_size=3),
            st.integers(min_value=0, max_value=15),
        ),
        min_size=1,
        max_size=6,
        unique_by=lambda t: " ".join(t[0]),
    )
)
def test_round_trip_records_exactly_the_rows_decided(year, tmp_path_factory, rows):
    """Invented words ("zq" and consonants: no Danish word, no term) with any category of the
    dropdown, written below the list: terms.csv holds exactly those, in sheet order."""
    tmp = tmp_path_factory.mktemp("sheet")
    terms_path(year.survey).unlink(missing_ok=True)
    survey = load_survey(year)
    slugs = [*survey.taxonomy.slugs, IGNORE]
    labels = {**survey.taxonomy.labels(), IGNORE: IGNORE_CHOICE}
    path, _ = export_new_words(year, 2019)
    extra = [("zq" + " ".join(words), labels[slugs[n % len(slugs)]], "ab") for words, n in rows]
    import_terms(year, _fill(path, tmp, {}, extra))
    written = [(e.term, labels[e.category]) for e in read_terms(terms_path(year.survey))]
    assert written == [(term, name) for term, name, _ in extra]


def test_a_failed_write_leaves_terms_csv_as_it_was(year, tmp_path, monkeypatch):
    path, _ = export_new_words(year, 2019)
    labels = load_survey(year).taxonomy.labels()
    import_terms(year, _fill(path, tmp_path, {"ventetid": (IGNORE_CHOICE, "ab")}))
    before = terms_path(year.survey).read_bytes()
    filled = _fill(path, tmp_path, {"hoftebeskyttere": (labels["tryghed"], "ab")})

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("pipeline.io.os.replace", full_disk)
    with pytest.raises(OutputNotWritable, match="terms.csv"):
        import_terms(year, filled)
    monkeypatch.undo()
    assert terms_path(year.survey).read_bytes() == before
    assert not [p for p in (year.survey / "coding").iterdir() if p.name.endswith(".tmp")]
