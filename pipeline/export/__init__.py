"""The export stage: indicators -> an Excel workbook for KL's committees.

`output/<Y>/statusmaaling_<Y>.xlsx` follows the PDF report page by page: "Forside" (source,
definitions, symbols, contents, and what each column of "Alle indikatorer" means), then per
report section its top-n lists, its numbered figures ("Figur N", numbered by the report's own
rule), its regional tables ("Kort N", the breakdowns the PDF draws as maps, under the
disclosure rule) and a sheet with its other tables (participation overall and per region,
supplier involvement, ...), then "Alle indikatorer" (the full table in the same order,
filterable).

Three steps, as elsewhere: `model` structures the indicator table into plain tables in the
PDF's order, `sheets` and `front` only lay them out, and `export_workbook` reads the inputs
and writes the file atomically.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook

from pipeline import disclosure, io
from pipeline.errors import EmptyReport
from pipeline.export.cells import put as _put
from pipeline.export.front import ALL_SHEET, all_rows, source_text, write_all, write_front
from pipeline.export.model import Sheet, plan_sheets
from pipeline.export.sheets import write_sheet
from pipeline.figures import figure_numbers
from pipeline.figures import read_indicators as report_indicators
from pipeline.project import Project
from pipeline.survey import Survey, load_survey

__all__ = ["_put", "build_workbook", "export_workbook", "read_indicators", "workbook_path"]


def workbook_path(project: Project, year: int) -> Path:
    return project.output(year) / f"statusmaaling_{year}.xlsx"


def read_indicators(project: Project, year: int) -> pd.DataFrame:
    """The year's indicator table (the report's reader), rows for `year` and earlier only."""
    frame = report_indicators(project, year)
    return frame[frame["year"].astype(int) <= year].reset_index(drop=True)


def read_meta(project: Project, year: int) -> dict[str, Any]:
    """ingest_meta.json, or {} when it is not there (the front sheet then says less)."""
    path = project.processed(year) / "ingest_meta.json"
    if not path.is_file():
        return {}
    data = io.read_json(path)
    return data if isinstance(data, dict) else {}


def export_workbook(project: Project, year: int) -> Path:
    """Write output/<Y>/statusmaaling_<Y>.xlsx from the year's indicators; return its path."""
    table = read_indicators(project, year)  # first: a missing stage output says what to run
    survey = load_survey(project)
    threshold = survey.indicators.settings.suppression_threshold
    indicators = disclosure.enforce_on_table(table, threshold)
    meta = read_meta(project, year)
    book = survey.codebooks.get(year)
    if book is not None:  # counted from the codebook, as in the report
        meta = {**meta, "n_questions": book.n_questions()}
    if not figure_numbers(indicators, year, survey.report.section_ids):
        raise EmptyReport(
            f"the {year} workbook would hold no figure: no indicator has a value for {year}",
            file=workbook_path(project, year),
        )
    wb = build_workbook(indicators, survey, meta, year)
    return io.write_atomic(workbook_path(project, year), wb.save)


def display_labels(indicators: pd.DataFrame, survey: Survey) -> pd.DataFrame:
    """Answer labels as the report's figures print them (`charts.label_rewrites` in
    report.yaml: "Andet, angiv" -> "Andet"), so a row reads the same in the PDF and here."""
    rewrites = survey.report.charts.label_rewrites
    if not rewrites or "group_label" not in indicators:
        return indicators
    out = indicators.copy()
    out["group_label"] = [
        rewrites.get(v, v) if isinstance(v, str) else v for v in out["group_label"]
    ]
    return out


def build_workbook(
    indicators: pd.DataFrame, survey: Survey, meta: dict[str, Any], year: int
) -> Workbook:
    """The workbook for `year` from a disclosure-checked indicator table (see module doc)."""
    indicators = display_labels(indicators, survey)
    sections = [(s.id, s.title) for s in survey.report.sections]
    item_labels, _ = _questions(survey, year)
    sheets = sheet_plan(indicators, survey, year)
    zero_note = survey.report.texts.zero_categories_note
    threshold = survey.indicators.settings.suppression_threshold
    title = survey.report.title.format(year=year, next_year=year + 1)
    wb = Workbook()
    front = wb.active
    assert front is not None
    front.title = "Forside"
    for sheet in sheets:
        write_sheet(wb.create_sheet(sheet.name), sheet, zero_note)
    numbers = {
        t.indicator_id: s.name for s in sheets if s.kind in ("figure", "map") for t in s.tables
    }
    write_all(wb.create_sheet(ALL_SHEET), all_rows(indicators, sections, numbers, item_labels))
    write_front(front, title, sheets, meta, year, threshold=threshold, zero_note=zero_note)
    wb.active = 0
    props = wb.properties
    props.title = title
    props.subject = "Tabeller og figurer fra KL's statusmåling på velfærdsteknologi"
    props.creator = "KL"
    props.lastModifiedBy = "KL"
    props.language = "da-DK"
    props.keywords = "velfærdsteknologi; statusmåling; kommuner"
    props.description = source_text(meta, year)
    return wb


def sheet_plan(indicators: pd.DataFrame, survey: Survey, year: int) -> list[Sheet]:
    """The sheets `build_workbook` writes after "Forside" (for tests and other readers)."""
    item_labels, question_types = _questions(survey, year)
    return plan_sheets(
        indicators,
        year,
        [(s.id, s.title) for s in survey.report.sections],
        compare_years=survey.report.compare_years,
        question_types=question_types,
        item_labels=item_labels,
        combined=combined_groups(survey),
        figure_titles=figure_titles(survey),
        ranking_columns={q: r.column for q, r in survey.report.narrative.rankings.items()},
        ranking_sheets={q: r.sheet for q, r in survey.report.narrative.rankings.items()},
    )


def figure_titles(survey: Survey) -> dict[str, str]:
    """Indicator id -> the caption of the figure it is drawn in with others (`figure_title`
    in indicators.yaml): the sheet's heading, as the PDF's caption reads."""
    return {ind.id: ind.figure_title for ind in survey.indicators if ind.figure_title}


def combined_groups(survey: Survey) -> dict[str, frozenset[str]]:
    """Indicator id -> keys of its groups that sum other answers (`groups:` in the
    indicator definition), so the workbook can set them apart from the answers they add up."""
    return {
        ind.id: frozenset(g.group_key for g in ind.groups)
        for ind in survey.indicators
        if getattr(ind, "groups", None)
    }


def _questions(survey: Survey, year: int) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Question id -> {item: label}, and question id -> type, from the year's codebook."""
    book = survey.codebooks.get(year)
    if book is None:
        return {}, {}
    shown = survey.report.charts.label  # as the figures show them ("Andet, angiv" -> "Andet")
    labels = {q.id: {r.item: shown(r.label) for r in q.rows} for q in book.questions}
    types = {q.id: str(q.type) for q in book.questions}
    return labels, types
