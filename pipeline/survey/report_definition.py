"""The report definition, `survey/report.yaml`: title, sections in order, narrative wording.

Everything the national report says that is not computed lives here, so a new year's report
or a renamed section is an edit of YAML, not of Python. Validated on load; each problem names
the file and the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from string import Formatter
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from pipeline.errors import DefinitionError
from pipeline.formatting import lower_first
from pipeline.survey.sections import Placement, places
from pipeline.survey.yamlfile import YamlDoc

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Purpose(_Strict):
    title: str = Field(min_length=1)
    paragraphs: tuple[str, ...] = ()
    focus_intro: str = ""


class SectionDef(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=1)
    intro: str = ""
    #: one line in the list of focus areas; None: not listed
    focus: str | None = None
    #: the section that states the response rate
    participation: bool = False
    #: chapter: a chapter of its own; opening: a part of the opening chapter (a section of a
    #: few lines, such as participation, would leave a page nearly empty)
    placement: Literal["chapter", "opening"] = "chapter"


class Texts(_Strict):
    overview_title: str
    overview_intro: str
    quotes_title: str
    quotes_intro: str
    method_title: str
    contents_title: str
    figure_unit: str
    zero_categories_note: str
    #: note under a figure whose years rest on clearly different numbers of municipalities;
    #: {ns} is "83 (2017), 54 (2018) og 70 (2019)"
    base_changed_note: str = ""
    #: note under a figure whose question was worded differently in an earlier year shown
    wording_changed_note: str = ""
    #: caption end of a chart that prints n beside each bar (rows of different years)
    n_at_bars: str = ""
    #: note under a figure, or for the part of it (a year, an area), that the disclosure rule
    #: hides (pipeline/disclosure.py); {parts} is "2018" or "Handicapområdet", {min} the
    #: least number of municipalities a figure is shown for
    hidden_note: str = (
        "{parts}: ikke vist (for få kommuner: færre end {min} har besvaret spørgsmålet, så "
        "tallet ville fortælle om de enkelte kommuners svar)."
    )


class Unit(_Strict):
    """A noun after a count, singular and plural ("1 kommune", "71 kommuner")."""

    one: str = ""
    other: str = ""

    @model_validator(mode="before")
    @classmethod
    def _one_word(cls, value: object) -> object:
        # a project folder made before the singular existed writes one word for both
        return {"one": value, "other": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _both_forms(self) -> Unit:
        # one form alone printed "55 arbejder med ..." without its noun
        if bool(self.one) != bool(self.other):
            raise ValueError("give both forms, e.g. {one: kommune, other: kommuner}")
        return self

    def for_count(self, count: int) -> str:
        return self.one if count == 1 else self.other


class ChartStyle(_Strict):
    """How answers are shown in charts; data, so no answer text is written in Python."""

    #: answers drawn grey (labels starting with these): stacked-chart segments in the report,
    #: tiles of the web edition's map
    neutral_answers: tuple[str, ...] = ()
    #: an answer or row label as the questionnaire words it -> as the report prints it, in
    #: figures, tables and (first letter lower-cased) sentences alike ("Andet, angiv" ->
    #: "Andet", "Hjerte-karsygdomme" -> "Hjerte-kar-sygdomme"); checked against the codebooks
    label_rewrites: dict[str, str] = {}
    #: headline counts: the noun after the number, {one: kommune, other: kommuner}
    headline_unit: Unit = Unit()

    def label(self, text: str) -> str:
        return self.label_rewrites.get(text, text)


class Sentences(_Strict):
    """The sentence patterns of the narrative, several per kind so that sentences in a row
    do not all open alike (`pipeline.narrative` rotates through them in this order).

    The wording lives in `survey/report.yaml`; the one pattern per kind here only keeps a
    project folder made before `sentences:` existed working.

    `share`: a share without a change the reader can see; `rise`, `fall`, `same`: a share and
    its change since an earlier year the figure shows. The `subject_` kinds are the same for
    a share named by a noun phrase ("andelen af kommuner med skærmbesøg i drift").
    """

    share: tuple[str, ...] = ("{pct} af kommunerne {predicate}.",)
    rise: tuple[str, ...] = (
        "Andelen af kommuner, der {predicate}, er steget fra {previous} til {pct} siden "
        "{previous_year}.",
    )
    fall: tuple[str, ...] = (
        "Andelen af kommuner, der {predicate}, er faldet fra {previous} til {pct} siden "
        "{previous_year}.",
    )
    same: tuple[str, ...] = (
        "Andelen af kommuner, der {predicate}, er uændret på {pct} siden {previous_year}.",
    )
    subject_share: tuple[str, ...] = ("{subject} er {pct}.",)
    subject_rise: tuple[str, ...] = (
        "{subject} er steget fra {previous} til {pct} siden {previous_year}.",
    )
    subject_fall: tuple[str, ...] = (
        "{subject} er faldet fra {previous} til {pct} siden {previous_year}.",
    )
    subject_same: tuple[str, ...] = ("{subject} er uændret på {pct} siden {previous_year}.",)

    @field_validator("*")
    @classmethod
    def _not_empty(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("give at least one sentence pattern")
        return value


class Comparability(_Strict):
    """When years side by side are not quite comparable, and the note after a change that
    says so. The one rule for bases: the figures' notes (`texts.base_changed_note`) and the
    sentences' notes (`base`) both ask `bases_differ`."""

    #: a base (n) that differs by at least this share of the larger one, in percent
    base_change_pct: int = Field(default=15, ge=0, le=100)
    base: str = (
        "Tallene for {previous_year} og {year} bygger på svar fra henholdsvis {previous_n} og "
        "{n} kommuner."
    )
    wording: str = (
        "Spørgsmålet er formuleret anderledes i {year} end i {previous_year}, så tallene kan "
        "ikke sammenlignes direkte."
    )

    def bases_differ(self, ns: Iterable[float]) -> bool:
        """Whether the bases (n) of years compared differ by at least `base_change_pct` of
        the largest of them."""
        values = [n for n in ns if n]
        if len(values) < 2:
            return False
        low, high = min(values), max(values)
        return (high - low) * 100 >= self.base_change_pct * high


class Ranking(_Strict):
    """A top-n list: the sentence before it and the heading of its column of names."""

    #: {list} the names in rank order ("a, b og c"), {next_year}, {year}
    sentence: str = ""
    #: what the listed names are ("Teknologi", "Gevinst")
    column: str = "Kategori"
    #: the workbook's sheet after "Top 5" (default: the section's title)
    sheet: str = ""


class Wording(_Strict):
    """How a share is said in words (see `pipeline.narrative`)."""

    predicates: dict[str, str] = {}
    answer_predicates: dict[str, dict[str, str]] = {}
    non_substantive: tuple[str, ...] = ()
    fallback: str = "har svaret »{raw}«"
    sentences: Sentences = Sentences()
    comparability: Comparability = Comparability()
    #: per question of a top-n list (the priorities, the benefits): how it is introduced
    rankings: dict[str, Ranking] = {}

    @field_validator("answer_predicates")
    @classmethod
    def _lower(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        return {q: {k.strip().lower(): v for k, v in by.items()} for q, by in value.items()}


class EditorialEntry(_Strict):
    """An analyst's own section: a Markdown file of `survey/<year>/sections/` and the place it
    follows (see `pipeline.survey.sections`)."""

    file: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*\.md$")
    after: str = Field(min_length=1)


class ReportDefinition(_Strict):
    title: str = Field(min_length=1)
    subtitle: str = ""
    author: str = "KL"
    publisher: str = ""
    description: str = ""
    #: year -> "YYYY-MM"
    published: dict[int, str] = {}
    compare_years: int = Field(default=3, ge=1, le=10)
    purpose: Purpose
    sections: tuple[SectionDef, ...] = Field(min_length=1)
    texts: Texts
    charts: ChartStyle = ChartStyle()
    narrative: Wording = Wording()
    #: analysts' own sections, in the order they appear at the same place
    editorial: tuple[EditorialEntry, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _said_once(cls, data: object) -> object:
        """Two keys of older project folders said what one key says now: a label's spelling
        in sentences (`narrative.labels`, now `charts.label_rewrites` for figures and
        sentences alike) and the base tolerance of the figures' notes
        (`charts.base_change_tolerance`, now `narrative.comparability.base_change_pct` for
        both). Where they agree they are dropped; where they disagree, the analyst decides."""
        if not isinstance(data, dict):
            return data
        charts = data.get("charts")
        narrative = data.get("narrative")
        charts = dict(charts) if isinstance(charts, dict) else charts
        narrative = dict(narrative) if isinstance(narrative, dict) else narrative
        if isinstance(narrative, dict) and isinstance(narrative.get("labels"), dict):
            rewrites = _mapping(_mapping(charts).get("label_rewrites"))
            for label, spelled in narrative.pop("labels").items():
                key = str(label).strip().lower()
                shown = next(
                    (v for k, v in rewrites.items() if str(k).strip().lower() == key), label
                )
                if lower_first(str(shown)) != str(spelled):
                    raise ValueError(
                        f"narrative.labels {label!r}: spelled {spelled!r} in sentences but "
                        f"{shown!r} in figures; write the spelling once, in "
                        "charts.label_rewrites (sentences lower-case its first letter), and "
                        "delete narrative.labels"
                    )
        if isinstance(charts, dict) and "base_change_tolerance" in charts:
            tolerance = charts.pop("base_change_tolerance")
            rules = _mapping(_mapping(narrative).get("comparability"))
            pct = rules.get("base_change_pct", Comparability().base_change_pct)
            if not isinstance(tolerance, int | float) or round(tolerance * 100) != pct:
                raise ValueError(
                    f"charts.base_change_tolerance ({tolerance}) and "
                    f"narrative.comparability.base_change_pct ({pct}) disagree; keep only "
                    "base_change_pct (percent), which figures and sentences both use"
                )
        out = dict(data)
        for key, value in (("charts", charts), ("narrative", narrative)):
            if key in data:
                out[key] = value
        return out

    @field_validator("published", mode="before")
    @classmethod
    def _months(cls, value: object) -> object:
        if not isinstance(value, dict):
            return value
        out = {}
        for year, month in value.items():
            text = str(month)
            if not _MONTH.match(text):
                raise ValueError(f"published {year}: expected YYYY-MM, got {month!r}")
            out[year] = text
        return out

    @property
    def section_ids(self) -> list[str]:
        return [s.id for s in self.sections]

    def section(self, section_id: str) -> SectionDef | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def published_month(self, year: int) -> date | None:
        """The publication month set for `year` (first day of it), if any."""
        text = self.published.get(year)
        return parse_month(text) if text else None


def _mapping(value: object) -> dict:
    """`value` if it is a mapping, else an empty one (the model's validation names it)."""
    return value if isinstance(value, dict) else {}


def parse_month(text: str) -> date:
    """ "2019-12" -> date(2019, 12, 1); ValueError otherwise."""
    m = _MONTH.match(text.strip())
    if not m:
        raise ValueError(f"expected YYYY-MM, got {text!r}")
    return date(int(m.group(1)), int(m.group(2)), 1)


#: The placeholders each kind of text may use (anything else would fail at render time).
_YEARS = {"year", "next_year"}
_PHRASE = {"label", "raw", "item", "item_prep"}
_SHARE = {"pct", "count", "n", "predicate"}
_CHANGE = {"pct", "count", "n", "predicate", "previous", "previous_year", "change", "year"}
_NOTE = {"n", "previous_n", "year", "previous_year"}


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in Formatter().parse(text) if name is not None}
    except ValueError:  # an unmatched brace
        return {"{"}


def _check_placeholders(doc: YamlDoc) -> None:
    """Every `{...}` names a value the report fills in; found when the survey loads, with the
    line, not as a traceback when the report is rendered."""
    data = doc.data

    def check(text: object, allowed: set[str], *keys: str | int) -> None:
        if not isinstance(text, str):
            return
        wrong = sorted(_placeholders(text) - allowed)
        if wrong:
            shown = ", ".join("{" + w + "}" if w != "{" else "an unmatched brace" for w in wrong)
            raise DefinitionError(
                f"{'.'.join(map(str, keys))}: {shown} is not a placeholder here (allowed: "
                f"{', '.join('{' + a + '}' for a in sorted(allowed))})",
                file=doc.path,
                row=doc.line(*keys),
            )

    for key in ("title", "subtitle", "description"):
        check(data.get(key), _YEARS, key)
    purpose = data.get("purpose") or {}
    check(purpose.get("focus_intro"), _YEARS, "purpose", "focus_intro")
    for i, paragraph in enumerate(purpose.get("paragraphs") or []):
        check(paragraph, _YEARS, "purpose", "paragraphs", i)
    for i, section in enumerate(data.get("sections") or []):
        for key in ("title", "intro", "focus"):
            check(section.get(key), _YEARS if key != "title" else set(), "sections", i, key)
    texts = data.get("texts") or {}
    allowed = {
        "overview_intro": {"count"},
        "base_changed_note": {"ns"},
        "wording_changed_note": {"years"},
        "hidden_note": {"parts", "min"},
    }
    for key, value in texts.items():
        check(value, allowed.get(key, set()), "texts", key)
    narrative = data.get("narrative") or {}
    for qid, phrase in (narrative.get("predicates") or {}).items():
        check(phrase, _PHRASE, "narrative", "predicates", qid)
    for qid, by in (narrative.get("answer_predicates") or {}).items():
        for answer, phrase in (by or {}).items():
            check(phrase, _PHRASE, "narrative", "answer_predicates", qid, answer)
    check(narrative.get("fallback"), _PHRASE, "narrative", "fallback")
    for kind, patterns in (narrative.get("sentences") or {}).items():
        allowed = _SHARE if kind.endswith("share") else _CHANGE
        if kind.startswith("subject_"):
            allowed = (allowed - {"predicate"}) | {"subject"}
        for i, pattern in enumerate(patterns if isinstance(patterns, list) else []):
            check(pattern, allowed, "narrative", "sentences", kind, i)
    for kind in ("base", "wording"):
        note = (narrative.get("comparability") or {}).get(kind)
        check(note, _NOTE, "narrative", "comparability", kind)
    for qid, ranking in (narrative.get("rankings") or {}).items():
        if isinstance(ranking, dict):
            sentence = ranking.get("sentence")
            check(sentence, {"list", *_YEARS}, "narrative", "rankings", qid, "sentence")
            check(ranking.get("column"), set(), "narrative", "rankings", qid, "column")
            check(ranking.get("sheet"), set(), "narrative", "rankings", qid, "sheet")
    charts = data.get("charts") or {}
    unit = charts.get("headline_unit")
    for key, word in unit.items() if isinstance(unit, dict) else [("", unit)]:
        check(word, set(), "charts", "headline_unit", *([key] if key else []))


def report_definition_from(doc: YamlDoc) -> ReportDefinition:
    """Validate `survey/report.yaml`; sections must have unique ids."""
    if not isinstance(doc.data, dict):
        raise DefinitionError("expected a mapping with title, sections, texts", file=doc.path)
    try:
        definition = ReportDefinition.model_validate(doc.data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [p for p in err["loc"] if not str(p).startswith("function-")]
        where = ".".join(str(p) for p in loc)
        raise DefinitionError(
            f"{where or '(top)'}: {err['msg']}", file=doc.path, row=doc.line(*loc)
        ) from None
    _check_placeholders(doc)
    ids = definition.section_ids
    for index, section_id in enumerate(ids):
        if section_id in ids[:index]:
            raise DefinitionError(
                f"section {section_id!r} is defined twice",
                file=doc.path,
                row=doc.line("sections", index),
            )
    _check_editorial(definition, doc)
    return definition


def _check_editorial(definition: ReportDefinition, doc: YamlDoc) -> None:
    """Each editorial file is placed once, after a place the report has."""
    allowed = places(definition.section_ids)
    seen: set[str] = set()
    for index, entry in enumerate(definition.editorial):
        row = doc.line("editorial", index)
        if entry.after not in allowed:
            raise DefinitionError(
                f"editorial {entry.file}: after {entry.after!r} is not a place in the report "
                f"(one of: {', '.join(allowed)})",
                file=doc.path,
                row=doc.line("editorial", index, "after") or row,
            )
        if entry.file in seen:
            raise DefinitionError(f"editorial {entry.file} is placed twice", file=doc.path, row=row)
        seen.add(entry.file)


def placements(definition: ReportDefinition, doc: YamlDoc | None = None) -> list[Placement]:
    """The `editorial:` entries with their lines in report.yaml."""
    return [
        Placement(e.file, e.after, doc.line("editorial", i) if doc is not None else None)
        for i, e in enumerate(definition.editorial)
    ]
