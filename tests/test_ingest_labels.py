"""Ingest holds the export's own value labels against the codebook's (review defect 2).

A 2019 export with the labels of `s_7` swapped (1 = Nej, 2 = Ja) was ingested without a word
and "75 % arbejder med skærmbesøg" published where the export means 75 % "Nej".
"""

from __future__ import annotations

import pytest

from pipeline.errors import CodebookError
from pipeline.ingest import ingest_year
from pipeline.survey.codebook import load_codebook
from tests import exports as ex
from tests.faults.helpers import assert_one_line
from tests.test_ingest import answers_2019

Y = 2019
XLSX = "dataset_1_20191028_abc.xlsx"
SWAPPED = {("s_7", 1): "Nej", ("s_7", 2): "Ja"}


@pytest.fixture
def book(project):
    return load_codebook(project.codebook_path(Y))


def _records(book):
    return [
        ex.complete(book, kommunekode=101, **answers_2019(s_7=1)),
        ex.complete(book, kommunekode=751, **answers_2019(s_7=1)),
        ex.complete(book, kommunekode=461, **answers_2019(s_7=2)),
    ]


@pytest.mark.parametrize("sheet", ["Labels", "Structure"])
def test_swapped_labels_stop_the_ingest_naming_sheet_variable_and_labels(project, book, sheet):
    ex.write_xlsx(project.raw(Y) / XLSX, book, _records(book), relabel=SWAPPED, relabel_in=(sheet,))
    with pytest.raises(CodebookError) as info:
        ingest_year(project, Y)
    text = assert_one_line(info.value)
    assert XLSX in text and f"sheet {sheet!r}" in text and "column 's_7'" in text
    assert "code 1 is 'Nej' in the export but 'Ja' in the codebook" in text
    assert not (project.processed(Y) / "responses.parquet").exists()


def test_swapped_labels_in_the_labels_csv_stop_the_ingest(project, book):
    ex.write_csv(
        project.raw(Y) / "dataset_1_20191028_abc.csv", book, _records(book), relabel=SWAPPED
    )
    with pytest.raises(CodebookError) as info:
        ingest_year(project, Y)
    text = assert_one_line(info.value)
    assert "labels_1234.csv" in text and "'s_7'" in text and "'Nej'" in text


def test_a_matrix_row_with_shifted_labels_stops_the_ingest(project, book):
    shifted = {("s_8_3", 2): "Under implementering", ("s_8_3", 3): "Under afprøvning"}
    ex.write_xlsx(project.raw(Y) / XLSX, book, _records(book), relabel=shifted)
    with pytest.raises(CodebookError, match="column 's_8_3'.*code 2 is 'Under implementering'"):
        ingest_year(project, Y)


def test_a_multi_choice_column_holding_another_options_text_stops_the_ingest(project, book):
    q = book.question("training_in_operation")
    first, second = q.options[0], q.options[1]
    moved = {(first.variable, 1): second.label}
    ex.write_xlsx(
        project.raw(Y) / XLSX, book, _records(book), relabel=moved, relabel_in=("Structure",)
    )
    with pytest.raises(CodebookError) as info:
        ingest_year(project, Y)
    assert f"column {first.variable!r}" in str(info.value) and "sheet 'Structure'" in str(
        info.value
    )


def test_case_and_spacing_differences_are_not_reported(project, book):
    relabelled = {("s_7", 1): "  JA ", ("s_16", 1): "I  høj grad."}
    ex.write_xlsx(project.raw(Y) / XLSX, book, _records(book), relabel=relabelled)
    result = ingest_year(project, Y)
    assert result.accepted == 3
    assert not [i for i in result.all_issues if i.column in ("s_7", "s_16")]


def test_a_spelling_variant_is_a_warning_and_the_answers_are_read(project, book):
    variant = {("s_8_2", 2): "Under afprøvnig"}  # a typo, nearest to its own label
    ex.write_xlsx(project.raw(Y) / XLSX, book, _records(book), relabel=variant)
    result = ingest_year(project, Y)
    assert result.accepted == 3
    warned = [i for i in result.all_issues if i.column == "s_8_2"]
    assert len(warned) == 2  # once per sheet that states it (Labels, Structure)
    assert all(i.outcome == "warning" and "'Under afprøvnig'" in i.message for i in warned)
    assert {i.sheet for i in warned} == {"Labels", "Structure"}
    s7 = result.responses[result.responses["question_id"] == "screen_visits_any"]
    assert sorted(s7["value_label"]) == ["Ja", "Ja", "Nej"]


def test_a_code_the_codebook_lacks_is_warned_about(project, book):
    path = ex.write_xlsx(project.raw(Y) / XLSX, book, _records(book))
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb["Labels"].append(["s_7", 3, "Ved ikke"])
    wb.save(path)
    result = ingest_year(project, Y)
    (issue,) = [i for i in result.all_issues if i.column == "s_7"]
    assert issue.outcome == "warning" and "code 3 'Ved ikke'" in issue.message
