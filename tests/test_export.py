"""The export stage: indicators.parquet -> the committees' Excel workbook."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.chart import BarChart

from pipeline.errors import MissingStageOutput
from pipeline.export import export_workbook, figure_tables
from pipeline.io import FORMULA_PREFIXES
from pipeline.project import BUNDLED_SURVEY, Project

HOSTILE_TITLE = '=HYPERLINK("http://evil","x")'


def _row(indicator_id, year, group, label, order, num, den, change=None, **extra):
    share = None if num is None else num / den
    row = {
        "indicator_id": indicator_id,
        "year": year,
        "group": group,
        "numerator": num,
        "denominator": den,
        "share": share,
        "share_pct": None if share is None else int(share * 100 + 0.5),
        "change_pp": change,
        "title": "Digitalt understøttet træning i drift",
        "kind": "option_share",
        "question_id": indicator_id,
        "item": group,
        "group_label": label,
        "group_order": order,
        "rank": None,
        "suppressed": False,
        "section": "training",
        "chart": "grouped_years",
        "figure": True,
        "note": None,
    }
    row.update(extra)
    return row


def _indicators() -> pd.DataFrame:
    rows = [
        # Figur 1: three years, grouped bars; a hostile label and a negative change
        _row("training_in_operation", 2017, "sul140", "Genoptræning (SUL §140)", 1, 30, 84),
        _row("training_in_operation", 2018, "sul140", "Genoptræning (SUL §140)", 1, 40, 87, 12),
        _row("training_in_operation", 2019, "sul140", "Genoptræning (SUL §140)", 1, 55, 91, 15),
        _row("training_in_operation", 2017, "sel86", "+cmd", 2, 20, 84),
        _row("training_in_operation", 2018, "sel86", "+cmd", 2, 25, 87, 1),
        _row("training_in_operation", 2019, "sel86", "+cmd", 2, 20, 91, -3),
        # Figur 2: one year, horizontal bars, hostile title; rows out of group_order
        *[
            _row(
                "training_objectives",
                2019,
                group,
                label,
                order,
                num,
                82,
                title=HOSTILE_TITLE,
                chart="hbar",
                note="-2+3",
            )
            for group, label, order, num in [
                ("wait", "@SUM(1)", 3, 25),
                ("motivation", "Fastholde og øge borgeres træningsmotivation", 1, 68),
                ("function", "-2+3", 2, 56),
            ]
        ],
        # not a figure: only in "Alle indikatorer"; a suppressed region cell
        _row("participation", 2019, "all", "Hele landet", 1, 97, 98, kind="participation",
             figure=False, chart="none", title="Deltagelse"),
        _row("participation", 2019, "hovedstaden", "Region Hovedstaden", 2, None, 3,
             kind="participation", figure=False, chart="none", title="Deltagelse",
             suppressed=True),
    ]  # fmt: skip
    frame = pd.DataFrame(rows)
    frame["change_pp"] = frame["change_pp"].astype("Int64")
    frame["share_pct"] = frame["share_pct"].astype("Int64")
    frame["numerator"] = frame["numerator"].astype("Int64")
    frame["rank"] = frame["rank"].astype("Int64")
    return frame


@pytest.fixture
def project(tmp_path: Path) -> Project:
    shutil.copytree(BUNDLED_SURVEY, tmp_path / "survey")
    processed = tmp_path / "data" / "processed" / "2019"
    processed.mkdir(parents=True)
    _indicators().to_parquet(processed / "indicators.parquet", index=False)
    meta = {
        "year": 2019,
        "accepted": 97,
        "invited": 98,
        "n_questions": 34,
        "collection_start": "2019-09-04",
        "collection_end": "2019-10-25",
    }
    (processed / "ingest_meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return Project(tmp_path)


@pytest.fixture
def workbook(project: Project):
    path = export_workbook(project, 2019)
    assert path == project.root / "output" / "2019" / "statusmaaling_2019.xlsx"
    return load_workbook(path)


def _texts(ws) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def _find(ws, value):
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == value:
                return cell
    raise AssertionError(f"{value!r} not in {ws.title}")


def test_sheets_in_order(workbook):
    assert workbook.sheetnames == ["Forside", "Figur 1", "Figur 2", "Alle indikatorer"]


def test_front_sheet_describes_source_definitions_and_contents(workbook):
    ws = workbook["Forside"]
    assert ws["A1"].value == "Statusmåling på velfærdsteknologi 2019"
    text = " ".join(_texts(ws))
    assert "97 af 98 inviterede kommuner har besvaret undersøgelsen" in text
    assert "fra 4. september 2019 til 25. oktober 2019" in text
    assert "pct. af de kommuner, der har besvaret spørgsmålet" in text
    assert "27 spørgsmål" in text  # counted from the 2019 codebook, as in the report
    assert "0,5 rundes op" in text
    assert "region" in text
    links = {c.value: c.hyperlink.location for c in ws["A"] if c.hyperlink is not None}
    assert links == {
        "Figur 1": "'Figur 1'!A1",
        "Figur 2": "'Figur 2'!A1",
        "Alle indikatorer": "'Alle indikatorer'!A1",
    }
    assert _find(ws, "Figur 2").offset(column=1).value == "'" + HOSTILE_TITLE


def test_figure_sheet_table_by_group_and_year(workbook):
    ws = workbook["Figur 1"]
    assert ws["A1"].value == "Digitalt understøttet træning i drift"
    assert ws["A2"].value == (
        "Pct. af de kommuner, der har besvaret spørgsmålet. n = 84 (2017), 87 (2018), 91 (2019)."
    )
    assert [ws.cell(4, c).value for c in (1, 2, 5, 8, 11)] == [
        "Svar / gruppe",
        "Andel",
        "Antal kommuner",
        "n (besvarede)",
        "Ændring (pct.-point)",
    ]
    assert [ws.cell(5, c).value for c in range(2, 12)] == [
        *["2017", "2018", "2019"] * 3,
        "2018-2019",
    ]
    assert [ws.cell(r, 1).value for r in (6, 7)] == ["Genoptræning (SUL §140)", "'+cmd"]
    share = ws["D6"]
    assert share.value == pytest.approx(55 / 91)  # unrounded, shown as percent
    assert share.number_format == "0%"
    assert (ws["G6"].value, ws["J6"].value) == (55, 91)
    assert isinstance(ws["J6"].value, int)
    assert ws["K7"].value == -3  # a number, not guarded text
    assert ws.freeze_panes == "B6"


def test_single_year_figure_follows_group_order(workbook):
    ws = workbook["Figur 2"]
    assert ws["A1"].value == "'" + HOSTILE_TITLE
    assert ws["A2"].value == "Pct. af de kommuner, der har besvaret spørgsmålet. n = 82. -2+3"
    labels = [ws.cell(r, 1).value for r in (6, 7, 8)]
    assert labels == ["Fastholde og øge borgeres træningsmotivation", "'-2+3", "'@SUM(1)"]
    assert ws["B6"].value == pytest.approx(68 / 82)
    assert ws["E6"].value is None  # one year: no change column
    assert ws.cell(6, 1).alignment.wrap_text


def test_native_bar_charts(workbook):
    grouped = workbook["Figur 1"]._charts
    single = workbook["Figur 2"]._charts
    assert len(grouped) == 1 and len(single) == 1
    for chart, series in ((grouped[0], 3), (single[0], 1)):
        assert isinstance(chart, BarChart)
        assert chart.type == "bar"
        assert chart.grouping == "clustered"
        assert len(chart.series) == series
        assert (chart.y_axis.scaling.min, chart.y_axis.scaling.max) == (0, 1)
        assert chart.title is not None
    refs = [s.val.numRef.f for s in grouped[0].series]
    assert refs == ["'Figur 1'!$B$6:$B$7", "'Figur 1'!$C$6:$C$7", "'Figur 1'!$D$6:$D$7"]
    assert [s.tx.strRef.f for s in grouped[0].series] == [
        "'Figur 1'!B5",
        "'Figur 1'!C5",
        "'Figur 1'!D5",
    ]
    assert single[0].series[0].val.numRef.f == "'Figur 2'!$B$6:$B$8"
    assert single[0].series[0].cat.strRef.f == "'Figur 2'!$A$6:$A$8"
    assert single[0].legend is None and grouped[0].legend is not None


def test_all_indicators_sheet(workbook):
    ws = workbook["Alle indikatorer"]
    header = [c.value for c in ws[1]]
    assert header == [
        "indicator_id",
        "year",
        "group",
        "numerator",
        "denominator",
        "share",
        "share_pct",
        "change_pp",
        "title",
        "group_label",
        "suppressed",
    ]
    assert ws.max_row == 1 + len(_indicators())
    assert ws.auto_filter.ref == f"A1:K{ws.max_row}"
    assert ws.freeze_panes == "A2"
    negative = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[9] == "'+cmd"]
    assert [r[7] for r in negative] == [None, 1, -3]
    suppressed = next(r for r in ws.iter_rows(min_row=2) if r[2].value == "hovedstaden")
    assert [suppressed[i].value for i in (3, 4, 5, 10)] == [None, 3, None, True]
    share = ws.cell(2, 6)
    assert isinstance(share.value, float) and share.number_format.endswith("%")


def test_every_text_cell_is_guarded_and_numbers_stay_numbers(workbook):
    hostile_seen = 0
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str):
                    assert not value.startswith(FORMULA_PREFIXES), (ws.title, cell.coordinate)
                    hostile_seen += value.startswith("'")
                    assert cell.data_type == "s"
    assert hostile_seen > 5
    ws = workbook["Alle indikatorer"]
    numbers = [c.value for c in ws["H"][1:] if c.value is not None]
    assert numbers and all(isinstance(v, int) for v in numbers)


def test_workbook_properties(workbook):
    props = workbook.properties
    assert props.title == "Statusmåling på velfærdsteknologi 2019"
    assert props.creator == "KL"
    assert props.language == "da-DK"


def test_missing_indicators_names_file_and_command(tmp_path: Path):
    with pytest.raises(MissingStageOutput) as err:
        export_workbook(Project(tmp_path), 2019)
    message = str(err.value)
    assert "indicators.parquet" in message
    assert "statusmaaling indicators --year 2019" in message
    assert not (tmp_path / "output" / "2019" / "statusmaaling_2019.xlsx").exists()


def test_without_ingest_meta_the_front_sheet_says_less(project: Project):
    (project.processed(2019) / "ingest_meta.json").unlink()
    ws = load_workbook(export_workbook(project, 2019))["Forside"]
    text = " ".join(_texts(ws))
    assert "KL's statusmåling på velfærdsteknologi 2019." in text
    assert "indsamlet" not in text


def test_later_years_are_left_out(project: Project):
    frame = _indicators()
    later = frame[frame["year"] == 2019].assign(year=2020)
    pd.concat([frame, later]).to_parquet(
        project.processed(2019) / "indicators.parquet", index=False
    )
    ws = load_workbook(export_workbook(project, 2019))["Figur 1"]
    assert ws["D5"].value == "2019" and ws["E5"].value == "2017"


def test_figures_numbered_in_file_order():
    tables = figure_tables(_indicators())
    assert [(t.number, t.indicator_id, t.years) for t in tables] == [
        (1, "training_in_operation", [2017, 2018, 2019]),
        (2, "training_objectives", [2019]),
    ]
