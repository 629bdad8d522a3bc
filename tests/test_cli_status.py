"""Collection status: response rate overall and per region, the reminder list, the xlsx."""

from __future__ import annotations

from openpyxl import load_workbook
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.status import collection_status
from pipeline.survey.codebook import load_codebook
from tests import exports as ex
from tests.test_ingest import answers_2019

Y = 2019


def write(project):
    book = load_codebook(project.codebook_path(Y))
    data = [
        ex.complete(book, kommunekode=101, **answers_2019()),  # Hovedstaden, complete
        ex.partial(book, kommunekode=751, s_1=1),  # Midtjylland, partial
        ex.complete(book, kommunekode=461, **answers_2019()),  # Syddanmark
        {**ex.status(book, 2), "kommunekode": 851},  # Nordjylland, distributed, no answer
        ex.partial(book, kommunekode=101, s_1=2),  # duplicate partial: does not hide complete
    ]
    ex.write_xlsx(project.raw(Y) / "d.xlsx", book, data)


def test_status_counts_complete_partial_and_missing(project):
    write(project)
    st = collection_status(project, Y)
    assert (st.invited, st.answered) == (98, 3)
    states = st.municipalities.set_index("code").state
    assert (states["101"], states["751"], states["461"], states["851"]) == (
        "complete",
        "partial",
        "complete",
        "none",
    )
    by_region = st.by_region.set_index("region")
    assert by_region.loc["Region Hovedstaden", "invited"] == 29
    assert by_region.loc["Region Midtjylland", ["complete", "partial"]].tolist() == [0, 1]
    missing = st.missing()
    assert len(missing) == 96
    assert "101" not in set(missing.code) and "751" in set(missing.code)


def test_status_command_prints_and_writes_reminder_workbook(project):
    write(project)
    result = CliRunner().invoke(app, ["status", "--year", str(Y), "--project", str(project.root)])
    assert result.exit_code == 0, result.output
    assert "3 of 98 municipalities have answered (3%)" in result.output
    wb = load_workbook(project.output(Y) / "collection_status.xlsx")
    ws = wb["Mangler svar"]
    assert [c.value for c in ws[1]] == ["Kommunekode", "Kommune", "Region", "Status"]
    rows = {r[0]: r[3] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["751"] == "Delvist besvaret" and rows["851"] == "Ikke besvaret"
    assert len(rows) == 96
    total = list(wb["Svarprocent"].iter_rows(values_only=True))[-1]
    assert total[0] == "Hele landet" and total[1:5] == (98, 2, 1, 95)
