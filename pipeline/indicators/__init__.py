"""Stage: the report's indicators, defined in survey/indicators.yaml, computed per year."""

from pipeline.indicators.compute import (
    CSV_COLUMNS,
    check_indicators,
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
