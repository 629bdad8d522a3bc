"""Computing the indicators: tidy responses + coded free text -> one table of shares.

`compute_indicators` is pure (frames in, frame out) and can be restricted to a set of
municipalities (one region, for the per-municipality extracts); `compute_year` reads a
project's processed files; `write_indicators` writes `data/processed/<Y>/indicators.parquet`
and the public `output/<Y>/indicators.csv`.

Every cell is computed on the sets of municipalities in its numerator and denominator, so the
same computation answers "does this municipality count here?" (`pipeline.indicators.own`).

Output columns (parquet; the CSV has the first eight only, in this order):
  indicator_id, year, group, numerator, denominator, share (0-1, unrounded), share_pct (whole
  percent, half up), change_pp (points since the latest earlier year with the same group),
  group_key (option code, row key, slug, region or combined key), group_label (Danish),
  group_order, rank (top_n), suppressed, title, kind, breakdown, section, chart, figure,
  question_id, item, note, indicator_order.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import pandas as pd

from pipeline import disclosure, io
from pipeline.errors import (
    CodebookError,
    DefinitionError,
    EmptyReport,
    MissingStageOutput,
    StatusmaalingError,
)
from pipeline.municipalities import REGIONS, Municipality
from pipeline.project import Project
from pipeline.reads import record
from pipeline.survey import load_survey
from pipeline.survey.codebook import Codebook, Question
from pipeline.survey.indicators import TEXT_KINDS, Indicator, IndicatorSet

CSV_COLUMNS = [
    "indicator_id",
    "year",
    "group",
    "numerator",
    "denominator",
    "share",
    "share_pct",
    "change_pp",
]
EXTRA_COLUMNS = [
    "group_key",
    "group_label",
    "group_order",
    "rank",
    "suppressed",
    "title",
    "kind",
    "breakdown",
    "section",
    "chart",
    "figure",
    "question_id",
    "item",
    "note",
    "indicator_order",
]
COLUMNS = CSV_COLUMNS + EXTRA_COLUMNS

#: how to produce a missing input (named in `MissingStageOutput`)
INGEST_COMMAND = "statusmaaling ingest --year {year}"
CODE_COMMAND = "statusmaaling normalize --year {year}"


# --------------------------------------------------------------------------- rounding


def round_half_up(value: Fraction | int) -> int:
    """Round an exact fraction to a whole number, halves away from zero.

    The same as `decimal.ROUND_HALF_UP` (12.5 -> 13, -12.5 -> -13, 62.5 -> 63) but on the exact
    fraction, so 1/8 of 100 is 12.5 exactly and no float error can tip it either way.
    """
    value = Fraction(value)
    sign = -1 if value < 0 else 1
    a = abs(value)
    return sign * ((2 * a.numerator + a.denominator) // (2 * a.denominator))


def share_pct(numerator: int, denominator: int) -> int | None:
    return round_half_up(Fraction(100 * numerator, denominator)) if denominator else None


def change_pp(num: int, den: int, prev_num: int, prev_den: int) -> int | None:
    """Change in percentage points from the unrounded shares, rounded half up."""
    if not den or not prev_den:
        return None
    return round_half_up(Fraction(100 * num, den) - Fraction(100 * prev_num, prev_den))


# --------------------------------------------------------------------------- cells


@dataclass
class Cell:
    """One group of one indicator in one year, with the municipalities behind it."""

    key: str
    group: str
    label: str
    order: int
    num: frozenset[str]
    den: frozenset[str]
    rank: int | None = None
    shown: bool = True
    suppressed: bool = False
    change: int | None = None


@dataclass
class Result:
    """An indicator in one year: its cells and each municipality's own answer."""

    indicator: Indicator
    year: int
    cells: list[Cell]
    #: "one" (single choice, matrix row), "many" (multi choice), "text" or "participation"
    answer_kind: str = "one"
    #: municipality -> label of its answer (everyone who answered, also when not in n)
    answers: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- inputs


@dataclass
class Inputs:
    """A project's processed data for `year` and every earlier year present."""

    year: int
    years: list[int]
    responses: pd.DataFrame
    coded: pd.DataFrame | None
    respondents: pd.DataFrame | None
    register: list[Municipality]
    indicators: IndicatorSet


def available_years(project: Project, up_to: int | None = None) -> list[int]:
    """Years with data/processed/<year>/responses.parquet, oldest first.

    The files of every year that has a codebook count as read even while they are missing, so
    `run` computes the indicators again when an earlier year's data arrives."""
    base = project.root / "data" / "processed"
    for y in project.years():
        if up_to is None or y <= up_to:
            folder = project.processed(y)
            record(*(folder / n for n in ("responses.parquet", "coded_text.parquet")))
            record(folder / "respondents.parquet")
    if not base.is_dir():
        return []
    years = [
        int(p.name)
        for p in base.iterdir()
        if p.name.isdigit() and (p / "responses.parquet").is_file()
    ]
    return sorted(y for y in years if up_to is None or y <= up_to)


def current_slugs(coded: pd.DataFrame, project: Project, path: Path) -> pd.DataFrame:
    """An earlier year's coded answers in today's categories: slugs that are gone from the
    taxonomy go through `survey/crosswalk.yaml`; one that is gone without an entry there is an
    error naming both, never an answer that silently drops out of every figure."""
    survey = load_survey(project)
    listed = [s for code_list in survey.code_lists.values() for s in code_list.slugs]
    slugs, crosswalk = [*survey.taxonomy.slugs, *listed], survey.crosswalk
    used = {s for value in coded["categories"].dropna() for s in str(value).split(";") if s}
    gone = crosswalk.unknown(used, slugs)
    if gone:
        raise DefinitionError(
            f"category {gone[0]!r} of these coded answers is not in survey/taxonomy.yaml and has "
            "no entry in survey/crosswalk.yaml; add one, or code the year again (statusmaaling "
            "normalize)",
            file=path,
            column="categories",
        )
    if used & set(crosswalk.mapping):
        coded = coded.copy()
        coded["categories"] = [
            ";".join(crosswalk.map(str(v).split(";"))) if isinstance(v, str) and v else v
            for v in coded["categories"]
        ]
    return coded


def load_inputs(project: Project, year: int) -> Inputs:
    """Read responses, coded text and respondents of `year` and the earlier years present."""
    target = project.processed(year) / "responses.parquet"
    if not target.is_file():
        raise MissingStageOutput(
            f"no responses for {year}; run `{INGEST_COMMAND.format(year=year)}` first",
            file=target,
        )
    indicators = load_survey(project).indicators
    years = available_years(project, up_to=year)
    responses, coded, respondents = [], [], []
    for y in years:
        folder = project.processed(y)
        responses.append(io.read_parquet(folder / "responses.parquet"))
        coded_path = folder / "coded_text.parquet"
        if coded_path.is_file():
            coded.append(current_slugs(io.read_parquet(coded_path), project, coded_path))
        elif any(i.kind in TEXT_KINDS and y in i.years for i in indicators):
            raise MissingStageOutput(
                f"no coded free text for {y}; run `{CODE_COMMAND.format(year=y)}` first",
                file=coded_path,
            )
        if (folder / "respondents.parquet").is_file():
            respondents.append(io.read_parquet(folder / "respondents.parquet"))
    register = list(load_survey(project).register)
    return Inputs(
        year=year,
        years=years,
        responses=pd.concat(responses, ignore_index=True),
        coded=pd.concat(coded, ignore_index=True) if coded else None,
        respondents=pd.concat(respondents, ignore_index=True) if respondents else None,
        register=register,
        indicators=indicators,
    )


def compute_year(
    project: Project, year: int, *, municipalities: Collection[str] | None = None
) -> pd.DataFrame:
    """Every indicator for `year` and each earlier year present (optionally for a subset)."""
    inputs = load_inputs(project, year)
    frame = compute_indicators(
        inputs.responses,
        inputs.coded,
        inputs.indicators,
        register=inputs.register,
        respondents=inputs.respondents,
        municipalities=municipalities,
        years=inputs.years,
    )
    # a category split from an earlier one (survey/crosswalk.yaml) counts every answer of the
    # old category in each part: its changes over the years are not a comparison
    split = load_survey(project).crosswalk.split_targets()
    if split and "change_pp" in frame:
        frame.loc[frame["group"].isin(split), "change_pp"] = None
    return frame


def regional_shares(project: Project, year: int, region: str) -> pd.DataFrame:
    """The indicators computed over one region's municipalities, for analysts' checks.

    Only the per-cell threshold is applied here, not the rule across regions
    (`pipeline.disclosure`): nothing published is made from this; publications go through
    `indicators.csv`, the workbook, the extracts and the web edition."""
    register = load_survey(project).register
    codes = {m.code for m in register if m.region == region}
    if not codes:
        raise StatusmaalingError(f"unknown region {region!r}; expected one of {', '.join(REGIONS)}")
    return compute_year(project, year, municipalities=codes)


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


def write_indicators(project: Project, year: int) -> pd.DataFrame:
    """Compute and write data/processed/<Y>/indicators.parquet and output/<Y>/indicators.csv."""
    frame = check_indicators(compute_year(project, year), year)  # before anything is written
    io.write_parquet(frame, project.processed(year) / "indicators.parquet")
    io.write_csv(frame[CSV_COLUMNS], project.output(year) / "indicators.csv")
    return frame


# --------------------------------------------------------------------------- computing


def compute_indicators(
    responses: pd.DataFrame,
    coded: pd.DataFrame | None,
    indicators: IndicatorSet,
    *,
    register: Iterable[Municipality],
    respondents: pd.DataFrame | None = None,
    municipalities: Collection[str] | None = None,
    years: Iterable[int] | None = None,
) -> pd.DataFrame:
    """Compute every indicator for every year of `responses` (or `years`).

    `municipalities` restricts everything to those codes (e.g. one region): then every cell
    resting on fewer municipalities than the suppression threshold is suppressed, and the
    region breakdowns are left out. Without it, region breakdowns get primary and secondary
    suppression.
    """
    results = compute_results(
        responses,
        coded,
        indicators,
        register=register,
        respondents=respondents,
        municipalities=municipalities,
        years=years,
    )
    return results_frame(results)


def compute_results(
    responses: pd.DataFrame,
    coded: pd.DataFrame | None,
    indicators: IndicatorSet,
    *,
    register: Iterable[Municipality],
    respondents: pd.DataFrame | None = None,
    municipalities: Collection[str] | None = None,
    years: Iterable[int] | None = None,
) -> list[Result]:
    """The cells behind `compute_indicators`, with ranks, suppression and changes applied."""
    register = list(register)
    subset = frozenset(municipalities) if municipalities is not None else None
    year_list = sorted(set(years) if years is not None else set(responses["year"].unique()))
    data = {
        y: _YearData(y, _codebook(indicators, y), responses, coded, respondents, indicators)
        for y in year_list
    }
    threshold = indicators.settings.suppression_threshold
    results: list[Result] = []
    for ind in indicators:
        if subset is not None and ind.breakdown == "region":
            continue
        own: list[Result] = []
        for y in year_list:
            if y not in ind.years:
                continue
            if ind.question and ind.question not in data[y].codebook.by_id:
                continue
            own.append(_compute(ind, data[y], subset, register))
        if ind.kind == "top_n" and subset is None:
            _rank(own)  # a subset (a region) shows every category: the national top-5 needs them
        for res in own:
            _suppress(res, threshold, national=subset is None)
        _changes(own)
        if subset is not None and ind.kind == "top_n":
            for res in own:
                if any(c.suppressed for c in res.cells):
                    res.cells = [Cell("", "", "", 0, frozenset(), frozenset(), suppressed=True)]
        results.extend(own)
    return results


def results_frame(results: list[Result]) -> pd.DataFrame:
    rows = []
    for res in results:
        ind = res.indicator
        for c in res.cells:
            if not c.shown:
                continue
            num, den = len(c.num), len(c.den)
            rows.append(
                {
                    "indicator_id": ind.id,
                    "year": res.year,
                    "group": c.group,
                    "numerator": None if c.suppressed else num,
                    "denominator": None if c.suppressed else den,
                    "share": None if c.suppressed or not den else num / den,
                    "share_pct": None if c.suppressed else share_pct(num, den),
                    "change_pp": None if c.suppressed else c.change,
                    "group_key": c.key,
                    "group_label": c.label,
                    "group_order": c.order,
                    "rank": c.rank,
                    "suppressed": c.suppressed,
                    "title": ind.title,
                    "kind": ind.kind,
                    "breakdown": ind.breakdown,
                    "section": ind.section,
                    "chart": ind.chart,
                    "figure": ind.figure,
                    "question_id": ind.question or "",
                    "item": ind.item or "",
                    "note": ind.note or "",
                    "indicator_order": ind.order,
                }
            )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("numerator", "denominator", "share_pct", "change_pp", "group_order", "rank"):
        frame[col] = frame[col].astype("Int64")
    frame["share"] = frame["share"].astype("Float64")
    frame["year"] = frame["year"].astype("int64")
    frame["indicator_order"] = frame["indicator_order"].astype("int64")
    frame["suppressed"] = frame["suppressed"].astype(bool)
    frame["figure"] = frame["figure"].astype(bool)
    frame = frame.sort_values(
        ["indicator_order", "year", "group_order"], kind="stable", ignore_index=True
    )
    return frame


def _codebook(indicators: IndicatorSet, year: int) -> Codebook:
    book = indicators.codebooks.get(year)
    if book is None:
        raise CodebookError(f"there are responses for {year} but no codebook for that year")
    return book


class _YearData:
    """One year's answers, indexed by question, read lazily."""

    def __init__(
        self,
        year: int,
        codebook: Codebook,
        responses: pd.DataFrame,
        coded: pd.DataFrame | None,
        respondents: pd.DataFrame | None,
        indicators: IndicatorSet,
    ) -> None:
        self.year = year
        self.codebook = codebook
        resp = responses[responses["year"] == year].copy()
        resp["item"] = resp["item"].fillna("").astype(str)
        self.responses = resp
        self.by_question = {q: f for q, f in resp.groupby("question_id", sort=False)}
        self.coded = coded[coded["year"] == year] if coded is not None else None
        if respondents is not None and (respondents["year"] == year).any():
            r = respondents[(respondents["year"] == year) & (respondents["outcome"] == "accepted")]
            self.participants = frozenset(r["municipality_code"].dropna().astype(str))
        else:
            self.participants = frozenset(resp["municipality_code"].dropna().astype(str))
        self.category_labels = indicators.category_labels()
        self._coded_index: dict[tuple[str, str], dict[str, frozenset[str]]] | None = None
        #: (question, item, municipality) of the answers the coder judged non-answers
        self._non_answers: set[tuple[str, str, str]] = set()

    def question(self, question_id: str) -> Question:
        return self.codebook.by_id[question_id]

    def choices(self, question_id: str, item: str = "") -> dict[str, frozenset[int]]:
        """Municipality -> chosen option codes, for municipalities that answered.

        Single choice and matrix rows: the one code given. Multi choice: the options ticked; a
        municipality that ticked none did not answer.
        """
        frame = self.by_question.get(question_id)
        if frame is None:
            return {}
        q = self.question(question_id)
        if q.type == "multi":
            f = frame[frame["item"].isin([str(o.code) for o in q.options])]
            f = f[f["value_code"].notna()]
            picked: dict[str, set[int]] = {}
            for m, item_code, value in zip(
                f["municipality_code"], f["item"], f["value_code"], strict=True
            ):
                s = picked.setdefault(str(m), set())
                if int(value) == 1:
                    s.add(int(item_code))
            return {m: frozenset(s) for m, s in picked.items() if s}
        f = frame[(frame["item"] == item) & frame["value_code"].notna()]
        return {
            str(m): frozenset({int(v)})
            for m, v in zip(f["municipality_code"], f["value_code"], strict=True)
        }

    def texts(self, question_id: str, item: str) -> dict[str, tuple[str, frozenset[str]]]:
        """Municipality -> (its text, the categories coded from it), for every text given."""
        frame = self.by_question.get(question_id)
        if frame is None:
            return {}
        f = frame[(frame["item"] == item) & frame["text"].notna()]
        texts = {
            str(m): str(t).strip() for m, t in zip(f["municipality_code"], f["text"], strict=True)
        }
        texts = {m: t for m, t in texts.items() if t}
        if not texts:
            return {}
        coded = self._coded().get((question_id, item), {})
        missing = sorted(m for m in texts if m not in coded)
        if missing:
            where = f"{question_id}" + (f" ({item})" if item else "")
            raise MissingStageOutput(
                f"the coded free text of {self.year} lacks {len(missing)} answer(s) to {where} "
                f"(municipalities {', '.join(missing[:5])}); "
                f"run `{CODE_COMMAND.format(year=self.year)}` again"
            )
        return {m: (t, coded[m]) for m, t in texts.items()}

    def _coded(self) -> dict[tuple[str, str], dict[str, frozenset[str]]]:
        if self._coded_index is None:
            index: dict[tuple[str, str], dict[str, set[str]]] = {}
            if self.coded is not None:
                c = self.coded
                items = c["item"].fillna("").astype(str)
                cats = c["categories"].fillna("").astype(str)
                if "non_answer" not in c:
                    raise MissingStageOutput(
                        f"the coded free text of {self.year} has no `non_answer` column (coded "
                        f"by an older version); run `{CODE_COMMAND.format(year=self.year)}` again"
                    )
                flags = c["non_answer"].astype("boolean").fillna(False).astype(bool)
                for m, q, item, value, flag in zip(
                    c["municipality_code"], c["question_id"], items, cats, flags, strict=True
                ):
                    slugs = {s.strip() for s in value.split(";") if s.strip()}
                    index.setdefault((str(q), item), {}).setdefault(str(m), set()).update(slugs)
                    if flag:
                        self._non_answers.add((str(q), item, str(m)))
            self._coded_index = {
                k: {m: frozenset(s) for m, s in v.items()} for k, v in index.items()
            }
        return self._coded_index

    def is_non_answer(self, question_id: str, item: str, municipality: str) -> bool:
        """The coder's verdict (rule 7 of the coding manual, `non_answers:` in the taxonomy):
        one list decides what is a non-answer, for the coding and for the counting."""
        self._coded()
        return (question_id, item, municipality) in self._non_answers


def _keep(d: Mapping[str, object], subset: frozenset[str] | None) -> dict:
    return dict(d) if subset is None else {m: v for m, v in d.items() if m in subset}


def _compute(
    ind: Indicator, yd: _YearData, subset: frozenset[str] | None, register: list[Municipality]
) -> Result:
    if ind.breakdown == "region":
        cells: list[Cell] = []
        answers: dict[str, str] = {}
        answer_kind = "one"
        regions = [r for r in REGIONS if any(m.region == r for m in register)]
        regions += sorted({m.region for m in register} - set(regions))
        for order, region in enumerate(regions):
            codes = frozenset(m.code for m in register if m.region == region)
            part = _compute_single(ind, yd, codes if subset is None else codes & subset, register)
            cell = part.cells[0]
            cells.append(Cell(region, region, region, order, cell.num, cell.den))
            answers.update(part.answers)
            answer_kind = part.answer_kind
        return Result(ind, yd.year, cells, answer_kind, answers)
    if ind.kind in ("any_of", "participation"):
        return _compute_single(ind, yd, subset, register)
    if ind.kind in TEXT_KINDS:
        return _compute_text(ind, yd, subset)
    if ind.kind == "matrix_share" and ind.breakdown == "items":
        return _compute_items(ind, yd, subset)
    return _compute_options(ind, yd, subset)


def _choice_labels(q: Question, chosen: dict[str, frozenset[int]]) -> dict[str, str]:
    return {m: "; ".join(q.labels.get(c, str(c)) for c in sorted(s)) for m, s in chosen.items()}


def _denominator(ind: Indicator, chosen: dict[str, frozenset[int]]) -> frozenset[str]:
    """Who answered; with 'Ved ikke' excluded, not those whose answer is only 'Ved ikke'."""
    dk = ind.excluded_codes
    return frozenset(m for m, s in chosen.items() if not (dk and s <= dk))


def _compute_single(
    ind: Indicator, yd: _YearData, subset: frozenset[str] | None, register: list[Municipality]
) -> Result:
    if ind.kind == "participation":
        invited = frozenset(m.code for m in register)
        den = invited if subset is None else invited & subset
        num = yd.participants & den
        answers = {m: "Deltog" for m in num}
        return Result(ind, yd.year, [Cell("", "", "", 0, num, den)], "participation", answers)
    q = yd.question(ind.question or "")
    chosen = _keep(yd.choices(q.id, ind.item or ""), subset)
    den = _denominator(ind, chosen)
    wanted = set(ind.codes)
    num = frozenset(m for m in den if chosen[m] & wanted)
    kind = "many" if q.type == "multi" else "one"
    return Result(ind, yd.year, [Cell("", "", "", 0, num, den)], kind, _choice_labels(q, chosen))


def _compute_options(ind: Indicator, yd: _YearData, subset: frozenset[str] | None) -> Result:
    q = yd.question(ind.question or "")
    chosen = _keep(yd.choices(q.id, ind.item or ""), subset)
    den = _denominator(ind, chosen)
    cells: list[Cell] = []
    for order, code in enumerate(ind.options):
        if code not in q.labels:
            continue  # the option was not offered that year
        num = frozenset(m for m in den if code in chosen[m])
        label = ind.option_labels.get(code, q.labels[code])
        cells.append(Cell(str(code), label, label, order, num, den))
    for order, g in enumerate(ind.groups, start=len(ind.options)):
        codes = set(g.codes)
        num = frozenset(m for m in den if chosen[m] & codes)
        cells.append(Cell(g.group_key, g.label, g.label, order, num, den))
    kind = "many" if q.type == "multi" else "one"
    return Result(ind, yd.year, cells, kind, _choice_labels(q, chosen))


def _compute_items(ind: Indicator, yd: _YearData, subset: frozenset[str] | None) -> Result:
    q = yd.question(ind.question or "")
    present = {r.item for r in q.rows}
    wanted = set(ind.codes)
    cells: list[Cell] = []
    for order, (item, label) in enumerate(ind.row_labels.items()):
        if item not in present:
            continue  # the row was not asked that year
        chosen = _keep(yd.choices(q.id, item), subset)
        den = _denominator(ind, chosen)
        num = frozenset(m for m in den if chosen[m] & wanted)
        cells.append(Cell(item, label, label, order, num, den))
    return Result(ind, yd.year, cells, "one", {})


def _compute_text(ind: Indicator, yd: _YearData, subset: frozenset[str] | None) -> Result:
    rules = ind.text_answers
    assert rules is not None
    texts = _keep(yd.texts(ind.question or "", ind.item or ""), subset)
    den_set: set[str] = set()
    answers: dict[str, str] = {}
    for m, (_text, cats) in texts.items():
        if cats:
            den_set.add(m)
            answers[m] = "Nævner: " + ", ".join(sorted(cats))
        elif yd.is_non_answer(ind.question or "", ind.item or "", m):
            answers[m] = "Intet svar"
            if rules.non_answers == "include":
                den_set.add(m)
        else:
            answers[m] = "Svar uden kategori"
            if rules.uncategorised == "include":
                den_set.add(m)
    den = frozenset(den_set)
    cells: list[Cell] = []
    taxonomy = yd.category_labels
    for order, slug in enumerate(ind.categories):
        num = frozenset(m for m in den if slug in texts[m][1])
        cells.append(Cell(slug, slug, taxonomy.get(slug, slug), order, num, den))
    for order, g in enumerate(ind.groups, start=len(ind.categories)):
        slugs = set(g.categories)
        num = frozenset(m for m in den if texts[m][1] & slugs)
        cells.append(Cell(g.group_key, g.label, g.label, order, num, den))
    return Result(ind, yd.year, cells, "text", answers)


def _rank(results: list[Result]) -> None:
    """Keep the top n categories per year (ties: see the indicator's `tie_break`)."""
    previous: dict[str, int] = {}
    for res in results:
        ind = res.indicator
        counts = {c.key: len(c.num) for c in res.cells}
        position = {slug: i for i, slug in enumerate(ind.categories)}
        keys = {
            c.key: _tie_key(ind.tie_break, counts[c.key], previous.get(c.key, 0), position, c.key)
            for c in res.cells
        }
        ranked = sorted((c for c in res.cells if counts[c.key] > 0), key=lambda c: keys[c.key])
        top = {c.key: i for i, c in enumerate(ranked[: ind.n or 5], start=1)}
        for c in res.cells:
            c.rank = top.get(c.key)
            c.shown = c.rank is not None
            c.order = c.rank or 0
        previous = counts


def _tie_key(
    rules: tuple[str, ...], count: int, previous: int, position: dict[str, int], slug: str
) -> tuple[int, ...]:
    """Sort key: the rules in order (higher counts first), taxonomy order as the last resort."""
    pos = position.get(slug, len(position))
    values = {"count": -count, "previous_year_count": -previous, "taxonomy_order": pos}
    return (*(values[r] for r in rules), pos)


def _suppress(res: Result, threshold: int, *, national: bool) -> None:
    """Suppression by `pipeline.disclosure`: primary on every cell, national ones included (a
    question three municipalities answered is no national figure), and complementary across
    the regions of a regional breakdown.

    A national cell no municipality answered stays as it is (n = 0, no share): it tells
    nothing about anyone, and the report must be able to say that a figure had no data
    rather than that it was hidden."""
    if national and res.indicator.breakdown == "region":
        sizes = {i: len(c.den) for i, c in enumerate(res.cells)}
        hide = disclosure.hidden_cells(sizes, threshold)
        for i, c in enumerate(res.cells):
            c.suppressed = i in hide
        return
    for c in res.cells:
        empty = national and not c.den
        c.suppressed = not empty and not disclosure.publishable(len(c.den), threshold)


def _changes(results: list[Result]) -> None:
    """Points of change since the latest earlier year that has the same group."""
    last: dict[str, Cell] = {}
    for res in results:
        for c in res.cells:
            prev = last.get(c.key)
            c.change = None
            if prev is not None and not prev.suppressed and not c.suppressed:
                c.change = change_pp(len(c.num), len(c.den), len(prev.num), len(prev.den))
        for c in res.cells:
            last[c.key] = c
