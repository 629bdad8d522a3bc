"""The workbook publishes no regional figure the disclosure rule hides (issue #14).

Hidden cells are marked ".." (explained on "Forside") and never carry a number, in the
regional sheet ("Kort N") and in "Alle indikatorer" alike, even when the table handed over
still holds the numbers behind a suppressed flag.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from pipeline import disclosure
from pipeline.export import export_workbook
from pipeline.export.cells import HIDDEN_MARK
from pipeline.export.model import other_table
from tests.test_export import REGIONS, _indicators, _make_project, _regional, _row

THRESHOLD = 5  # survey/indicators.yaml settings.suppression_threshold


def _records(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]


def _find_row(ws, label: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)


def _with_numbers_behind_the_flag() -> pd.DataFrame:
    """The fixture, but the suppressed 2019 regions still carry their (secret) numbers."""
    frame = _indicators()
    hidden = (frame["indicator_id"] == "training_any_area_by_region") & frame["suppressed"]
    assert hidden.sum() == 2
    frame.loc[hidden, "numerator"] = [2, 7]
    frame.loc[hidden, "denominator"] = [3, 8]
    frame.loc[hidden, "share"] = [2 / 3, 7 / 8]
    frame.loc[hidden, "share_pct"] = [67, 88]
    frame.loc[hidden, "change_pp"] = [4, -3]
    visible = (frame["indicator_id"] == "training_any_area_by_region") & (frame["year"] == 2019)
    frame.loc[visible & ~frame["suppressed"], "change_pp"] = 9  # so the sheet has a change
    return frame


def test_suppressed_regions_stay_suppressed_in_every_sheet(tmp_path: Path):
    project = _make_project(tmp_path, _with_numbers_behind_the_flag())
    wb = load_workbook(export_workbook(project, 2019))
    ws = wb["Kort 1"]
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Region")
    years = [ws.cell(header_row + 1, c).value for c in range(1, ws.max_column + 1)]
    for region in ("Region Sjælland", "Region Syddanmark"):
        row = next(r for r in range(header_row, ws.max_row + 1) if ws.cell(r, 1).value == region)
        cells = {(years[c - 1], c): ws.cell(row, c).value for c in range(2, ws.max_column + 1)}
        in_2019 = [v for (year, _), v in cells.items() if year in ("2019", "2018-2019")]
        assert in_2019 == [HIDDEN_MARK] * 4  # share, count, n, change
        assert all(v != HIDDEN_MARK for (year, _), v in cells.items() if year == "2018")
    shown = [c.value for row in ws.iter_rows(min_row=header_row + 2) for c in row]
    for secret in (2, 7, 3, 8, 2 / 3, 7 / 8, 67, 88, 4, -3):
        assert secret not in shown
    assert ws["A2"].value.endswith("n: 14-25 (2018), 27 (2019).")  # no hidden n in the caption
    visible = _find_row(ws, REGIONS[0])
    assert ws.cell(visible, 3).value == 24 / 27
    assert any(".. betyder" in str(c.value) for c in wb["Forside"]["B"])
    assert any(str(c.value).startswith("..: skjult") for c in ws["A"])

    rows = [
        r
        for r in _records(wb["Alle indikatorer"])
        if r["Indikator-id"] == "training_any_area_by_region" and r["Skjult"] == "Ja"
    ]
    assert len(rows) == 2
    for r in rows:
        figures = (r["Antal kommuner"], r["n"], r["Andel"], r["Andel, pct."])
        assert figures == (HIDDEN_MARK,) * 4
        assert r["Ændring (procentpoint)"] == HIDDEN_MARK


def _stale_table() -> pd.DataFrame:
    """A table computed under the old rule: a region of 5 published (3/5)."""
    region = {"kind": "option_share", "figure": False, "chart": "none", "breakdown": "region"}
    rows = [
        _row("x_by_region", 2019, "Region Nordjylland", "Region Nordjylland", 0, 3, 5, **region),
        _row("x_by_region", 2019, "Region Hovedstaden", "Region Hovedstaden", 1, 20, 29, **region),
    ]
    return pd.concat([_indicators(), pd.DataFrame(rows)], ignore_index=True)


def test_a_stale_regional_row_on_five_is_not_published(tmp_path: Path):
    wb = load_workbook(export_workbook(_make_project(tmp_path, _stale_table()), 2019))
    regional = [r for r in _records(wb["Alle indikatorer"]) if r["Indikator-id"] == "x_by_region"]
    assert len(regional) == 2
    for r in regional:  # Hovedstaden alone would give Nordjylland from the national figure
        assert r["Skjult"] == "Ja"
        assert (r["Antal kommuner"], r["n"], r["Andel"], r["Andel, pct."]) == (HIDDEN_MARK,) * 4
    # nothing of it left to show in the report year: no map in the PDF, no "Kort" sheet
    assert [n for n in wb.sheetnames if n.startswith("Kort")] == ["Kort 1"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, 12), st.integers(1, 12)).map(lambda t: (min(t), t[1])),
        min_size=3,
        max_size=3,
    ),
    st.lists(st.booleans(), min_size=3, max_size=3),
)
def test_a_regional_table_shows_only_what_the_rule_publishes(cells, flagged):
    """Whatever flags and sizes come in, a shown regional cell rests on n >= threshold + 1
    municipalities, and a flagged cell shows no number."""
    frame = pd.DataFrame(
        _regional("y_by_region", "Y fordelt på region", "training", 2019, cells)
    ).assign(suppressed=flagged)
    frame["_order"] = range(len(frame))
    checked = disclosure.enforce_on_table(frame, THRESHOLD)
    table = other_table(checked, 2019)
    assert table is not None
    for row, (_, den), flag in zip(table.rows, cells, flagged, strict=True):
        if flag or not disclosure.publishable(den, THRESHOLD):
            assert row.hidden == {"2019"}
            assert (row.share["2019"], row.numerator["2019"], row.denominator["2019"]) == (
                None,
                None,
                None,
            )
        if "2019" not in row.hidden:
            assert disclosure.publishable(row.denominator["2019"], THRESHOLD)


def test_a_national_figure_few_answered_keeps_its_sheet_with_hidden_cells(tmp_path: Path):
    """Regression: with 3 answers the workbook's "Figur 2" printed 100 pct. (n=3); hidden by
    the indicators stage, the sheet must neither print it nor vanish (the PDF keeps the
    figure's number and says it is hidden). A stale table that still has the numbers
    unflagged (written before national cells were checked) is blanked here too."""
    frame = _indicators()
    objectives = frame["indicator_id"] == "training_objectives"
    frame.loc[objectives, "denominator"] = 3
    frame.loc[objectives, "numerator"] = [1, 3, 2, 0]
    frame.loc[objectives, "share"] = frame.loc[objectives, "numerator"] / 3
    frame.loc[objectives, "share_pct"] = [33, 100, 67, 0]
    # and one earlier year of Figur 1 hidden by the indicators stage: marked, not dropped
    early = (frame["indicator_id"] == "training_in_operation") & (frame["year"] == 2018)
    frame.loc[early, "suppressed"] = True
    for col in disclosure.FIGURE_COLUMNS:
        frame[col] = frame[col].astype(object).where(~early, None)
    wb = load_workbook(export_workbook(_make_project(tmp_path, frame), 2019))
    assert [n for n in wb.sheetnames if n.startswith("Figur")] == ["Figur 1", "Figur 2", "Figur 3"]
    ws = wb["Figur 2"]
    values = [c.value for row in ws.iter_rows(min_row=3) for c in row if c.value is not None]
    assert HIDDEN_MARK in values
    for secret in (1 / 3, 2 / 3, 1.0, 3):
        assert secret not in values
    ws = wb["Figur 1"]
    values = [c.value for row in ws.iter_rows(min_row=3) for c in row]
    assert HIDDEN_MARK in values and 40 / 87 not in values and 55 / 91 in values
    rows = [
        r for r in _records(wb["Alle indikatorer"]) if r["Indikator-id"] == "training_objectives"
    ]
    assert len(rows) == 4 and all(r["Skjult"] == "Ja" and r["n"] == HIDDEN_MARK for r in rows)
