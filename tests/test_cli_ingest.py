"""Bad input: a clear one-line message naming the file (and sheet/row/column), exit code 1,
no traceback, and earlier outputs left intact."""

from __future__ import annotations

import zipfile

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.survey.codebook import load_codebook
from tests import exports as ex
from tests.test_ingest import answers_2019

runner = CliRunner()
Y = 2019


def ingest(project, year=Y):
    return runner.invoke(app, ["ingest", "--year", str(year), "--project", str(project.root)])


def good_export(project):
    book = load_codebook(project.codebook_path(Y))
    data = [ex.complete(book, kommunekode=101, **answers_2019())]
    return ex.write_xlsx(project.raw(Y) / "dataset_1_20191028_abc.xlsx", book, data)


def assert_clean_error(result, *fragments):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    message = " ".join(result.output.split())  # rich may wrap long lines
    for fragment in fragments:
        assert fragment in message, message


def test_ingest_prints_summary_that_adds_up(project):
    good_export(project)
    result = ingest(project)
    assert result.exit_code == 0, result.output
    assert "rows read 1 = accepted 1 + rejected 0" in result.output


def test_wrong_file_type(project):
    project.raw(Y).mkdir(parents=True)
    (project.raw(Y) / "dataset.xlsx").write_bytes(b"%PDF-1.7\n...")
    assert_clean_error(ingest(project), "dataset.xlsx", "this is a PDF, not a survey export")


def test_docx_renamed_is_not_an_export(project):
    project.raw(Y).mkdir(parents=True)
    with zipfile.ZipFile(project.raw(Y) / "answers.csv", "w") as z:
        z.writestr("word/document.xml", "<w/>")
    assert_clean_error(ingest(project), "answers.csv", "zip-based file, not a SurveyXact export")


def test_truncated_xlsx(project):
    path = good_export(project)
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    assert_clean_error(ingest(project), "dataset_1_20191028_abc.xlsx", "corrupt or truncated")


def test_missing_dataset_sheet(project):
    book = load_codebook(project.codebook_path(Y))
    ex.write_xlsx(project.raw(Y) / "d.xlsx", book, [], sheets=["Labels", "Variables"])
    assert_clean_error(
        ingest(project), "d.xlsx", "missing sheet 'Dataset' (found: Labels, Variables)"
    )


def test_utf16_csv_is_refused_with_advice(project):
    book = load_codebook(project.codebook_path(2017))
    project.raw(2017).mkdir(parents=True)
    data = ex.csv_text(book, [ex.complete(book, s_1="Kbh", s_2_1=1)])
    (project.raw(2017) / "dataset.csv").write_bytes(data.encode("utf-16"))
    assert_clean_error(ingest(project, 2017), "dataset.csv", "UTF-16", "UTF-8 or Windows-1252")


def test_empty_file(project):
    project.raw(Y).mkdir(parents=True)
    (project.raw(Y) / "dataset.csv").write_bytes(b"")
    assert_clean_error(ingest(project), "dataset.csv", "the file is empty")


def test_header_without_rows(project):
    book = load_codebook(project.codebook_path(Y))
    ex.write_xlsx(project.raw(Y) / "d.xlsx", book, [])
    assert_clean_error(
        ingest(project), "d.xlsx", "sheet 'Dataset'", "header but no respondent rows"
    )


def test_codebook_that_does_not_fit_the_export(project):
    book_2019 = load_codebook(project.codebook_path(Y))
    data = [ex.complete(book_2019, kommunekode=101, **answers_2019())]
    ex.write_xlsx(project.raw(2017) / "d.xlsx", book_2019, data)
    assert_clean_error(
        ingest(project, 2017),
        "d.xlsx",
        "the 2017 codebook does not fit this export",
        "is this the right year's export?",
    )


def test_invalid_codebook_names_the_question_and_line(project):
    path = project.codebook_path(Y)
    text = path.read_text().replace("type: matrix", "type: grid", 1)
    path.write_text(text)
    line = text[: text.index("type: grid")].count("\n") + 1
    assert_clean_error(
        ingest(project),
        f"2019.yaml, row {line}: invalid codebook",
        "questions[7] (id: screen_visits_status) > type",
    )


def test_codebook_yaml_syntax_error_is_one_line_with_its_line(project):
    path = project.codebook_path(Y)
    path.write_text(path.read_text().replace("  - id: mobility_benefits", "  - id: [oops", 1))
    result = ingest(project)
    assert_clean_error(result, "2019.yaml, row", "not valid YAML")
    assert len([ln for ln in result.output.splitlines() if ln.strip()]) == 1


def test_no_export_in_folder(project):
    project.raw(Y).mkdir(parents=True)
    assert_clean_error(ingest(project), "no export found")


def test_failed_run_leaves_previous_outputs_intact(project):
    path = good_export(project)
    assert ingest(project).exit_code == 0
    out = project.processed(Y) / "responses.parquet"
    before = out.read_bytes()
    path.write_bytes(b"PK\x03\x04 broken")
    assert ingest(project).exit_code == 1
    assert out.read_bytes() == before
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("debug", [False, True])
def test_debug_shows_traceback_only_when_asked(project, debug):
    project.raw(Y).mkdir(parents=True)
    args = ["ingest", "--year", str(Y), "--project", str(project.root)]
    result = runner.invoke(app, args + (["--debug"] if debug else []))
    assert result.exit_code == 1
    assert (result.exception is not None and not isinstance(result.exception, SystemExit)) == debug


def test_a_cell_warning_is_printed_as_a_warning_not_a_rejection(project):
    book = load_codebook(project.codebook_path(2019))
    data = [ex.complete(book, kommunekode=999, kommunenavn="Aarhus Kommune", s_16=1)]
    ex.write_xlsx(project.raw(2019) / "d.xlsx", book, data)
    out = runner.invoke(app, ["ingest", "--year", "2019", "--project", str(project.root)])
    assert out.exit_code == 0, out.output
    assert "cell warning: row 2, column kommunekode" in " ".join(out.output.split())
    assert "cell rejected" not in out.output
