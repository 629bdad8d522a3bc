"""Collection status: who has answered so far, for reminder mails during collection.

It reads the raw export directly (no need to run the ingest stage mid-collection) and writes
nothing but `output/<year>/collection_status.xlsx`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pipeline import io
from pipeline.ingest.readers import find_export, read_export
from pipeline.ingest.stage import ingest_export
from pipeline.project import Project
from pipeline.survey import load_survey

STATE_LABELS = {"complete": "Gennemført", "partial": "Delvist besvaret", "none": "Ikke besvaret"}


@dataclass
class CollectionStatus:
    year: int
    municipalities: pd.DataFrame  # code, name, region, state, state_label, close_time
    by_region: pd.DataFrame  # region, invited, complete, partial, none, response_rate

    @property
    def invited(self) -> int:
        return len(self.municipalities)

    @property
    def answered(self) -> int:
        return int((self.municipalities["state"] != "none").sum())

    @property
    def response_rate(self) -> float:
        return self.answered / self.invited if self.invited else 0.0

    def missing(self) -> pd.DataFrame:
        """Municipalities with no or only a partial answer: the reminder list."""
        m = self.municipalities
        return m[m["state"] != "complete"].sort_values(["state", "region", "name"])


def collection_status(project: Project, year: int) -> CollectionStatus:
    codebook = load_survey(project).codebook(year)
    register = load_survey(project).register
    raw = read_export(find_export(project.raw(year)))
    result = ingest_export(raw, codebook, register)
    kept = result.respondents[result.respondents["outcome"] == "accepted"]
    state = {
        r.municipality_code: ("complete" if r.complete else "partial", r.close_time)
        for r in kept.itertuples()
    }
    table = pd.DataFrame(
        [(m.code, m.name, m.region) for m in register], columns=["code", "name", "region"]
    )
    table["state"] = table["code"].map(lambda c: state.get(c, ("none", None))[0])
    table["state_label"] = table["state"].map(STATE_LABELS)
    table["close_time"] = table["code"].map(lambda c: state.get(c, ("none", None))[1])
    by_region = (
        table.groupby("region")["state"]
        .value_counts()
        .unstack(fill_value=0)
        .reindex(columns=["complete", "partial", "none"], fill_value=0)
        .reset_index()
    )
    by_region["invited"] = by_region[["complete", "partial", "none"]].sum(axis=1)
    by_region["response_rate"] = (by_region["complete"] + by_region["partial"]) / by_region[
        "invited"
    ]
    return CollectionStatus(year=year, municipalities=table, by_region=by_region)


def write_status_workbook(status: CollectionStatus, target: Path) -> Path:
    """The reminder list plus the rates, in Danish, for the analysts' mail merge."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Mangler svar"
    header = ["Kommunekode", "Kommune", "Region", "Status"]
    ws.append(header)
    for r in status.missing().itertuples():
        ws.append([io.safe_cell(r.code), io.safe_cell(r.name), r.region, r.state_label])
    summary = wb.create_sheet("Svarprocent")
    summary.append(
        ["Region", "Inviterede", "Gennemført", "Delvist", "Ikke besvaret", "Svarprocent"]
    )
    for r in status.by_region.itertuples():
        summary.append([r.region, r.invited, r.complete, r.partial, r.none, r.response_rate])
    m = status.municipalities
    summary.append(
        [
            "Hele landet",
            status.invited,
            int((m["state"] == "complete").sum()),
            int((m["state"] == "partial").sum()),
            int((m["state"] == "none").sum()),
            status.response_rate,
        ]
    )
    for row in summary.iter_rows(min_row=2, min_col=6, max_col=6):
        row[0].number_format = "0%"
    for sheet in (ws, summary):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for i, col in enumerate(sheet.columns, start=1):
            width = max(len(str(c.value or "")) for c in col)
            sheet.column_dimensions[get_column_letter(i)].width = min(60, width + 2)
    return io.write_atomic(target, wb.save)
