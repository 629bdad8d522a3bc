"""The workbook against the PDF it accompanies, on the demo data: same sheets in the same
order and numbering, same rows in the same order, same printed shares.

The PDF side is the report model (`build_report_model`), the structure the PDF template only
lays out, so when the report gains, drops or moves a figure, this test holds the workbook to
it without a second list.
"""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from pipeline import disclosure
from pipeline.export import build_workbook, read_indicators, read_meta
from pipeline.formatting import fmt_pct
from pipeline.report.model import build_report_model
from pipeline.survey import load_survey

YEAR = 2019
#: Every header a table sheet may carry (row of blocks and the label column), in Danish.
DANISH_HEADERS = {
    "Svar",
    "Kategori",
    "Region",
    "Område",
    "Andel",
    "Antal kommuner",
    "n (besvarede)",
    "Ændring (procentpoint)",
    "Deltagende kommuner",
    "Inviterede kommuner",
    "Nr.",
}


@pytest.fixture(scope="module")
def pair(demo_project, tmp_path_factory):
    """(the workbook as a reader opens it, the report model) for the demo 2019."""
    survey = load_survey(demo_project)
    threshold = survey.indicators.settings.suppression_threshold
    indicators = disclosure.enforce_on_table(read_indicators(demo_project, YEAR), threshold)
    wb = build_workbook(indicators, survey, read_meta(demo_project, YEAR), YEAR)
    path = tmp_path_factory.mktemp("workbook") / "statusmaaling.xlsx"
    wb.save(path)
    return load_workbook(path), build_report_model(demo_project, YEAR, survey=survey)


def _labels(ws, first: int = 6, col: int = 1) -> list[str]:
    out = []
    for row in range(first, ws.max_row + 1):
        value = ws.cell(row, col).value
        if value is None:
            break
        out.append(str(value))
    return out


def _share_columns(ws) -> dict[str, int]:
    """Heading (year or item) -> column of the "Andel" block."""
    start = next(c for c in range(1, ws.max_column + 1) if ws.cell(4, c).value == "Andel")
    out = {}
    for c in range(start, ws.max_column + 1):
        if c > start and ws.cell(4, c).value is not None:
            break
        out[str(ws.cell(5, c).value)] = c
    return out


def test_sheets_in_the_pdfs_order_and_numbering(pair):
    wb, model = pair
    expected = []
    for section in model["sections"]:
        expected += ["Top"] if section["top"] else []
        expected += [f"Figur {f['number']}" for f in section["figures"]]
        expected += [f"Kort {m['number']}" for m in section["maps"]]
    shown = [
        "Top" if name.startswith("Top ") else name
        for name in wb.sheetnames
        if name.startswith(("Top ", "Figur ", "Kort "))
    ]
    assert shown == expected
    assert len([n for n in shown if n.startswith("Figur")]) == len(model["figures"]) >= 10


def test_each_figure_sheet_has_the_figures_title_rows_and_printed_shares(pair):
    wb, model = pair
    compared = 0
    for figure in model["figures"]:
        ws = wb[f"Figur {figure['number']}"]
        assert ws["A1"].value == figure["title"]
        data = figure["data"]
        if figure["layout"] in ("stacked", "stacked_years"):
            # the PDF's bars (years, or areas in each year shown) are the sheet's columns and
            # its answers the sheet's rows: the table turned
            assert _labels(ws) == data["columns"][1:], ws.title
            columns = _share_columns(ws)
            for row in data["rows"]:
                for i, text in enumerate(row[1:]):
                    assert fmt_pct(ws.cell(6 + i, columns[row[0]]).value) == text, ws.title
                    compared += 1
            continue
        assert _labels(ws) == [row[0] for row in data["rows"]], ws.title
        columns = _share_columns(ws)
        for j, heading in enumerate(data["columns"][1:], start=1):
            col = columns[heading]
            for i, row in enumerate(data["rows"]):
                assert fmt_pct(ws.cell(6 + i, col).value) == row[j], (ws.title, heading, i)
                compared += 1
    assert compared >= 190  # every figure, cell by cell (stacked ones too: 90 without)


def test_each_map_is_a_regional_table(pair):
    wb, model = pair
    for figure in model["maps"]:
        ws = wb[f"Kort {figure['number']}"]
        assert figure["title"].startswith(ws["A1"].value)
        regions = [row[0] for row in figure["table"]["rows"]]
        assert _labels(ws) == regions
        this_year = _share_columns(ws)[str(YEAR)]
        for i, (_, text) in enumerate(figure["table"]["rows"]):
            assert text.startswith(fmt_pct(ws.cell(6 + i, this_year).value))


def test_top_n_sheets_rank_as_the_pdf(pair):
    wb, model = pair
    tops = [s["top"] for s in model["sections"] if s["top"]]
    sheets = [wb[n] for n in wb.sheetnames if n.startswith("Top ")]
    assert len(sheets) == len(tops) >= 1
    for ws, top in zip(sheets, tops, strict=True):
        ranks = [ws.cell(6 + i, 1).value for i in range(len(top["items"]))]
        assert ranks == [item["rank"] for item in top["items"]]
        assert _labels(ws, col=2) == [item["label"] for item in top["items"]]
        assert [fmt_pct(ws.cell(6 + i, 3).value) for i in range(len(ranks))] == [
            item["pct_text"] for item in top["items"]
        ]


def test_participation_suppliers_and_danish_headers(pair):
    wb, _ = pair
    participation = wb["Deltagelse"]
    assert "Hele landet" in _labels(participation)
    assert {c.value for c in participation["A"]} >= {"Region Hovedstaden", "Region Nordjylland"}
    # supplier involvement is a figure, as in KL's report; its sheet is that figure's
    (suppliers,) = [
        ws for ws in wb.worksheets if str(ws["A1"].value).startswith("Involvering af leverand")
    ]
    assert suppliers.title.startswith("Figur ") and "I høj grad" in _labels(suppliers)
    for ws in wb.worksheets[1:-1]:
        for row in ws.iter_rows():
            if row[0].value is None and any(c.value == str(YEAR) for c in row):
                above = [c.value for c in ws[row[0].row - 1] if isinstance(c.value, str)]
                assert set(above) <= DANISH_HEADERS | {f"Nr. i {YEAR - 1}"}, (ws.title, above)


def test_no_category_row_of_zeros_anywhere(pair):
    """Categories nobody named are left out (a note says so); an answer option nobody chose
    is a real 0 and may stay."""
    wb, _ = pair
    checked = 0
    for ws in wb.worksheets[1:-1]:
        for header in ws.iter_rows():
            if "Kategori" not in [c.value for c in header[:2]]:
                continue
            blocks = [c.value for c in header]
            counts = blocks.index("Antal kommuner") + 1
            width = next(
                (i for i, v in enumerate(blocks[counts:], start=counts) if v is not None),
                len(blocks),
            )
            label_col = blocks.index("Kategori") + 1
            for r in range(header[0].row + 2, ws.max_row + 1):
                label = ws.cell(r, label_col).value
                if label is None or str(label).startswith(("Note", "Kilde", "Kategorier")):
                    break
                values = [ws.cell(r, c).value for c in range(counts, width + 1)]
                assert any(isinstance(v, int) and v > 0 for v in values), (ws.title, label)
                checked += 1
        if any("Kategorier, som ingen" in str(c.value) for c in ws["A"]):
            assert any(c.value == "Kategori" for row in ws.iter_rows() for c in row[:2])
    assert checked > 20


def test_the_areas_of_a_matrix_figure_in_every_year_the_pdf_shows(pair):
    wb, model = pair
    status = next(f for f in model["figures"] if f["indicator_id"] == "screen_visits_status")
    bars = [row[0] for row in status["data"]["rows"]]
    assert "Handicapområdet 2017" in bars and "Handicapområdet 2019" in bars
    assert list(_share_columns(wb[f"Figur {status['number']}"])) == bars


def test_a_matrix_figures_chart_colours_its_bars_by_year(demo_project):
    survey = load_survey(demo_project)
    threshold = survey.indicators.settings.suppression_threshold
    indicators = disclosure.enforce_on_table(read_indicators(demo_project, YEAR), threshold)
    wb = build_workbook(indicators, survey, read_meta(demo_project, YEAR), YEAR)
    model = build_report_model(demo_project, YEAR, survey=survey)
    status = next(f for f in model["figures"] if f["indicator_id"] == "screen_visits_status")
    (chart,) = wb[f"Figur {status['number']}"]._charts
    headings = [row[0] for row in status["data"]["rows"]]
    colours = [str(s.graphicalProperties.solidFill.srgbClr) for s in chart.series]
    by_year: dict[str, set[str]] = {}
    for heading, colour in zip(headings, colours, strict=True):
        by_year.setdefault(heading[-4:], set()).add(colour)
    assert all(len(c) == 1 for c in by_year.values())  # one colour per year
    assert len({c.pop() for c in by_year.values()}) == len(by_year) == 3
