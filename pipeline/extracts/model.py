"""What goes into one municipality's extract.

Privacy is decided here, not in the template: a model holds the national and regional
aggregates (regional cells already suppressed by the indicators stage's rule) and this one
municipality's own answers and free text, and nothing else about any other municipality.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline import disclosure, io
from pipeline.errors import MissingStageOutput
from pipeline.formatting import display_text
from pipeline.indicators.compute import Inputs, compute_results, load_inputs, results_frame
from pipeline.indicators.own import NOT_ANSWERED, own_rows
from pipeline.municipalities import REGIONS, Municipality
from pipeline.project import Project
from pipeline.survey import load_survey

Cellkey = tuple[str, int, str]  # indicator id, year, group
CellValue = tuple[int | None, int | None]  # share in whole percent, n
#: Indicators of the extract: the report's own figures plus the single-figure summaries.
SKIP_KINDS = {"participation"}
SUMMARY_KINDS = {"any_of", "top_n"}
#: The municipality's own answer in a row: it chose/named this group, or it answered otherwise.
CHOSEN, NOT_CHOSEN = "✓", "–"
#: A regional share left out by `pipeline.disclosure` (never "–": that is NOT_CHOSEN).
HIDDEN = "⊘"
#: The symbols as the template names them (legend, table cells).
SYMBOLS = {"chosen": CHOSEN, "not_chosen": NOT_CHOSEN, "hidden": HIDDEN}

#: Said under an indicator when the municipality answered but chose no group of it.
NONE_CHOSEN = {
    "category_share": "Kommunens svar nævner ingen af kategorierne.",
    "option_share": "Kommunen har ikke valgt nogen af svarmulighederne.",
}
NOT_COUNTED = "Kommunens svar indgår ikke i opgørelsen (fx „Ved ikke“ eller et svar uden indhold)."
#: An answer that does not count (e.g. "Ved ikke" under `dont_know: exclude`).
EXCLUDED = "Indgår ikke"
NOT_ANSWERED_NOTE = "Kommunen har ikke besvaret spørgsmålet."


def _mark(own: Any) -> str:
    """✓ when the answer counts in this group, – when it counts elsewhere, else why not."""
    if own.in_numerator:
        return CHOSEN
    if own.in_denominator:
        return NOT_CHOSEN
    return EXCLUDED if own.own_label.endswith("(indgår ikke)") else NOT_ANSWERED


@dataclass
class ExtractData:
    """Everything shared by all extracts of a year, computed once."""

    year: int
    years: list[int]
    national: dict[Cellkey, CellValue]
    regional: dict[str, dict[Cellkey, CellValue]]  # region -> cells, suppressed as (None, None)
    indicators: list[dict[str, Any]]  # id, title, section, groups [(key, label)] for `year`
    results: list  # national Results: own answers are read off these
    coded: pd.DataFrame  # this year's coded free text (filtered per municipality)
    answered_questions: dict[str, set[str]]  # municipality -> question ids answered in `year`
    questions: list[tuple[str, str]]  # (question id, Danish text) of `year`'s codebook
    row_labels: dict[tuple[str, str], str]  # (question id, item) -> row label
    category_labels: dict[str, str]  # taxonomy or code-list slug -> Danish label
    respondents: dict[str, bool]  # municipality -> complete?
    meta: dict[str, Any]
    threshold: int  # regional suppression threshold (survey/indicators.yaml)
    section_titles: dict[str, str]  # section id -> title, in report order (survey/report.yaml)
    named: dict[Cellkey, int]  # national numerator per cell: 0 is a group no one chose
    combined: set[tuple[str, str]]  # (indicator id, group): a sum of the options before it


def _numerators(results: list) -> dict[Cellkey, int]:
    return {
        (res.indicator.id, res.year, str(c.group)): len(c.num) for res in results for c in res.cells
    }


def _combined(results: list) -> set[tuple[str, str]]:
    """The groups that add up options (`groups:` of survey/indicators.yaml), e.g. "Under
    afprøvning eller implementering": the extract sets them apart from the options."""
    out = set()
    for res in results:
        keys = {g.group_key for g in res.indicator.groups}
        out |= {(res.indicator.id, str(c.group)) for c in res.cells if c.key in keys}
    return out


def _cells(frame: pd.DataFrame) -> dict[Cellkey, CellValue]:
    out = {}
    for r in frame.itertuples():
        pct = None if pd.isna(r.share_pct) else int(r.share_pct)
        n = None if pd.isna(r.denominator) else int(r.denominator)
        out[(r.indicator_id, int(r.year), str(r.group))] = (pct, n)
    return out


def suppress_regions(
    regional: dict[str, dict[Cellkey, CellValue]],
    threshold: int,
    sizes: dict[str, dict[Cellkey, int]] | None = None,
) -> None:
    """Hide regional cells a reader could use to learn other municipalities' answers.

    The rule is `pipeline.disclosure`'s, the same as for `indicators.csv`: a cell is shown
    only when it rests on at least `threshold` municipalities besides the reader's own, and
    the hidden regions of one cell together (what the national figure minus the visible
    regions gives away) rest on enough municipalities too. `sizes` are the real numbers of
    municipalities behind each cell (also the hidden ones). A size that is not known (a cell
    hidden before, without `sizes`; a region that lacks the cell, as a region's top-5 does
    when one of its categories is suppressed) counts as unknown, which can only hide more.
    """
    keys = {k for cells in regional.values() for k in cells}
    for key in keys:
        n: dict[str, int | None] = {}
        already = set()
        for r in sorted(regional, key=region_order):  # ties broken as in indicators.csv
            pct, shown_n = regional[r].get(key, (None, None))
            n[r] = (sizes or {}).get(r, {}).get(key, shown_n if pct is not None else None)
            if pct is None:
                already.add(r)
        for r in disclosure.hidden_cells(n, threshold, hidden=already):
            regional[r][key] = (None, None)


def region_order(region: str) -> tuple[int, str]:
    """The regions' order of the indicators' region breakdown (`compute._compute`): with the
    same order, a tie in size hides the same region in the extracts and in indicators.csv,
    so the two together never show both regions of a tie and give away a third."""
    return (REGIONS.index(region) if region in REGIONS else len(REGIONS), region)


def _sizes(results: list) -> dict[Cellkey, int]:
    """The number of municipalities behind every cell, also behind the suppressed ones."""
    return {
        (res.indicator.id, res.year, str(c.group)): len(c.den)
        for res in results
        for c in res.cells
        if c.shown
    }


def load_extract_data(project: Project, year: int) -> ExtractData:
    """Compute the national figures once and each region's once, for all 98 extracts."""
    inputs: Inputs = load_inputs(project, year)
    args = dict(register=inputs.register, respondents=inputs.respondents, years=inputs.years)
    results = compute_results(inputs.responses, inputs.coded, inputs.indicators, **args)
    national_frame = results_frame(results)
    regions = sorted({m.region for m in inputs.register})
    regional = {}
    sizes = {}
    for region in regions:
        codes = {m.code for m in inputs.register if m.region == region}
        region_results = compute_results(
            inputs.responses,
            inputs.coded,
            inputs.indicators,
            municipalities=codes,
            register=inputs.register,
            respondents=inputs.respondents,
            years=[year],
        )
        regional[region] = _cells(results_frame(region_results))
        sizes[region] = _sizes(region_results)
    suppress_regions(regional, inputs.indicators.settings.suppression_threshold, sizes)

    current = national_frame[national_frame["year"] == year]
    # answer and row labels as the report prints them ("Hjerte-karsygdomme" -> with hyphens)
    rewrites = load_survey(project).report.charts.label_rewrites
    indicators = []
    for ind_id, rows in current.groupby("indicator_id", sort=False):
        first = rows.iloc[0]
        if first["kind"] in SKIP_KINDS or first["breakdown"] == "region":
            continue
        if not (bool(first["figure"]) or first["kind"] in SUMMARY_KINDS):
            continue
        rows = rows.sort_values(
            ["rank", "group_order"] if first["kind"] == "top_n" else "group_order"
        )
        indicators.append(
            {
                "id": ind_id,
                "title": _spelled(str(first["title"]), rewrites),
                "section": first["section"],
                "kind": first["kind"],
                "groups": [
                    (str(g), rewrites.get(str(lbl), str(lbl)))
                    for g, lbl in zip(rows["group"], rows["group_label"], strict=True)
                ],
            }
        )
    survey = load_survey(project)
    order = {section_id: i for i, section_id in enumerate(survey.report.section_ids)}
    indicators.sort(key=lambda i: order.get(i["section"], 99))  # stable within a section

    responses = inputs.responses[inputs.responses["year"] == year]
    answered = responses.groupby("municipality_code")["question_id"].agg(set).to_dict()
    book = survey.codebook(year)
    coded = inputs.coded if inputs.coded is not None else pd.DataFrame()
    if len(coded):
        coded = coded[coded["year"] == year]
    respondents = {}
    if inputs.respondents is not None:
        r = inputs.respondents
        kept = r[(r["year"] == year) & (r["outcome"] == "accepted")]
        respondents = dict(
            zip(kept["municipality_code"], kept["complete"].astype(bool), strict=True)
        )
    meta_path = project.processed(year) / "ingest_meta.json"
    if not meta_path.is_file():
        raise MissingStageOutput(
            f"no ingest metadata for {year}; run `statusmaaling ingest --year {year}`",
            file=meta_path,
        )
    return ExtractData(
        year=year,
        years=inputs.years,
        national=_cells(national_frame),
        regional=regional,
        indicators=indicators,
        results=results,
        coded=coded,
        answered_questions=answered,
        questions=[(q.id, q.text) for q in book.questions],
        row_labels={
            (q.id, r.item): rewrites.get(r.label, r.label) for q in book.questions for r in q.rows
        },
        category_labels=survey.indicators.category_labels(),
        respondents=respondents,
        meta=io.read_json(meta_path),
        threshold=inputs.indicators.settings.suppression_threshold,
        section_titles={s.id: s.title for s in survey.report.sections},
        named=_numerators(results),
        combined=_combined(results),
    )


def _marks(marks: dict[int, str], years: list[int]) -> list[str]:
    """The municipality's mark per year: CHOSEN, NOT_CHOSEN or "" (not asked, not answered,
    or an answer that does not count, such as "Ved ikke")."""
    return [m if m in (CHOSEN, NOT_CHOSEN) else "" for m in (marks.get(y) for y in years)]


def _row(
    data: ExtractData,
    region: dict[Cellkey, CellValue],
    indicator_id: str,
    key: str,
    label: str,
    marks: list[str],
) -> dict[str, Any]:
    year = data.year
    return {
        "label": label or "Ja",  # a single-figure indicator (any of its options)
        "marks": marks,  # one per year of `years`, the last is this year's own answer
        "combined": (indicator_id, key) in data.combined,
        "region_pct": region.get((indicator_id, year, key), (None, None))[0],
        "national_pct": data.national.get((indicator_id, year, key), (None, None))[0],
        "national_hidden": _hidden_nationally(data, indicator_id, key),
    }


def _status_note(kind: str, states: set[str | None]) -> str | None:
    """Why an indicator shows no mark of this year's own answer, or None when it does."""
    if CHOSEN in states:
        return None
    if states == {NOT_CHOSEN}:
        return NONE_CHOSEN.get(kind)
    if EXCLUDED in states:
        return NOT_COUNTED
    return NOT_ANSWERED_NOTE


def _hidden_nationally(data: ExtractData, indicator_id: str, key: str) -> bool:
    """Whether the disclosure rule hides this group's national share (too few answered):
    the indicators stage leaves it without n, while a group no one answered has n = 0."""
    cell = (indicator_id, data.year, key)
    return cell in data.national and data.national[cell][1] is None


def _named(data: ExtractData, indicator_id: str, key: str) -> bool:
    """Whether any municipality in the country is counted in this group this year: a group
    no one chose or named is an all-zero row and is left out. Not so under a hidden national
    share: leaving out the groups no one chose would tell what the few others answered."""
    if _hidden_nationally(data, indicator_id, key):
        return True
    return data.named.get((indicator_id, data.year, key), 0) > 0


def build_extract_model(data: ExtractData, m: Municipality) -> dict[str, Any]:
    """The model of one extract: this municipality's answers and aggregates only.

    Every option of an indicator is a row (not only the municipality's own), so the
    municipality sees where the country and its region answered differently; options no
    municipality chose are left out. A non-respondent gets the national figures only.
    """
    year = data.year
    answered = m.code in data.respondents
    mark: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)
    for r in own_rows(data.results, m.code):
        mark[(r.indicator_id, str(r.group))][r.year] = _mark(r)
    region = data.regional.get(m.region, {})
    earlier = [y for y in data.years if y < year][-2:]
    years = [*earlier, year] if answered else []

    sections: dict[str, dict[str, Any]] = {}
    for ind in data.indicators:
        groups = ind["groups"]
        rows = []
        now = set()
        for key, label in groups:
            own_marks = mark.get((ind["id"], key), {})
            now.add(own_marks.get(year))
            marks = _marks(own_marks, years)
            if _named(data, ind["id"], key) or CHOSEN in marks:
                rows.append(_row(data, region, ind["id"], key, label, marks))
        if not rows:
            continue  # no municipality chose any option: nothing to compare with
        n_nat: int | None = max(
            (data.national.get((ind["id"], year, k), (None, 0))[1] or 0) for k, _ in groups
        )
        if all(_hidden_nationally(data, ind["id"], k) for k, _ in groups):
            n_nat = None  # hidden: the templates say so instead of printing n
        n_reg = [region.get((ind["id"], year, k), (None, None))[1] for k, _ in groups]
        n_reg_known = [n for n in n_reg if n is not None]
        section = sections.setdefault(
            ind["section"],
            {"title": data.section_titles.get(ind["section"], ind["section"]), "indicators": []},
        )
        section["indicators"].append(
            {
                "id": ind["id"],
                "title": ind["title"],
                "rows": rows,
                "note": _status_note(ind["kind"], now) if answered else None,
                "n_national": n_nat,
                "n_region": max(n_reg_known) if n_reg_known else None,
            }
        )

    free_text = []
    if answered and len(data.coded):
        mine = data.coded[data.coded["municipality_code"] == m.code]
        labels = {q: t for q, t in data.questions}
        for r in mine.itertuples():
            free_text.append(
                {
                    "question": labels.get(r.question_id, r.question_id),
                    "item_label": data.row_labels.get((r.question_id, r.item), ""),
                    "text": display_text(str(r.text)),  # a 10 MB answer stalled WeasyPrint
                    "categories": [
                        data.category_labels.get(c, c)
                        for c in str(r.categories or "").split(";")
                        if c
                    ],
                }
            )
    done = data.answered_questions.get(m.code, set())
    not_answered = [text for qid, text in data.questions if qid not in done] if answered else []
    return {
        "year": year,
        "earlier_years": earlier,
        "municipality": {
            "code": m.code,
            "name": m.name,
            "official_name": m.official_name,
            "region": m.region,
        },
        "answered": answered,
        "complete": data.respondents.get(m.code, False),
        "years": years,
        "sections": list(sections.values()),
        "free_text": free_text,
        "not_answered": not_answered,
        "meta": data.meta,
    }


def _spelled(title: str, rewrites: dict[str, str]) -> str:
    """A title built from a codebook label ("...: Hjerte-karsygdomme"), spelled as the
    report spells the label."""
    for written, shown in rewrites.items():
        if title.endswith(written):
            return title[: -len(written)] + shown
    return title
