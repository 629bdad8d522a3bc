"""Stage: the report's indicators, defined in survey/indicators.yaml, computed per year."""

import pandas as pd

from pipeline.errors import EmptyReport
from pipeline.indicators.compute import (
    CSV_COLUMNS,
    compute_indicators,
    compute_year,
    load_inputs,
    regional_shares,
    round_half_up,
    write_indicators,
)
from pipeline.indicators.own import municipality_answers
from pipeline.project import Project
from pipeline.survey import load_survey
from pipeline.survey.indicators import Indicator, IndicatorSet


def check_indicators(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """Refuse a year for which no indicator has a value: its codebook matches none of
    survey/indicators.yaml (or nothing was ingested), and that must never look like success."""
    rows = table[(table["year"] == year) & (table["denominator"].fillna(0) > 0)]
    if "kind" in rows:  # who answered is no finding: a question must have been counted
        rows = rows[rows["kind"] != "participation"]
    if rows.empty:
        raise EmptyReport(
            f"no indicator has a value for {year} (only who took part): check that "
            f"survey/questionnaires/{year}.yaml maps the questions of survey/indicators.yaml "
            f"(statusmaaling new-year --year {year}) and that the export was ingested"
        )
    return table


def load_indicators(project: Project) -> IndicatorSet:
    """The indicator definitions, checked against the codebooks (from the survey model)."""
    return load_survey(project).indicators


__all__ = [
    "check_indicators",
    "CSV_COLUMNS",
    "Indicator",
    "IndicatorSet",
    "compute_indicators",
    "compute_year",
    "load_indicators",
    "load_inputs",
    "municipality_answers",
    "regional_shares",
    "round_half_up",
    "write_indicators",
]
