"""The analysts' term file `survey/coding/terms.csv`, merged into the taxonomy on load.

Both readers of the taxonomy (the survey model and `load_taxonomy`, used by `classify`) add
its terms; a category renamed since is followed through the crosswalk; anything else wrong is
one line naming terms.csv, the row and the column. `run` re-codes the year when it changes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.errors import DefinitionError
from pipeline.normalise.classify import classify_texts, get_coder
from pipeline.normalise.stage import normalize_year
from pipeline.normalise.unknown import flagged_words
from pipeline.project import Project
from pipeline.reads import recording
from pipeline.survey import load_survey
from pipeline.survey.taxonomy import load_taxonomy
from pipeline.survey.terms import IGNORE, TERM_COLUMNS, read_terms, terms_path
from tests.test_cli_run import run, stage_lines
from tests.test_review import _responses

ROOT = Path(__file__).resolve().parent.parent
HEADER = ",".join(TERM_COLUMNS)


def _write(project: Project, *lines: str) -> Path:
    path = terms_path(project.survey)
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def _terms(taxonomy, slug: str) -> tuple[str, ...]:
    return next(c.terms for c in taxonomy.categories if c.slug == slug)


def test_the_shipped_term_file_has_only_its_header():
    lines = terms_path(ROOT / "survey").read_text(encoding="utf-8-sig").splitlines()
    assert lines == [HEADER]


def test_a_term_joins_its_category_for_every_reader_of_the_taxonomy(project):
    answer = "Borgerne har fået hoftebeskyttere"
    assert get_coder(project.survey).code(answer).categories == ()
    _write(project, "hoftebeskyttere,smaahjaelpemidler,ab,2026-12-01,2019,beskytter hoften")
    assert "hoftebeskyttere" in _terms(load_survey(project).taxonomy, "smaahjaelpemidler")
    assert "hoftebeskyttere" in _terms(load_taxonomy(project.survey), "smaahjaelpemidler")
    # the cached coder is rebuilt: the new term codes at once, in other forms too
    (coding,) = classify_texts(["Én hoftebeskytter til hver beboer"], None, project.survey)
    assert coding.categories == ("smaahjaelpemidler",)
    assert get_coder(project.survey).code(answer).categories == ("smaahjaelpemidler",)


def test_an_ignored_word_is_known_and_no_longer_flagged(project):
    answer = "Rollatorer og ventetid"
    assert flagged_words(get_coder(project.survey).code(answer).evidence) == ["ventetid"]
    _write(project, f"ventetid,{IGNORE},ab,2026-12-01,2019,")
    assert load_taxonomy(project.survey).known_words == ("ventetid",)
    coding = get_coder(project.survey).code(answer)
    assert coding.categories == ("mobilitet",) and not coding.needs_review


def test_a_renamed_category_is_followed_through_the_crosswalk(project):
    (project.survey / "crosswalk.yaml").write_text(
        "crosswalk:\n  - {from: hjaelpemidler_smaa, to: [smaahjaelpemidler]}\n"
        "  - {from: velfaerd, to: [tryghed, seng]}\n",
        encoding="utf-8",
    )
    _write(project, "hoftebeskyttere,hjaelpemidler_smaa,ab,2026-12-01,2018,")
    assert "hoftebeskyttere" in _terms(load_survey(project).taxonomy, "smaahjaelpemidler")
    _write(
        project,
        "hoftebeskyttere,hjaelpemidler_smaa,ab,2026-12-01,2018,",
        "kabelfri klokkestreng,velfaerd,ab,2026-12-01,2018,",
    )
    with pytest.raises(DefinitionError) as info:
        load_taxonomy(project.survey)
    assert info.value.row == 3 and info.value.column == "category"
    assert "split into tryghed, seng" in str(info.value)


BAD = {
    "unknown category": (
        ["hoftebeskyttere,smaahjælpemidler,ab,2026-12-01,2019,"],
        2,
        "category",
        "unknown category 'smaahjælpemidler'",
    ),
    "a term of another category": (
        ["hoftebeskyttere,tryghed,ab,2026-12-01,2019,", "Hoftebeskyttere,seng,cd,2026-12-02,2019,"],
        3,
        "term",
        "already 'tryghed'",
    ),
    "a taxonomy term ignored": (
        [f"loftlift,{IGNORE},ab,2026-12-01,2019,"],
        2,
        "category",
        "is a term of 'mobilitet'",
    ),
    "not a word": (["hofte/beskytter,tryghed,ab,2026-12-01,2019,"], 2, "term", "words of letters"),
    "a field missing": (["hoftebeskyttere,tryghed,ab"], 2, None, "expected 6 fields"),
    "not a year": (["hoftebeskyttere,tryghed,ab,2026-12-01,i år,"], 2, "year", "not a year"),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_a_bad_line_is_one_error_naming_file_row_and_column(project, case):
    lines, row, column, message = BAD[case]
    path = _write(project, *lines)
    for load in (lambda: load_survey(project), lambda: load_taxonomy(project.survey)):
        with pytest.raises(DefinitionError) as info:
            load()
        error = info.value
        assert (error.file, error.row, error.column) == (str(path), row, column)
        assert message in str(error) and "\n" not in str(error)


def test_a_wrong_header_is_named(project):
    terms_path(project.survey).write_text("term,slug\nx,tryghed\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match="expected the header term,category"):
        load_taxonomy(project.survey)


def test_a_term_listed_again_for_its_own_category_adds_nothing(project):
    _write(
        project,
        "hoftebeskyttere,smaahjaelpemidler,ab,2026-12-01,2019,",
        "Hoftebeskyttere,smaahjaelpemidler,cd,2026-12-02,2020,",
    )
    terms = _terms(load_taxonomy(project.survey), "smaahjaelpemidler")
    assert [t for t in terms if t.casefold() == "hoftebeskyttere"] == ["hoftebeskyttere"]
    assert [e.year for e in read_terms(terms_path(project.survey))] == [2019, 2020]


def test_normalize_records_the_term_file_as_its_input(project):
    _responses(project, 2019, [("101", "mobility_technologies", "", "Rollatorer")])
    with recording() as reads:
        normalize_year(project, 2019)
    assert terms_path(project.survey).resolve() in reads


def test_a_new_term_reruns_normalize_and_what_follows(demo_copy):
    assert run(demo_copy).exit_code == 0
    shutil.copy(ROOT / "survey" / "coding" / "terms.csv", terms_path(demo_copy.survey))
    with terms_path(demo_copy.survey).open("a", encoding="utf-8") as f:
        f.write("elektrisk vending,seng,ab,2026-12-01,2019,\n")
    out = run(demo_copy)
    assert out.exit_code == 0, out.output
    lines = stage_lines(out.output)
    assert lines["2019 normalize"] != "unchanged, skipped", out.output
    assert lines["2019 ingest"] == "unchanged, skipped", out.output
