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
from pipeline.export import export_workbook, read_indicators
from pipeline.export.front import ALL_COLUMNS
from pipeline.export.model import MAX_NAME, unique_sheet_name
from pipeline.figures import figure_numbers
from pipeline.io import FORMULA_PREFIXES
from pipeline.project import BUNDLED_SURVEY, Project
from pipeline.survey import load_survey

HOSTILE_TITLE = '=HYPERLINK("http://evil","x")'
REGIONS = ["Region Hovedstaden", "Region Sjælland", "Region Syddanmark"]


def _row(indicator_id, year, group, label, order, num, den, change=None, **extra):
    share = None if num is None or den is None else num / den
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
        "item": "",
        "group_label": label,
        "group_order": order,
        "rank": None,
        "suppressed": False,
        "section": "training",
        "breakdown": "options",
        "chart": "grouped_years",
        "figure": True,
        "note": None,
    }
    row.update(extra)
    return row


def _categories(indicator_id, section, counts, den, year, **extra):
    """A coded free-text indicator: (slug, label, count) per category."""
    base = {"kind": "category_share", "breakdown": "categories", "section": section}
    return [
        _row(indicator_id, year, slug, label, order, num, den, **{**base, **extra})
        for order, (slug, label, num) in enumerate(counts)
    ]


def _top(indicator_id, section, title, year, ranked, den):
    """A top-n list: (slug, label, count, rank) of the ranked categories."""
    extra = {"kind": "top_n", "breakdown": "categories", "section": section, "title": title,
             "figure": False, "chart": "hbar", "question_id": indicator_id}  # fmt: skip
    return [
        _row(indicator_id, year, slug, label, order, num, den, rank=rank, **extra)
        for order, (slug, label, num, rank) in enumerate(ranked)
    ]


def _regional(indicator_id, title, section, year, cells, kind="any_of"):
    """A regional breakdown: (numerator, denominator) per region; None = suppressed."""
    extra = {"kind": kind, "breakdown": "region", "section": section, "title": title,
             "figure": False, "chart": "hbar", "question_id": None}  # fmt: skip
    rows = []
    for order, (region, cell) in enumerate(zip(REGIONS, cells, strict=True)):
        if cell is None:
            rows.append(_row(indicator_id, year, region, region, order, None, None,
                             suppressed=True, **extra))  # fmt: skip
        else:
            rows.append(_row(indicator_id, year, region, region, order, *cell, **extra))
    return rows


def _indicators() -> pd.DataFrame:
    mobility = "Teknologier til borgere med funktionelle mobilitetsudfordringer"
    rows = [
        # participation: overall and per region (not figures; their own sheet)
        *[
            _row("participation", y, "", "", 0, n, 98, kind="participation", figure=False,
                 chart="none", title="Kommuner, der har deltaget i undersøgelsen",
                 section="participation", breakdown="none", question_id=None)
            for y, n in ((2018, 90), (2019, 97))
        ],
        *_regional("participation_by_region", "Deltagelse fordelt på region", "participation",
                   2019, [(29, 29), (16, 17), (21, 22)], kind="participation"),
        # Figur 1: three years, grouped bars; a hostile label and a negative change
        _row("training_in_operation", 2017, "sul140", "Genoptræning (SUL §140)", 1, 30, 84),
        _row("training_in_operation", 2018, "sul140", "Genoptræning (SUL §140)", 1, 40, 87, 12),
        _row("training_in_operation", 2019, "sul140", "Genoptræning (SUL §140)", 1, 55, 91, 15),
        _row("training_in_operation", 2017, "sel86", "+cmd", 2, 20, 84),
        _row("training_in_operation", 2018, "sel86", "+cmd", 2, 25, 87, 1),
        _row("training_in_operation", 2019, "sel86", "+cmd", 2, 20, 91, -3),
        # Figur 2: one year, horizontal bars, hostile title; an option nobody chose (a real 0)
        *[
            _row("training_objectives", 2019, group, label, order, num, 82,
                 title=HOSTILE_TITLE, chart="hbar", note="-2+3")
            for group, label, order, num in [
                ("wait", "@SUM(1)", 3, 25),
                ("motivation", "Fastholde og øge borgeres træningsmotivation", 1, 68),
                ("function", "-2+3", 2, 56),
                ("other", "Andet", 4, 0),
            ]
        ],
        # a region table (a map in the PDF): one region too small in 2019, so two are hidden
        *_regional("training_any_area_by_region", "Træning i drift, fordelt på region",
                   "training", 2018, [(20, 25), (10, 14), (15, 20)]),
        *_regional("training_any_area_by_region", "Træning i drift, fordelt på region",
                   "training", 2019, [(24, 27), None, None]),
        # Figur 3: coded free text; "seng" named by nobody in any year, "spise" only in 2018
        *_categories("mobility_technologies", "mobility",
                     [("hygiejne", "Hygiejneteknologi", 30), ("seng", "Sengeteknologi", 0),
                      ("spise", "Spise-/måltidsteknologi", 4)], 84, 2018, title=mobility),
        *_categories("mobility_technologies", "mobility",
                     [("hygiejne", "Hygiejneteknologi", 58), ("seng", "Sengeteknologi", 0),
                      ("spise", "Spise-/måltidsteknologi", 0)], 91, 2019, title=mobility),
        # two top-n lists in different sections: each its own sheet, with no code naming them
        *_top("priority_next_year", "priorities", "De højest prioriterede teknologier", 2018,
              [("traening", "Træningsteknologi", 33, 1), ("medicin", "Medicinhåndtering", 20, 2)],
              82),
        *_top("priority_next_year", "priorities", "De højest prioriterede teknologier", 2019,
              [("skaerm", "Skærmbesøg og telemedicin", 40, 1),
               ("traening", "Træningsteknologi", 33, 2)], 88),
        *_top("mobility_benefits", "mobility", "Gevinster for borgerne", 2019,
              [("frihed", "Større frihed", 30, 1), ("tryghed", "Tryghed", 20, 2)], 80),
        # supplier involvement: a single-choice scale, not a figure
        *[
            _row("supplier_involvement", y, g, g, o, n, d, kind="option_share", figure=False,
                 chart="hbar", section="suppliers", question_id="supplier_involvement",
                 title="Involvering af leverandører")
            for y, d in ((2018, 82), (2019, 88))
            for o, (g, n) in enumerate([("I høj grad", 47 if y == 2019 else 37),
                                        ("Slet ikke", 0), ("Ved ikke", 3)])
        ],
    ]  # fmt: skip
    frame = pd.DataFrame(rows)
    for column in ("change_pp", "share_pct", "numerator", "denominator", "rank"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _make_project(root: Path, frame: pd.DataFrame) -> Project:
    shutil.copytree(BUNDLED_SURVEY, root / "survey")
    processed = root / "data" / "processed" / "2019"
    processed.mkdir(parents=True)
    frame.to_parquet(processed / "indicators.parquet", index=False)
    meta = {
        "year": 2019,
        "accepted": 97,
        "invited": 98,
        "n_questions": 34,
        "collection_start": "2019-09-04",
        "collection_end": "2019-10-25",
    }
    (processed / "ingest_meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return Project(root)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return _make_project(tmp_path, _indicators())


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


def _column(ws, first_row: int, col: int = 1) -> list:
    """Values down a column from `first_row` to the first empty cell."""
    out = []
    for row in range(first_row, ws.max_row + 1):
        value = ws.cell(row, col).value
        if value is None:
            break
        out.append(value)
    return out


def test_sheets_follow_the_report_sections_and_numbering(workbook):
    # report.yaml's order: participation, priorities, suppliers, training, screen visits,
    # mobility, prevention; per section its top-n, its figures, its maps, its other tables
    assert workbook.sheetnames == [
        "Forside",
        "Deltagelse",
        "Top 2 Prioriteter",
        "Samarbejde med leverandører",
        "Figur 1",
        "Figur 2",
        "Kort 1",
        "Top 2 Gevinster ved mobilitet",
        "Figur 3",
        "Alle indikatorer",
    ]


def test_figure_sheets_are_the_reports_numbered_figures(project, workbook):
    """Computed from the same rule the report numbers its figures with."""
    survey = load_survey(project)
    indicators = read_indicators(project, 2019)
    numbers = figure_numbers(indicators, 2019, survey.report.section_ids)
    figure_sheets = [name for name in workbook.sheetnames if name.startswith("Figur ")]
    assert figure_sheets == [f"Figur {n}" for n in sorted(numbers.values())]
    titles = indicators.drop_duplicates("indicator_id").set_index("indicator_id")["title"]
    for indicator_id, number in numbers.items():
        assert workbook[f"Figur {number}"]["A1"].value.lstrip("'") == titles[indicator_id]


def test_front_sheet_describes_source_definitions_symbols_and_contents(workbook):
    ws = workbook["Forside"]
    assert ws["A1"].value == "Statusmåling på velfærdsteknologi 2019"
    text = " ".join(_texts(ws))
    assert "97 af 98 inviterede kommuner har besvaret undersøgelsen" in text
    assert "fra 4. september 2019 til 25. oktober 2019" in text
    assert "pct. af de kommuner, der har besvaret spørgsmålet" in text
    assert "27 spørgsmål" in text  # counted from the 2019 codebook, as in the report
    assert "0,5 rundes op" in text
    assert ".. betyder, at tallet er skjult" in text
    assert "Kategorier, som ingen kommuner har nævnt, er ikke vist." in text
    links = {c.value: c.hyperlink.location for c in ws["A"] if c.hyperlink is not None}
    assert links == {name: f"'{name}'!A1" for name in workbook.sheetnames[1:]}
    assert _find(ws, "Figur 2").offset(column=1).value == "'" + HOSTILE_TITLE


def test_figure_sheet_table_by_group_and_year(workbook):
    ws = workbook["Figur 1"]
    assert ws["A1"].value == "Digitalt understøttet træning i drift"
    assert ws["A2"].value == (
        "Pct. af de kommuner, der har besvaret spørgsmålet. n: 84 (2017), 87 (2018), 91 (2019)."
    )
    assert [ws.cell(4, c).value for c in (1, 2, 5, 8, 11)] == [
        "Svar",
        "Andel",
        "Antal kommuner",
        "n (besvarede)",
        "Ændring (procentpoint)",
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
    assert _find(ws, "Kilde: KL's statusmåling på velfærdsteknologi 2017-2019.").row > 7


def test_rows_sorted_as_the_report_sorts_a_list(workbook):
    """Multi-choice options: largest first in the report year (the report's rule)."""
    ws = workbook["Figur 2"]
    assert ws["A1"].value == "'" + HOSTILE_TITLE
    assert ws["A2"].value == "Pct. af de kommuner, der har besvaret spørgsmålet. n: 82."
    labels = _column(ws, 6)[:4]
    assert labels == ["Fastholde og øge borgeres træningsmotivation", "'-2+3", "'@SUM(1)", "Andet"]
    assert ws["B6"].value == pytest.approx(68 / 82)
    assert ws["E6"].value is None  # one year: no change column
    assert ws.cell(6, 1).alignment.wrap_text
    assert "Note: -2+3" in _texts(ws)


def test_no_all_zero_rows_but_a_real_zero_answer_stays(workbook):
    # an option nobody chose is an answer share: shown as 0 (Figur 2 "Andet")
    andet = _find(workbook["Figur 2"], "Andet")
    assert ws_value(andet, 1) == 0 and ws_value(andet, 2) == 0
    # a category nobody named in any year is left out, with a note; one named in 2018 stays
    ws = workbook["Figur 3"]
    labels = _column(ws, 6)
    assert "Sengeteknologi" not in labels
    assert labels[:2] == ["Hygiejneteknologi", "Spise-/måltidsteknologi"]
    assert "Kategorier, som ingen kommuner har nævnt, er ikke vist." in _texts(ws)
    all_sheet = workbook["Alle indikatorer"]
    assert "seng" not in [c.value for c in all_sheet["H"]]
    # and no table anywhere has a row of zeros only
    for ws in workbook.worksheets[1:-1]:
        for row in _data_rows(ws):
            counts = [v for v in row[1:] if isinstance(v, int | float)]
            assert any(counts), (ws.title, row)


def ws_value(cell, offset):
    return cell.offset(column=offset).value


def _data_rows(ws) -> list[tuple]:
    """The rows under each table's year header row (row with "2019" in column B or C)."""
    rows, inside = [], False
    for row in ws.iter_rows(values_only=True):
        if row[0] is None and any(v == "2019" for v in row[1:4]):
            inside = True
            continue
        if inside and (row[0] is None or str(row[0]).startswith(("Kilde", "Note"))):
            inside = False
        if inside:
            rows.append(row)
    return rows


def test_every_top_n_indicator_has_a_ranked_sheet(workbook):
    ws = workbook["Top 2 Prioriteter"]
    assert ws["A1"].value == "De højest prioriterede teknologier"
    assert [ws.cell(4, c).value for c in range(1, 8)] == [
        "Nr.",
        "Kategori",
        "Andel",
        "Antal kommuner",
        "n (besvarede)",
        "Nr. i 2018",
        "Ændring (procentpoint)",
    ]
    assert [[ws.cell(r, c).value for c in (1, 2, 4, 6)] for r in (6, 7)] == [
        [1, "Skærmbesøg og telemedicin", 40, "–"],
        [2, "Træningsteknologi", 33, 1],
    ]
    assert ws["A6"].number_format == '0"."'
    assert ws.freeze_panes == "C6"
    # a top-n list added in another section gets its sheet with no change to the code
    other = workbook["Top 2 Gevinster ved mobilitet"]
    assert other["A1"].value == "Gevinster for borgerne"
    assert _column(other, 6, 2) == ["Større frihed", "Tryghed"]


def test_participation_overall_and_per_region(workbook):
    ws = workbook["Deltagelse"]
    text = _texts(ws)
    assert "Kommuner, der har deltaget i undersøgelsen" in text
    assert "Pct. af de inviterede kommuner. Inviterede kommuner: 98 (2018), 98 (2019)." in text
    overall = _find(ws, "Hele landet")
    assert [overall.offset(column=c).value for c in (2, 4, 6)] == [pytest.approx(97 / 98), 97, 98]
    region = _find(ws, "Region Sjælland")
    assert region.offset(column=1).value == pytest.approx(16 / 17)
    assert _find(ws, "Region").offset(column=1).value == "Andel"


def test_supplier_involvement_keeps_its_answer_scale(workbook):
    ws = workbook["Samarbejde med leverandører"]
    assert ws["A1"].value == "Involvering af leverandører"
    assert _column(ws, 6) == ["I høj grad", "Slet ikke", "Ved ikke"]  # a real 0 stays


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
    assert single[0].series[0].val.numRef.f == "'Figur 2'!$B$6:$B$9"
    assert single[0].series[0].cat.strRef.f == "'Figur 2'!$A$6:$A$9"
    assert single[0].legend is None and grouped[0].legend is not None
    assert not workbook["Kort 1"]._charts  # the PDF's map: a table here


def test_all_indicators_sheet_has_danish_headers_explained_on_the_front(project, workbook):
    ws = workbook["Alle indikatorer"]
    header = [c.value for c in ws[1]]
    assert header == [c.header for c in ALL_COLUMNS]
    english = {"indicator_id", "year", "group", "numerator", "denominator", "share", "title"}
    assert not english & set(header)
    front = _texts(workbook["Forside"])
    for column in ALL_COLUMNS:  # every header explained in Danish on the front sheet
        assert _find(workbook["Forside"], column.header).offset(column=1).value in front
    assert ws.auto_filter.ref == f"A1:N{ws.max_row}"
    assert ws.freeze_panes == "A2"
    records = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    negative = [r for r in records if r["Gruppe"] == "'+cmd"]
    assert [r["Ændring (procentpoint)"] for r in negative] == [None, 1, -3]
    assert {r["Skjult"] for r in records} == {"Ja", "Nej"}
    # in the PDF's order: sections as in report.yaml, the figure number beside its rows
    sections = list(dict.fromkeys(r["Afsnit"] for r in records))
    survey_sections = [s.title for s in load_survey(project).report.sections]
    assert sections == [t for t in survey_sections if t in sections]
    assert sections[0] == "Deltagelse" and len(sections) == 5
    assert {r["Figur/kort"] for r in records if r["Indikator-id"] == "training_objectives"} == {
        "Figur 2"
    }
    assert {
        r["Figur/kort"] for r in records if r["Indikator-id"] == "training_any_area_by_region"
    } == {"Kort 1"}
    share = ws.cell(2, header.index("Andel") + 1)
    assert isinstance(share.value, float) and share.number_format == "0%"


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
    numbers = [c.value for c in ws["M"][1:] if c.value not in (None, "..")]
    assert numbers and all(isinstance(v, int) for v in numbers)


def test_sheet_names_are_valid_excel_names(workbook):
    for name in workbook.sheetnames:
        assert len(name) <= MAX_NAME
        assert not set(name) & set("[]:*?/\\")
    assert len({n.lower() for n in workbook.sheetnames}) == len(workbook.sheetnames)


@pytest.mark.parametrize(
    ("text", "taken", "expected"),
    [
        ("Top 5 Prioriteter for næste år", set(), "Top 5 Prioriteter for næste år"),
        ("Top 5 Teknologi til funktionel mobilitet", set(), "Top 5 Teknologi til funktionel…"),
        ("Skærmbesøg: ja/nej [2019]?", set(), "Skærmbesøg ja nej 2019"),
        ("Deltagelse", {"deltagelse"}, "Deltagelse (2)"),
        ("History", set(), "History (tabel)"),
        ("'Citat'", set(), "Citat"),
    ],
)
def test_unique_sheet_name(text, taken, expected):
    assert unique_sheet_name(text, taken) == expected
    assert expected.lower() in taken


def test_print_setup_for_committees(workbook):
    for ws in workbook.worksheets[1:]:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.freeze_panes, ws.title
    assert workbook["Figur 1"].print_title_rows == "$4:$5"
    assert workbook["Alle indikatorer"].print_title_rows == "$1:$1"
    assert workbook["Forside"].page_setup.orientation == "portrait"


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


def test_only_the_reports_compare_years_are_shown(project: Project):
    path = project.survey / "report.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("compare_years: 3", "compare_years: 2"), encoding="utf-8")
    ws = load_workbook(export_workbook(project, 2019))["Figur 1"]
    assert [ws.cell(5, c).value for c in (2, 3)] == ["2018", "2019"]
    assert ws["A2"].value.endswith("n: 87 (2018), 91 (2019).")


def test_a_figure_of_several_items_has_one_column_per_item(tmp_path: Path):
    """A grouped figure (diseases side by side): the report year, one column per item
    labelled as in the codebook, rows largest first in the first item as the report sorts."""
    title = "Teknologier i den patientrettede forebyggelse"
    counts = {  # item -> (telemedicin, træning, sociale, seng), n
        "kol": ((51, 37, 4, 0), 82),
        "diabetes": ((30, 40, 0, 0), 79),
        "hjerte": ((28, 44, 2, 0), 81),
    }
    labels = [("telemedicin", "Skærmbesøg og telemedicin"), ("traening", "Træningsteknologi"),
              ("sociale", "Sociale teknologier"), ("seng", "Sengeteknologi")]  # fmt: skip
    rows = [
        _row("prevention_technologies", 2019, slug, label, order, nums[order], den,
             kind="category_share", breakdown="categories", section="prevention",
             chart="hbar", item=item, question_id="prevention_technologies", title=title)
        for item, (nums, den) in counts.items()
        for order, (slug, label) in enumerate(labels)
    ]  # fmt: skip
    frame = pd.DataFrame(rows)
    frame["change_pp"] = frame["change_pp"].astype("Int64")
    project = _make_project(tmp_path, frame)
    ws = load_workbook(export_workbook(project, 2019))["Figur 1"]
    assert ws["A1"].value == title
    # the row label as the figures print it (report.yaml `charts.label_rewrites`)
    assert ws["A2"].value.endswith("n: 82 (KOL), 79 (Diabetes), 81 (Hjerte-kar-sygdomme).")
    assert [ws.cell(5, c).value for c in (2, 3, 4)] == ["KOL", "Diabetes", "Hjerte-kar-sygdomme"]
    assert _column(ws, 6) == [
        "Skærmbesøg og telemedicin",
        "Træningsteknologi",
        "Sociale teknologier",
    ]  # Sengeteknologi: named by nobody for any disease, left out
    assert ws["C7"].value == pytest.approx(40 / 79)
    assert ws["D8"].value == pytest.approx(2 / 81)
    assert ws["C8"].value == 0  # named for another disease: a real 0 here
    (chart,) = ws._charts
    assert [s.tx.strRef.f for s in chart.series] == ["'Figur 1'!B5", "'Figur 1'!C5", "'Figur 1'!D5"]


def test_summed_answers_are_set_apart_from_the_answers_they_add_up(tmp_path: Path):
    """`groups:` of screen_visits_status in indicators.yaml: shown after the answers, in
    italics under a rule, explained in a note, and not drawn as bars beside them."""
    indicator = "screen_visits_status.handicap"
    answers = [("1", "I drift", 16), ("2", "Under afprøvning", 14),
               ("3", "Under implementering", 12), ("5", "Nej", 28),
               ("2+3", "Under afprøvning eller implementering", 26),
               ("1+2+3", "I drift, under afprøvning eller implementering", 42)]  # fmt: skip
    rows = [
        _row(indicator, 2019, label, label, order, num, 70, kind="matrix_share",
             section="screen_visits", chart="hbar", item="handicap", group_key=key,
             question_id="screen_visits_status", title="Status for skærmbesøg: Handicap")
        for order, (key, label, num) in enumerate(answers)
    ]  # fmt: skip
    frame = pd.DataFrame(rows)
    frame["change_pp"] = frame["change_pp"].astype("Int64")
    ws = load_workbook(export_workbook(_make_project(tmp_path, frame), 2019))["Figur 1"]
    assert _column(ws, 6) == [label for _, label, _ in answers]
    italic = [ws.cell(r, 1).font.i for r in range(6, 12)]
    assert italic == [False, False, False, False, True, True]
    assert ws.cell(10, 2).border.top.style == "thin" and ws.cell(9, 2).border.top.style is None
    assert any(str(t).startswith("Rækkerne i kursiv under stregen") for t in _texts(ws))
    (chart,) = ws._charts
    assert chart.series[0].val.numRef.f == "'Figur 1'!$B$6:$B$9"


def test_the_source_line_counts_one_municipality_in_the_singular():
    from pipeline.export.front import source_text

    assert "1 kommune har besvaret" in source_text({"accepted": 1}, 2019)
    assert "71 kommuner har besvaret" in source_text({"accepted": 71}, 2019)
