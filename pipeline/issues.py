"""Data problems as data: every rejected row or cell becomes an `Issue` row in a report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import pandas as pd


@dataclass(frozen=True)
class Issue:
    """One line of an ingest report: a row's outcome, or a problem with a cell or column."""

    kind: str  # row | cell | column | file
    outcome: str  # accepted | rejected | warning
    message: str
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    municipality_code: str = ""


ISSUE_COLUMNS = [f.name for f in fields(Issue)]


def issues_frame(issues: list[Issue]) -> pd.DataFrame:
    frame = pd.DataFrame([asdict(i) for i in issues], columns=ISSUE_COLUMNS)
    frame["row"] = frame["row"].astype("Int64")
    return frame
