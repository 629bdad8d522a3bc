"""Ingest: every reader and encoding, municipality identification, duplicates, partial answers,
bad cells, and a report in which rows read = accepted + rejected."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.ingest import ingest_year
from pipeline.survey.codebook import load_codebook
from tests import exports as ex

Y = 2019


@pytest.fixture
def book(project):
    return load_codebook(project.codebook_path(Y))


def answers_2019(**over):
    base = {
        "s_1": 1,
        "s_2_1": 1,
        "s_2_2": 1,
        "s_2_3": 0,
        "s_2_4": 0,
        "s_2_5": 0,
        "s_2_6": 0,
        "s_7": 1,
        "s_8_1": 1,
        "s_8_2": 2,
        "s_8_3": 3,
        "s_8_4": 5,
        "s_12": "Loftlifte og vasketoiletter",
        "s_14_1": "Telemedicin til KOL",
        "s_16": 2,
    }
    return {**base, **over}


def rows(book):
    return [
        ex.complete(book, kommunekode=101, kommunenavn="Københavns Kommune", **answers_2019()),
        ex.complete(book, kommunekode=751, kommunenavn="Aarhus Kommune", **answers_2019(s_16=1)),
        ex.partial(
            book,
            kommunekode=461,
            kommunenavn="Odense Kommune",
            s_1=2,
            s_2_1=0,
            s_2_2=1,
            s_2_3=0,
            s_2_4=0,
            s_2_5=0,
            s_2_6=0,
        ),
        {**ex.status(book, 2), "kommunekode": 851, "kommunenavn": "Aalborg Kommune"},
    ]


def _values(result, municipality, question, item=""):
    r = result.responses
    sel = r[(r.municipality_code == municipality) & (r.question_id == question) & (r.item == item)]
    return sel


@pytest.mark.parametrize("fmt", ["xlsx", "csv-cp1252", "csv-utf8", "csv-utf8-bom", "sav"])
def test_every_reader_gives_the_same_responses(project, book, fmt):
    raw = project.raw(Y)
    data = rows(book)
    if fmt == "xlsx":
        ex.write_xlsx(raw / "dataset_1_20191028_abc.xlsx", book, data)
    elif fmt == "sav":
        ex.write_sav(raw / "dataset.sav", book, data)
    else:
        enc = {"csv-cp1252": "cp1252", "csv-utf8": "utf-8", "csv-utf8-bom": "utf-8-sig"}[fmt]
        ex.write_csv(raw / "dataset_1_20191028_abc.csv", book, data, encoding=enc)

    result = ingest_year(project, Y)

    assert (result.rows_read, result.accepted, result.rejected) == (4, 3, 1)
    assert sorted(result.responses.municipality_code.unique()) == ["101", "461", "751"]
    role = _values(result, "101", "respondent_role")
    assert role.value_code.tolist() == [1]
    assert role.value_label.tolist() == ["Velfærdsteknologikonsulent/projektleder"]
    text = _values(result, "101", "mobility_technologies")
    assert text.text.tolist() == ["Loftlifte og vasketoiletter"]
    assert _values(
        result, "751", "screen_visits_status", "hjemmesygepleje"
    ).value_label.tolist() == ["Nej"]
    assert _values(result, "101", "prevention_technologies", "kol").text.tolist() == [
        "Telemedicin til KOL"
    ]
    assert (project.processed(Y) / "responses.parquet").is_file()


def test_partial_respondent_counts_for_the_questions_it_answered(project, book):
    ex.write_xlsx(project.raw(Y) / "d.xlsx", book, rows(book))
    result = ingest_year(project, Y)
    odense = result.responses[result.responses.municipality_code == "461"]
    assert set(odense.question_id) == {"respondent_role", "training_in_operation"}
    selected = odense[(odense.question_id == "training_in_operation") & (odense.value_code == 1)]
    assert selected.item.tolist() == ["2"]
    respondent = result.respondents.set_index("municipality_code").loc["461"]
    assert not respondent.complete and respondent.outcome == "accepted"


def test_non_responder_on_distribution_list_is_rejected_with_reason(project, book):
    ex.write_xlsx(project.raw(Y) / "d.xlsx", book, rows(book))
    result = ingest_year(project, Y)
    aalborg = result.respondents[result.respondents.row == 5].iloc[0]
    assert aalborg.outcome == "rejected"
    assert aalborg.reason == "no answers (status Distribueret)"


def test_complete_beats_partial_then_later_close_time(project, book):
    data = [
        ex.complete(book, "10-09-2019 09:00", kommunekode=101, **answers_2019(s_16=1)),
        ex.partial(book, kommunekode=101, s_1=3),  # restarted, abandoned: loses to complete
        # the later closeTime stands in the earlier row: closeTime decides, not row order
        ex.complete(book, "03-10-2019 08:30", kommunekode=751, **answers_2019(s_16=4)),
        ex.complete(book, "01-10-2019 12:00", kommunekode=751, **answers_2019(s_16=1)),
    ]
    ex.write_xlsx(project.raw(Y) / "d.xlsx", book, data)
    result = ingest_year(project, Y)

    outcome = result.respondents.set_index("row")[["outcome", "reason"]]
    assert outcome.loc[2, "outcome"] == "accepted"
    assert outcome.loc[3, "reason"] == (
        "duplicate for municipality 101: row 2 kept (complete beats partial)"
    )
    assert outcome.loc[5, "reason"] == (
        "duplicate for municipality 751: row 4 kept (later closeTime wins)"
    )
    assert _values(result, "751", "supplier_involvement").value_code.tolist() == [4]


def test_code_wins_over_a_disagreeing_name_with_a_warning(project, book):
    data = [ex.complete(book, kommunekode=101, kommunenavn="Aarhus Kommune", **answers_2019())]
    ex.write_xlsx(project.raw(Y) / "d.xlsx", book, data)
    result = ingest_year(project, Y)
    assert result.respondents.municipality_code.tolist() == ["101"]
    [warning] = [i for i in result.issues if i.kind == "cell"]
    assert (warning.column, warning.message) == (
        "kommunenavn",
        "the name points to another municipality (751) than the code (101); the code is used",
    )


def test_unreadable_close_time_is_reported_not_guessed(project, book):
    data = [ex.complete(book, "sometime in October", kommunekode=101, **answers_2019())]
    ex.write_xlsx(project.raw(Y) / "d.xlsx", book, data)
    result = ingest_year(project, Y)
    [warning] = [i for i in result.issues if i.kind == "cell"]
    assert (warning.outcome, warning.row, warning.column, warning.value) == (
        "warning",
        2,
        "closeTime",
        "sometime in October",
    )
    assert result.accepted == 1


def test_unknown_value_code_rejects_the_cell_not_the_row(project, book):
    data = [ex.complete(book, kommunekode=101, **answers_2019(s_16=9, s_8_2=7))]
    ex.write_xlsx(project.raw(Y) / "d.xlsx", book, data)
    result = ingest_year(project, Y)
    cells = [(i.row, i.column, i.value) for i in result.issues if i.kind == "cell"]
    assert cells == [(2, "s_8_2", "7"), (2, "s_16", "9")]
    assert result.accepted == 1
    assert _values(result, "101", "supplier_involvement").empty
    assert not _values(result, "101", "respondent_role").empty
    report = pd.read_csv(project.processed(Y) / "ingest_report.csv", dtype=str)
    msg = report[(report.kind == "cell") & (report.column == "s_16")].message.iloc[0]
    assert msg == "value 9 is not a code of supplier_involvement (1, 2, 3, 4, 5); cell ignored"


def test_missing_and_extra_columns_are_reported(project, book):
    data = [ex.complete(book, kommunekode=101, **answers_2019(), region="Region Hovedstaden")]
    ex.write_xlsx(project.raw(Y) / "d.xlsx", book, data, extra=("region",))
    result = ingest_year(project, Y)
    columns = {(i.column, i.message) for i in result.issues if i.kind == "column"}
    assert ("region", "export column not in the codebook; ignored") in columns


def test_typed_names_in_2017_are_matched_or_rejected_with_candidates(project):
    book = load_codebook(project.codebook_path(2017))
    typed = [
        "Kbh",
        "Århus",
        "Høje Taastrup",
        "lyngby-tårbæk",
        "Bornholms Regionskommune",
        "Silkebor",
        "Frederiks",
        "Region Midtjylland",
    ]
    data = [
        ex.complete(
            book, "20-10-2017 10:00", s_1=name, s_2_1=1, s_2_2=0, s_2_3=0, s_2_4=0, s_2_5=0, s_2_6=0
        )
        for name in typed
    ]
    ex.write_csv(project.raw(2017) / "dataset_1_20171101_x.csv", book, data)
    result = ingest_year(project, 2017)
    got = dict(
        zip(result.respondents.typed_name, result.respondents.municipality_code, strict=True)
    )
    assert {k: got[k] for k in typed[:6]} == {
        "Kbh": "101",
        "Århus": "751",
        "Høje Taastrup": "169",
        "lyngby-tårbæk": "173",
        "Bornholms Regionskommune": "400",
        "Silkebor": "740",
    }
    reasons = result.respondents.set_index("typed_name").reason
    assert reasons["Frederiks"].startswith("municipality 'Frederiks' is ambiguous; closest: ")
    assert "Frederiksberg (147)" in reasons["Frederiks"]
    assert reasons["Region Midtjylland"].startswith("municipality 'Region Midtjylland' is unknown")


def test_report_accounts_for_every_row(project, book):
    data = rows(book) + [ex.complete(book, kommunekode=101, **answers_2019())]
    ex.write_xlsx(project.raw(Y) / "d.xlsx", book, data)
    result = ingest_year(project, Y)
    report = pd.read_csv(project.processed(Y) / "ingest_report.csv", dtype=str)
    row_lines = report[report.kind == "row"]
    assert len(row_lines) == result.rows_read == 5
    assert row_lines.row.astype(int).tolist() == [2, 3, 4, 5, 6]
    assert (row_lines.outcome == "accepted").sum() == result.accepted == 3
    assert (row_lines.outcome == "rejected").sum() == result.rejected == 2
    assert result.meta["collection_start"] == "2019-09-05"


def test_raw_file_is_never_modified(project, book):
    path = ex.write_xlsx(project.raw(Y) / "d.xlsx", book, rows(book))
    before = path.read_bytes()
    ingest_year(project, Y)
    assert path.read_bytes() == before


def test_ingest_report_neutralises_formulas_in_typed_text(project):
    book = load_codebook(project.codebook_path(2017))
    hostile = '=HYPERLINK("http://evil.example","Kbh")'
    data = [ex.complete(book, "20-10-2017 10:00", s_1=hostile, s_2_1=1)]
    ex.write_csv(project.raw(2017) / "dataset_1_20171101_x.csv", book, data)
    ingest_year(project, 2017)
    report = pd.read_csv(project.processed(2017) / "ingest_report.csv", dtype=str)
    row = report[report.kind == "row"].iloc[0]
    assert row.outcome == "rejected"
    assert row.value == "'" + hostile
    assert not any(str(v).startswith(("=", "+", "@")) for v in report.fillna("").to_numpy().ravel())


def test_an_options_export_value_is_read_as_its_stable_code(project):
    """A codebook option with `value:` (SurveyXact renumbered it this year): the export's value
    is translated to the stable code, and the stable code alone is no longer valid."""
    path = project.codebook_path(Y)
    text = path.read_text(encoding="utf-8")
    old = """      - {code: 1, label: I høj grad}
      - {code: 2, label: I nogen grad}"""
    assert old in text
    path.write_text(
        text.replace(
            old,
            """      - {code: 1, label: I høj grad, value: 2}
      - {code: 2, label: I nogen grad, value: 1}""",
        ),
        encoding="utf-8",
    )
    book = load_codebook(path)
    data = [
        ex.complete(book, kommunekode=101, **answers_2019(s_16=2)),
        ex.complete(book, kommunekode=751, **answers_2019(s_16=1)),
    ]
    ex.write_xlsx(project.raw(Y) / "d.xlsx", book, data)
    result = ingest_year(project, Y)
    assert _values(result, "101", "supplier_involvement").value_code.tolist() == [1]
    assert _values(result, "751", "supplier_involvement").value_label.tolist() == ["I nogen grad"]


def test_a_formula_without_a_stored_value_is_a_rejected_cell_not_a_blank(project, book):
    """openpyxl and pandas write formulas without their result: the cell was read as empty."""
    data = [
        ex.complete(book, kommunekode=101, **answers_2019()),
        ex.complete(book, kommunekode=751, **answers_2019(s_16="=1+2")),
    ]
    ex.write_xlsx(project.raw(Y) / "d.xlsx", book, data)
    result = ingest_year(project, Y)
    [issue] = [i for i in result.all_issues if i.kind == "cell"]
    assert (issue.outcome, issue.row, issue.column, issue.value) == ("rejected", 3, "s_16", "=1+2")
    assert "formula" in issue.message
    assert _values(result, "751", "supplier_involvement").empty
    assert result.accepted == 2


@pytest.mark.parametrize("code", [999, "abc", "101.5"])
def test_an_invalid_code_beside_a_valid_name_is_warned_about(project, book, code):
    data = [ex.complete(book, kommunekode=code, kommunenavn="Aarhus Kommune", **answers_2019())]
    ex.write_xlsx(project.raw(Y) / "d.xlsx", book, data)
    result = ingest_year(project, Y)
    assert result.respondents.municipality_code.tolist() == ["751"]
    [warning] = [i for i in result.all_issues if i.kind == "cell"]
    assert (warning.outcome, warning.row, warning.column) == ("warning", 2, "kommunekode")
    assert warning.value == str(code) and "751" in warning.message


@pytest.mark.parametrize("when", ["2019-10-03T08:30:00", "2019-10-03T08:30", "2019-10-03 08:30"])
def test_an_iso_close_time_is_read_and_decides_between_duplicates(project, book, when):
    data = [
        ex.complete(book, when, kommunekode=751, **answers_2019(s_16=4)),
        ex.complete(book, "01-10-2019 12:00", kommunekode=751, **answers_2019(s_16=1)),
    ]
    ex.write_xlsx(project.raw(Y) / "d.xlsx", book, data)
    result = ingest_year(project, Y)
    assert not [i for i in result.all_issues if i.kind == "cell"]
    outcome = result.respondents.set_index("row")
    assert outcome.loc[3, "reason"] == (
        "duplicate for municipality 751: row 2 kept (later closeTime wins)"
    )
    assert _values(result, "751", "supplier_involvement").value_code.tolist() == [4]
