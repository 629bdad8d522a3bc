"""One municipality's own answers next to the national figures ("jeres svar").

For the per-municipality extracts: for every indicator that is not a region breakdown, each
group and each year present, whether the municipality's answer counts in the denominator and
in the numerator of the national figure, and a short Danish label of its answer. Regional
shares for the same extract come from `compute_year(..., municipalities=<the region>)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import pandas as pd

from pipeline.indicators.compute import Result, compute_results, load_inputs
from pipeline.municipalities import find_municipality
from pipeline.project import Project
from pipeline.survey import load_survey

OWN_COLUMNS = ["indicator_id", "year", "group", "in_denominator", "in_numerator", "own_label"]

NOT_ANSWERED = "Ikke besvaret"


def municipality_answers(project: Project, year: int, municipality_code: str) -> pd.DataFrame:
    """Per indicator, year and group: does this municipality count, and what did it answer.

    `municipality_code` may also be a name ("Aarhus"); an unknown one raises
    `MunicipalityNotFound`. Years: `year` and every earlier year present.
    """
    register = load_survey(project).register
    code = find_municipality(str(municipality_code), register).code
    inputs = load_inputs(project, year)
    results = compute_results(
        inputs.responses,
        inputs.coded,
        inputs.indicators,
        register=inputs.register,
        respondents=inputs.respondents,
        years=inputs.years,
    )
    return own_answers(results, code)


class OwnAnswer(NamedTuple):
    """One cell of the national figures as one municipality sees it."""

    indicator_id: str
    year: int
    group: str
    in_denominator: bool
    in_numerator: bool
    own_label: str


def own_rows(results: list[Result], code: str) -> Iterator[OwnAnswer]:
    """This municipality's answer in every shown cell of the computed national figures.

    A generator of plain tuples: the extracts read it for 98 municipalities in a row, where
    a DataFrame per municipality cost more than the reading."""
    for res in results:
        if res.indicator.breakdown == "region":
            continue
        for cell in res.cells:
            # a category outside a year's top-n is not shown in that year's list, but the
            # municipality's own answer still named it (or not): its mark in the extract's
            # earlier-year column must say so, not look unanswered
            if not cell.shown and res.indicator.kind != "top_n":
                continue
            in_den = code in cell.den
            in_num = code in cell.num
            yield OwnAnswer(
                res.indicator.id,
                int(res.year),
                cell.group,
                in_den,
                in_num,
                _label(res, code, in_den, in_num),
            )


def own_answers(results: list[Result], code: str) -> pd.DataFrame:
    """The pure part of `municipality_answers`: read one municipality off computed cells."""
    frame = pd.DataFrame(list(own_rows(results, code)), columns=OWN_COLUMNS)
    frame["year"] = frame["year"].astype("int64")
    frame["in_denominator"] = frame["in_denominator"].astype(bool)
    frame["in_numerator"] = frame["in_numerator"].astype(bool)
    return frame


def _label(res: Result, code: str, in_den: bool, in_num: bool) -> str:
    kind = res.answer_kind
    if kind == "participation":
        return "Deltog" if in_num else "Deltog ikke"
    answer = res.answers.get(code)
    if answer is None:
        return NOT_ANSWERED
    if not in_den:  # answered, but not counted: 'Ved ikke' excluded, or a free-text non-answer
        return f"{answer} (indgår ikke)"
    if res.indicator.kind == "any_of" or kind == "one":
        return answer
    if kind == "many":
        return "Valgt" if in_num else "Ikke valgt"
    return "Nævnt" if in_num else "Ikke nævnt"
