"""The year's indicator table as the report and the committees' workbook read it, and the one
rule that numbers their figures, so "Figur 7" is the same figure in both.

Kept apart from the report model so the workbook does not import the chart and PDF libraries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from pipeline import io
from pipeline.errors import MissingStageOutput
from pipeline.project import Project

#: Columns indicators.parquet must have for the report.
REQUIRED_COLUMNS = ("indicator_id", "year", "group", "share_pct", "denominator", "section")


def read_indicators(project: Project, year: int) -> pd.DataFrame:
    path = project.processed(year) / "indicators.parquet"
    if not path.exists():
        raise MissingStageOutput(
            f"no indicators for {year}; run `statusmaaling indicators --year {year}` first",
            file=path,
        )
    frame = io.read_parquet(path)
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise MissingStageOutput(
            f"indicators.parquet lacks column(s) {', '.join(missing)}; re-run the indicators stage",
            file=path,
        )
    defaults: dict[str, Any] = {
        "title": None,
        "kind": None,
        "question_id": None,
        "item": None,
        "group_label": None,
        "group_order": None,
        "rank": None,
        "suppressed": False,
        "chart": "hbar",
        "figure": True,
        "note": None,
        "numerator": None,
        "change_pp": None,
        "share": None,
        "breakdown": None,
        "indicator_order": None,
    }
    for column, value in defaults.items():
        if column not in frame.columns:
            frame[column] = value
    frame["group_label"] = frame["group_label"].where(frame["group_label"].notna(), frame["group"])
    frame["suppressed"] = frame["suppressed"].fillna(False).astype(bool)
    frame["item"] = frame["item"].astype("string").fillna("")
    # File order within an indicator; indicators in `indicator_order` when given.
    frame["_order"] = range(len(frame))
    if frame["indicator_order"].notna().any():
        rank = frame["indicator_order"].astype("Float64").fillna(float("inf"))
        frame = frame.assign(_rank=rank).sort_values(["_rank", "_order"], kind="stable")
        frame["_order"] = range(len(frame))
        frame = frame.drop(columns="_rank")
    return frame


def read_meta(project: Project, year: int) -> dict[str, Any]:
    path = project.processed(year) / "ingest_meta.json"
    if not path.exists():
        raise MissingStageOutput(
            f"no ingest metadata for {year}; run `statusmaaling ingest --year {year}` first",
            file=path,
        )
    return io.read_json(path)


def first_value(series: pd.Series, default: Any = None) -> Any:
    values = series.dropna()
    return values.iloc[0] if len(values) else default


def figure_numbers(frame: pd.DataFrame, year: int, sections: Sequence[str]) -> dict[str, int]:
    """Which indicators are numbered figures in `year`, and their numbers.

    One rule for the report and the committees' workbook, so "Figur 7" is the same figure in
    both: sections in report order, indicators in definition order, `figure: true`, not the
    participation count nor a top-n list (a table), and with a value to show in `year`.
    `frame` is as `read_indicators` returns it; `sections` the report definition's order.
    """
    numbers: dict[str, int] = {}
    for section_id in sections:
        section_rows = frame[frame["section"] == section_id]
        groups = sorted(
            section_rows.groupby("indicator_id", sort=False), key=lambda kv: kv[1]["_order"].min()
        )
        for indicator_id, rows in groups:
            kind = str(first_value(rows["kind"], ""))
            if not bool(first_value(rows["figure"], True)) or kind in ("participation", "top_n"):
                continue
            shown = rows[~rows["suppressed"]]
            if shown[(shown["year"] == year) & shown["share_pct"].notna()].empty:
                continue
            numbers[str(indicator_id)] = len(numbers) + 1
    return numbers
