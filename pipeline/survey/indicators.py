"""Indicator definitions: `survey/indicators.yaml`, validated against codebooks and taxonomy.

The YAML is checked in two steps. Pydantic checks the shape of every entry (known fields,
known kind, chart, section, ...); then each indicator is checked against the codebooks of the
years it lists (question, row and option codes must exist) and against the taxonomy (slugs).
Every problem is a `DefinitionError` naming the file, the line and the indicator id and field.
An indicator applies to every year whose codebook has its question (and row); `years:` may
only restrict that, and a listed year whose codebook lacks the question is an error.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from pipeline.errors import DefinitionError
from pipeline.survey.codebook import Codebook, Question
from pipeline.survey.yamlfile import YamlDoc

Kind = Literal["option_share", "any_of", "matrix_share", "category_share", "top_n", "participation"]
Breakdown = Literal["none", "options", "items", "categories", "region"]
Chart = Literal[
    "hbar", "grouped_years", "grouped_items", "stacked_items", "stacked_years", "headline", "none"
]
#: charts that draw every row of a `per_item` definition in one figure
COMBINED_CHARTS = ("grouped_items", "stacked_items")
Rule = Literal["include", "exclude"]
TieBreak = Literal["count", "previous_year_count", "taxonomy_order"]

#: breakdowns each kind allows; the first is the default
BREAKDOWNS: dict[str, tuple[str, ...]] = {
    "option_share": ("options",),
    "matrix_share": ("options", "items"),
    "any_of": ("none", "region"),
    "category_share": ("categories",),
    "top_n": ("categories",),
    "participation": ("none", "region"),
}
#: question types each kind accepts
QUESTION_TYPES: dict[str, tuple[str, ...]] = {
    "option_share": ("single", "multi"),
    "matrix_share": ("matrix",),
    "any_of": ("single", "multi", "matrix"),
    "category_share": ("text",),
    "top_n": ("text",),
    "participation": (),
}
TEXT_KINDS = ("category_share", "top_n")
DEFAULT_TIE_BREAK: tuple[str, ...] = ("count", "previous_year_count", "taxonomy_order")
#: Whether each chart kind draws earlier years beside the report year: the narrative cites a
#: change only where the figure shows it (every kind of `Chart` must be listed; a test checks).
#: The last four are the kinds issue 11's figure work adds (listed ahead so a merge keeps the
#: narrative right): grouped_items draws the report year only, the others a bar per year.
CHART_SHOWS_YEARS: dict[str, bool] = {
    "hbar": False,
    "grouped_years": True,
    "none": False,
    "grouped_items": False,
    "stacked_items": True,
    "stacked_years": True,
    "headline": True,
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Group(_Strict):
    """A combined group: a municipality counts when its answer is any of `codes`/`categories`."""

    label: str = Field(min_length=1)
    key: str | None = None
    codes: tuple[int, ...] = ()
    categories: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _one(self) -> Group:
        if bool(self.codes) == bool(self.categories):
            raise ValueError("a group needs either `codes` or `categories` (not both)")
        return self

    @property
    def group_key(self) -> str:
        if self.key:
            return self.key
        return "+".join(str(c) for c in self.codes) or "+".join(self.categories)


class DontKnow(_Strict):
    """'Ved ikke' answers: `include` keeps them in n (own group); `exclude` drops them from n."""

    codes: tuple[int, ...] = ()
    rule: Rule = "include"


class TextAnswers(_Strict):
    """Free text: whether non-answers and answers naming no category count in n."""

    non_answers: Rule = "exclude"
    uncategorised: Rule = "include"


class Settings(_Strict):
    suppression_threshold: int = Field(default=5, ge=1)
    rounding: Literal["half_up"] = "half_up"
    text_answers: TextAnswers = TextAnswers()


class IndicatorSpec(_Strict):
    """One entry of the YAML as written (before `per_item` expansion and codebook checks)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)?$")
    title: str = Field(min_length=1)
    kind: Kind
    question: str | None = None
    item: str | None = None
    per_item: tuple[str, ...] | None = None
    options: tuple[int, ...] | None = None
    codes: tuple[int, ...] | None = None
    categories: tuple[str, ...] | None = None
    groups: tuple[Group, ...] = ()
    n: int | None = Field(default=None, ge=1)
    tie_break: tuple[TieBreak, ...] | None = None
    denominator: Literal["answered", "invited"] | None = None
    dont_know: DontKnow = DontKnow()
    text_answers: TextAnswers | None = None
    breakdown: Breakdown | None = None
    years: Literal["all"] | tuple[int, ...] = "all"
    section: str = Field(min_length=1)
    chart: Chart
    figure: bool = False
    note: str | None = None
    #: combined charts: the caption of the one figure (the per-row titles name the row)
    figure_title: str | None = None
    #: chart headline: option code -> what the municipalities counted do ("71 kommuner
    #: arbejder med skærmbesøg ...")
    headline: dict[int, str] | None = None


@dataclass(frozen=True)
class Indicator:
    """A validated indicator, ready to compute (one per matrix/text row after `per_item`)."""

    id: str
    title: str
    kind: str
    question: str | None
    item: str | None
    breakdown: str
    denominator: str
    #: the years it applies to: every codebook with the question (and row), or those listed
    years: tuple[int, ...]
    section: str
    chart: str
    figure: bool
    note: str | None
    #: option codes shown as groups (option_share/matrix_share by options), in order
    options: tuple[int, ...] = ()
    #: numerator codes (any_of; matrix_share by items)
    codes: tuple[int, ...] = ()
    #: slugs shown as groups (category_share/top_n)
    categories: tuple[str, ...] = ()
    groups: tuple[Group, ...] = ()
    n: int | None = None
    tie_break: tuple[str, ...] = ()
    dont_know: DontKnow = DontKnow()
    text_answers: TextAnswers | None = None
    #: labels from the newest codebook that has the question (stable across years)
    option_labels: Mapping[int, str] = field(default_factory=dict)
    #: rows of a matrix by items: item -> label, in questionnaire order
    row_labels: Mapping[str, str] = field(default_factory=dict)
    item_label: str = ""
    #: position in the YAML (after expansion), for ordering output
    order: int = 0
    #: combined charts: the caption of the one figure all rows share
    figure_title: str | None = None
    #: chart headline: option code -> phrase after the count
    headline: Mapping[int, str] = field(default_factory=dict)

    @property
    def shows_years(self) -> bool:
        """A numbered figure that draws earlier years: the text may cite its changes."""
        return self.figure and CHART_SHOWS_YEARS.get(self.chart, False)

    @property
    def excluded_codes(self) -> frozenset[int]:
        """Codes whose municipalities leave the denominator ('Ved ikke' with rule exclude)."""
        return frozenset(self.dont_know.codes) if self.dont_know.rule == "exclude" else frozenset()


@dataclass(frozen=True)
class Category:
    slug: str
    label: str


@dataclass(frozen=True)
class IndicatorSet:
    """The validated indicators in YAML order, with the settings, codebooks and taxonomy."""

    path: Path
    settings: Settings
    indicators: tuple[Indicator, ...]
    codebooks: Mapping[int, Codebook]
    taxonomy: tuple[Category, ...]
    #: categories of the code lists (`survey/code_lists/`), by list name
    code_lists: Mapping[str, tuple[Category, ...]] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.indicators)

    def __len__(self) -> int:
        return len(self.indicators)

    def __contains__(self, indicator_id: object) -> bool:
        return any(i.id == indicator_id for i in self.indicators)

    def __getitem__(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)

    def ids(self) -> list[str]:
        return [i.id for i in self.indicators]

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(c.slug for c in self.taxonomy)

    def category_label(self, slug: str) -> str:
        return self.category_labels().get(slug, slug)

    def category_labels(self) -> dict[str, str]:
        """Slug -> label for the taxonomy and every code list (their slugs never overlap)."""
        out = {c.slug: c.label for cats in self.code_lists.values() for c in cats}
        return out | {c.slug: c.label for c in self.taxonomy}


# --------------------------------------------------------------------------- loading


def parse_indicators(
    doc: YamlDoc,
    codebooks: Mapping[int, Codebook],
    taxonomy: Sequence[Any],
    sections: Sequence[str],
    code_lists: Mapping[str, Sequence[Any]] | None = None,
) -> IndicatorSet:
    """Check `survey/indicators.yaml` against the codebooks, the taxonomy (objects with
    `slug` and `label`, in taxonomy order), the code lists (name -> such objects) and the
    report definition's section ids."""
    path, raw = doc.path, doc.data
    if not isinstance(raw, dict) or not isinstance(raw.get("indicators"), list):
        raise DefinitionError(
            "expected a mapping with `settings` and an `indicators` list", file=path
        )
    unknown = set(raw) - {"settings", "indicators"}
    if unknown:
        first = sorted(map(str, unknown))[0]
        raise DefinitionError(
            f"unknown top-level key(s): {', '.join(sorted(map(str, unknown)))}",
            file=path,
            row=doc.line(first),
        )

    if isinstance(raw.get("settings"), dict) and "non_answer_texts" in raw["settings"]:
        raise DefinitionError(
            "settings.non_answer_texts: non-answers are defined once, by `non_answers:` in "
            "survey/taxonomy.yaml (the coder's list, which the indicators follow); remove this "
            "second list",
            file=path,
            row=doc.line("settings", "non_answer_texts"),
        )
    try:
        settings = Settings.model_validate(raw.get("settings") or {})
    except ValidationError as exc:
        raise DefinitionError(
            f"settings: {_pydantic_problems(exc)}", file=path, row=doc.line("settings")
        ) from None

    specs: list[tuple[IndicatorSpec, int | None]] = []
    for index, entry in enumerate(raw["indicators"]):
        line = doc.line("indicators", index)
        ident = entry.get("id") if isinstance(entry, dict) else None
        where = f"indicator {ident!r}" if ident else f"indicators[{index}]"
        try:
            spec = IndicatorSpec.model_validate(entry)
        except ValidationError as exc:
            raise DefinitionError(
                f"{where}: {_pydantic_problems(exc)}", file=path, row=line
            ) from None
        if spec.section not in sections:
            raise DefinitionError(
                f"{where}, field 'section': no section {spec.section!r} in the report "
                f"definition (survey/report.yaml has: {', '.join(sections)})",
                file=path,
                row=doc.line("indicators", index, "section"),
            )
        specs.append((spec, line))

    cats = tuple(Category(str(c.slug), str(c.label)) for c in taxonomy)
    lists = {
        name: tuple(Category(str(c.slug), str(c.label)) for c in categories)
        for name, categories in (code_lists or {}).items()
    }
    checker = _Checker(path, codebooks, cats, settings, lists)
    indicators: list[Indicator] = []
    seen: dict[str, int | None] = {}
    for spec, line in specs:
        for ind in checker.resolve(spec, line):
            if ind.id in seen:
                first = f" (first defined on line {seen[ind.id]})" if seen[ind.id] else ""
                raise DefinitionError(
                    f"indicator {ind.id!r}, field 'id': duplicate id{first}", file=path, row=line
                )
            seen[ind.id] = line
            indicators.append(_with_order(ind, len(indicators)))
    return IndicatorSet(path, settings, tuple(indicators), dict(codebooks), cats, lists)


def _with_order(ind: Indicator, order: int) -> Indicator:
    return replace(ind, order=order)


def _pydantic_problems(exc: ValidationError) -> str:
    out = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err["loc"] if not str(p).startswith("function-"))
        out.append(f"field {loc!r}: {err['msg']}" if loc else err["msg"])
    return "; ".join(out)


class _Checker:
    """Checks specs against the codebooks and taxonomy and resolves them to `Indicator`s."""

    def __init__(
        self,
        path: Path,
        codebooks: Mapping[int, Codebook],
        taxonomy: tuple[Category, ...],
        settings: Settings,
        code_lists: Mapping[str, tuple[Category, ...]] | None = None,
    ) -> None:
        self.path = path
        self.settings = settings
        self.codebooks = dict(sorted(codebooks.items()))
        self.slugs = [c.slug for c in taxonomy]
        self.list_slugs = {n: [c.slug for c in cats] for n, cats in (code_lists or {}).items()}

    def fail(self, ident: str, fld: str, message: str, line: int | None) -> DefinitionError:
        return DefinitionError(
            f"indicator {ident!r}, field {fld!r}: {message}", file=self.path, row=line
        )

    def resolve(self, spec: IndicatorSpec, line: int | None) -> list[Indicator]:
        if spec.per_item is not None:
            if spec.item is not None:
                raise self.fail(spec.id, "per_item", "give either `item` or `per_item`", line)
            if not spec.per_item:
                raise self.fail(spec.id, "per_item", "the list of rows is empty", line)
            return [
                self.check(spec.model_copy(update={"id": f"{spec.id}.{item}", "item": item}), line)
                for item in spec.per_item
            ]
        return [self.check(spec, line)]

    def check(self, spec: IndicatorSpec, line: int | None) -> Indicator:
        ident, kind = spec.id, spec.kind
        breakdown = spec.breakdown or BREAKDOWNS[kind][0]
        if breakdown not in BREAKDOWNS[kind]:
            allowed = " or ".join(BREAKDOWNS[kind])
            raise self.fail(ident, "breakdown", f"{kind} allows breakdown {allowed}", line)
        listed = list(self.codebooks) if spec.years == "all" else list(spec.years)
        denominator = spec.denominator or ("invited" if kind == "participation" else "answered")
        if (denominator == "invited") != (kind == "participation"):
            raise self.fail(
                ident, "denominator", "only participation is counted of the invited", line
            )
        self._forbid(spec, line)
        self._check_chart(spec, line)

        if kind == "participation":
            if spec.question:
                raise self.fail(ident, "question", "participation counts respondents", line)
            years = tuple(y for y in listed if y in self.codebooks)
            return self._make(spec, breakdown, denominator, years)

        if not spec.question:
            raise self.fail(ident, "question", f"{kind} needs a question id", line)
        years_with = [y for y in listed if spec.question in self._book(y).by_id] if listed else []
        if spec.years != "all":
            # `years:` may only restrict: a listed year whose codebook lacks the question is
            # a mistake in the definition, not a question that was not asked
            lacking = [y for y in listed if y in self.codebooks and y not in years_with]
            if lacking:
                raise self.fail(
                    ident,
                    "years",
                    f"question {spec.question!r} is not in the codebook of "
                    f"{', '.join(map(str, lacking))}; remove the year or map the question there",
                    line,
                )
        if not years_with:
            where = ", ".join(str(y) for y in listed) or "no year"
            raise self.fail(
                ident,
                "question",
                f"unknown question id {spec.question!r}: not in the codebook of {where}",
                line,
            )
        newest = self._book(years_with[-1]).by_id[spec.question]
        qtype = newest.type
        if qtype not in QUESTION_TYPES[kind]:
            raise self.fail(
                ident,
                "kind",
                f"{kind} needs a {' or '.join(QUESTION_TYPES[kind])} question; "
                f"{spec.question!r} is {qtype}",
                line,
            )
        if spec.chart in ("stacked_years", "headline") and qtype != "single":
            raise self.fail(
                ident,
                "chart",
                f"{spec.chart} draws answers that add up to 100 pct.: a single-choice question; "
                f"{spec.question!r} is {qtype}",
                line,
            )
        if kind in TEXT_KINDS and not (newest.coded or newest.code_list):
            raise self.fail(
                ident,
                "question",
                f"{spec.question!r} is coded neither to the taxonomy nor to a code list",
                line,
            )
        # the categories a coded text question is counted in: the taxonomy's or its list's
        slugs, slug_source = self.slugs, "taxonomy slug {!r} (see survey/taxonomy.yaml)"
        if kind in TEXT_KINDS and newest.code_list:
            slugs = self.list_slugs.get(newest.code_list, [])
            slug_source = "slug {!r} " + (
                f"of code list {newest.code_list!r} (see survey/code_lists/{newest.code_list}.yaml)"
            )

        # the row (item): needed where the question has rows, except matrix by items
        has_rows = bool(newest.rows)
        wants_item = has_rows and not (kind == "matrix_share" and breakdown == "items")
        if wants_item and not spec.item:
            rows = ", ".join(r.item for r in newest.rows)
            raise self.fail(ident, "item", f"{spec.question!r} has rows; name one ({rows})", line)
        if not wants_item and spec.item:
            raise self.fail(ident, "item", f"not used here ({spec.question!r}, {breakdown})", line)
        years = years_with
        if spec.item:
            years = [y for y in years_with if _row(self._book(y).by_id[spec.question], spec.item)]
            if not years:
                known = sorted({r.item for y in years_with for r in self._question(y, spec).rows})
                raise self.fail(
                    ident,
                    "item",
                    f"{spec.question!r} has no row {spec.item!r} in the listed years "
                    f"(rows: {', '.join(known)})",
                    line,
                )
        label_q = self._question(years[-1], spec)

        # option codes
        known_codes = sorted({o.code for y in years for o in self._question(y, spec).options})
        labels: dict[int, str] = {}
        for y in years:  # newest label wins
            labels.update(self._question(y, spec).labels)

        def check_codes(fld: str, codes: tuple[int, ...]) -> None:
            for code in codes:
                if code not in known_codes:
                    raise self.fail(
                        ident,
                        fld,
                        f"option code {code} is not an option of {spec.question!r} "
                        f"(codes: {', '.join(map(str, known_codes))})",
                        line,
                    )

        options: tuple[int, ...] = ()
        codes: tuple[int, ...] = ()
        categories: tuple[str, ...] = ()
        if kind in ("option_share", "matrix_share", "any_of"):
            check_codes("dont_know", spec.dont_know.codes)
            for g in spec.groups:
                if g.categories:
                    raise self.fail(
                        ident, "groups", f"{g.label!r}: use codes, not categories", line
                    )
                check_codes("groups", g.codes)
        if kind == "any_of" or (kind == "matrix_share" and breakdown == "items"):
            if not spec.codes:
                raise self.fail(ident, "codes", "say which option codes count (codes: [..])", line)
            check_codes("codes", spec.codes)
            codes = spec.codes
            if spec.options:
                raise self.fail(ident, "options", "by items, `codes` say what counts", line)
        elif kind in ("option_share", "matrix_share"):
            if spec.codes:
                raise self.fail(ident, "codes", "use `options` and `groups` for this kind", line)
            check_codes("options", spec.options or ())
            options = spec.options or tuple(known_codes)
            if spec.dont_know.rule == "exclude":
                options = tuple(c for c in options if c not in spec.dont_know.codes)
        if kind in TEXT_KINDS:
            for fld, chosen in (
                ("categories", spec.categories or ()),
                *(("groups", g.categories) for g in spec.groups),
            ):
                for slug in chosen:
                    if slug not in slugs:
                        raise self.fail(ident, fld, "unknown " + slug_source.format(slug), line)
            for g in spec.groups:
                if g.codes:
                    raise self.fail(
                        ident, "groups", f"{g.label!r}: use categories, not codes", line
                    )
            if kind == "top_n" and spec.groups:
                raise self.fail(ident, "groups", "top_n ranks categories; no combined groups", line)
            if spec.dont_know.codes:
                raise self.fail(
                    ident, "dont_know", "free text has no codes; see text_answers", line
                )
            categories = spec.categories or tuple(slugs)
        labels_rows: dict[str, str] = {}
        if breakdown == "items":  # rows of every year: the newest year's order, then older rows
            for y in reversed(years):
                for r in self._question(y, spec).rows:
                    labels_rows.setdefault(r.item, r.label)
        item_label = ""
        if spec.item:
            item_label = next(r.label for r in label_q.rows if r.item == spec.item)
        if spec.headline:
            check_codes("headline", tuple(spec.headline))
            for code, phrase in spec.headline.items():
                try:  # the report fills in {year} and {next_year}; found here, not at render
                    phrase.format(year=0, next_year=0)
                except (KeyError, IndexError, ValueError) as exc:
                    raise self.fail(
                        ident,
                        "headline",
                        f"option {code}: {phrase!r} has a placeholder other than {{year}} "
                        f"and {{next_year}}, or an unmatched brace ({exc})",
                        line,
                    ) from None
        keys = [g.group_key for g in spec.groups]
        if len(keys) != len(set(keys)) or set(keys) & {str(o) for o in options}:
            raise self.fail(ident, "groups", "two groups share a key; give each a `key`", line)
        return self._make(
            spec,
            breakdown,
            denominator,
            tuple(years),
            options=options,
            codes=codes,
            categories=categories,
            option_labels=labels,
            row_labels=labels_rows,
            item_label=item_label,
        )

    def _forbid(self, spec: IndicatorSpec, line: int | None) -> None:
        """Fields that make no sense for the kind are errors, not silently ignored."""
        kind = spec.kind
        rules = {
            "n": kind == "top_n",
            "tie_break": kind == "top_n",
            "text_answers": kind in TEXT_KINDS,
            "categories": kind in TEXT_KINDS,
            "groups": kind in ("option_share", "matrix_share", "category_share"),
            "options": kind in ("option_share", "matrix_share"),
            "codes": kind in ("any_of", "matrix_share"),
        }
        for fld, allowed in rules.items():
            value = getattr(spec, fld)
            if not allowed and value not in (None, ()):
                raise self.fail(spec.id, fld, f"not used by kind {kind}", line)
        if kind == "participation" and (spec.item or spec.per_item or spec.dont_know.codes):
            raise self.fail(spec.id, "item", "not used by kind participation", line)

    def _check_chart(self, spec: IndicatorSpec, line: int | None) -> None:
        """A chart kind the indicator cannot be drawn with is an error, with the line."""
        ident, chart = spec.id, spec.chart
        if chart in COMBINED_CHARTS and not (spec.per_item or "." in ident):
            raise self.fail(ident, "chart", f"{chart} draws the rows of a `per_item` list", line)
        if chart == "stacked_items" and spec.kind != "matrix_share":
            raise self.fail(ident, "chart", "stacked_items needs kind matrix_share", line)
        if chart == "stacked_years" and spec.kind != "option_share":
            raise self.fail(ident, "chart", "stacked_years needs kind option_share", line)
        if chart == "headline" and (spec.kind != "option_share" or not spec.headline):
            raise self.fail(
                ident, "headline", "chart headline needs option_share and `headline:`", line
            )
        if spec.headline and chart != "headline":
            raise self.fail(ident, "headline", "only used with chart: headline", line)
        if spec.figure_title and chart not in COMBINED_CHARTS:
            raise self.fail(ident, "figure_title", "only used by a combined chart", line)

    def _make(
        self,
        spec: IndicatorSpec,
        breakdown: str,
        denominator: str,
        years: tuple[int, ...],
        **kw: Any,
    ) -> Indicator:
        item_label = kw.get("item_label", "")
        return Indicator(
            id=spec.id,
            title=spec.title.replace("{item_label}", item_label),
            kind=spec.kind,
            question=spec.question,
            item=spec.item,
            breakdown=breakdown,
            denominator=denominator,
            years=years,
            section=spec.section,
            chart=spec.chart,
            figure=spec.figure,
            note=spec.note,
            figure_title=spec.figure_title,
            headline=dict(spec.headline or {}),
            groups=spec.groups,
            n=(spec.n or 5) if spec.kind == "top_n" else None,
            tie_break=(spec.tie_break or DEFAULT_TIE_BREAK) if spec.kind == "top_n" else (),
            dont_know=spec.dont_know,
            text_answers=(spec.text_answers or self.settings.text_answers)
            if spec.kind in TEXT_KINDS
            else None,
            **kw,
        )

    def _book(self, year: int) -> Codebook:
        book = self.codebooks.get(year)
        if book is None:  # a listed year with no codebook yet: nothing is asked that year
            return _EMPTY
        return book

    def _question(self, year: int, spec: IndicatorSpec) -> Question:
        return self._book(year).by_id[spec.question or ""]


def _row(question: Question, item: str) -> bool:
    return any(r.item == item for r in question.rows)


class _NoQuestions:
    by_id: dict[str, Question] = {}


_EMPTY: Any = _NoQuestions()
