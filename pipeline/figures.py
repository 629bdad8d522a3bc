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
        "group_key": None,
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


#: Chart kinds that draw the rows of one `per_item` definition (`<id>.<item>`) as ONE figure:
#: the diseases of prevention side by side, the areas of a matrix question as stacked bars.
COMBINED_CHARTS = ("grouped_items", "stacked_items")


def figure_key(indicator_id: str, chart: Any) -> str:
    """The figure an indicator is drawn in: its own, or for a combined chart the shared one.

    `prevention_technologies.kol` with chart `grouped_items` is drawn in figure
    `prevention_technologies` together with `.diabetes` and `.hjerte`.
    """
    indicator_id = str(indicator_id)
    if str(chart) in COMBINED_CHARTS and "." in indicator_id:
        return indicator_id.rsplit(".", 1)[0]
    return indicator_id


def figure_groups(section_rows: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """A section's rows grouped by figure (see `figure_key`), in definition order."""
    pairs = zip(section_rows["indicator_id"], section_rows["chart"], strict=True)
    keys = [figure_key(i, c) for i, c in pairs]
    grouped = section_rows.assign(_figure=keys).groupby("_figure", sort=False)
    ordered = sorted(grouped, key=lambda kv: kv[1]["_order"].min())
    return [(str(key), rows.drop(columns="_figure")) for key, rows in ordered]


def figure_numbers(frame: pd.DataFrame, year: int, sections: Sequence[str]) -> dict[str, int]:
    """Which indicators are numbered figures in `year`, and their numbers.

    One rule for the report, the committees' workbook and the web edition, so "Figur 7" is
    the same figure in all: sections in report order, figures in definition order,
    `figure: true`, not the participation count nor a top-n list (a table), and with a value
    to show in `year` or one the disclosure rule hides (the figure then says so: a hidden
    figure keeps its place, so no figure goes missing without a word). The indicators of one
    combined chart (`COMBINED_CHARTS`) share one number. `frame` is as `read_indicators`
    returns it; `sections` the report definition's order.
    """
    numbers: dict[str, int] = {}
    count = 0
    for rows, shown in _figure_candidates(frame, year, sections):
        if not shown:
            continue
        count += 1
        for indicator_id in rows["indicator_id"].unique():
            numbers[str(indicator_id)] = count
    return numbers


def figures_without_values(frame: pd.DataFrame, year: int, sections: Sequence[str]) -> list[str]:
    """The indicators of figures that have rows in `year` but nothing to show there, neither
    a value nor a hidden cell: their question went unanswered (a column missing from the
    export, every answer blank), so `figure_numbers` leaves them out and the report says so."""
    return [
        str(indicator_id)
        for rows, shown in _figure_candidates(frame, year, sections)
        if not shown and (rows["year"] == year).any()
        for indicator_id in rows["indicator_id"].unique()
    ]


def _figure_candidates(frame: pd.DataFrame, year: int, sections: Sequence[str]):
    """Each figure group in report order (`figure: true`, neither the participation count nor
    a top-n table), with whether it has a value to show in `year` or a cell the disclosure
    rule hides."""
    for section_id in sections:
        section_rows = frame[frame["section"] == section_id]
        for _key, rows in figure_groups(section_rows):
            kind = str(first_value(rows["kind"], ""))
            if not bool(first_value(rows["figure"], True)) or kind in ("participation", "top_n"):
                continue
            current = rows[rows["year"] == year]
            yield rows, bool((current["suppressed"] | current["share_pct"].notna()).any())
