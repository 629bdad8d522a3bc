"""A year's codebook: how that year's export variables map to the stable question ids.

The survey tool renames variables whenever the questionnaire changes (`s_12` in 2019 is `s_11`
in 2018), so nothing downstream may name a variable; everything goes through the codebook in
`survey/questionnaires/<year>.yaml`, validated on load.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from pipeline.errors import CodebookError
from pipeline.survey.yamlfile import YamlDoc, read_yaml

QuestionType = Literal["single", "multi", "matrix", "text"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    #: the stable code indicators refer to (the same answer keeps its code across years)
    code: int
    label: str
    #: the value the export uses for this option, when SurveyXact numbered it differently
    #: from `code` this year (an option was inserted above it); leave out when equal
    value: int | None = None
    #: multi-choice only: the 0/1 column of this option
    variable: str | None = None
    #: "Andet, angiv" text box belonging to this option
    other: str | None = None


class Row(_Strict):
    item: str = Field(pattern=r"^[a-z0-9_]+$")
    label: str
    variable: str
    #: matrix: "Andet, angiv" text box of this row
    other: str | None = None
    #: text rows coded to the taxonomy: the coding manual's question context
    context: str | None = None


class Question(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: QuestionType
    text: str
    variable: str | None = None
    options: list[Option] = []
    rows: list[Row] = []
    coded: bool = False
    context: str | None = None
    #: text coded to a code list of `survey/code_lists/` (e.g. benefits) instead of the taxonomy
    code_list: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$")
    #: drafted by `new-year` as new this year: no indicator uses it until an analyst adds one
    new: bool = False

    @model_validator(mode="after")
    def _shape(self) -> Question:
        t = self.type
        if t == "single" and (not self.variable or not self.options):
            raise ValueError("a single-choice question needs `variable` and `options`")
        if t == "multi" and (not self.options or any(o.variable is None for o in self.options)):
            raise ValueError("every option of a multi-choice question needs a `variable`")
        if t == "matrix" and (not self.rows or not self.options):
            raise ValueError("a matrix question needs `rows` and `options`")
        if t == "text" and bool(self.variable) == bool(self.rows):
            raise ValueError("a text question needs either `variable` or `rows`")
        if t != "text" and self.coded:
            raise ValueError("only text questions can be coded to the taxonomy")
        if self.code_list and (t != "text" or self.coded):
            raise ValueError("`code_list` is for a text question not coded to the taxonomy")
        if self.coded and not (self.context or all(r.context for r in self.rows)):
            raise ValueError("a coded text question needs a `context` (per row or for all)")
        codes = [o.code for o in self.options]
        if len(codes) != len(set(codes)):
            raise ValueError("option codes must be unique")
        values = list(self.values)
        if len(values) != len(set(values)):
            raise ValueError("option values (the export's codes) must be unique")
        items = [r.item for r in self.rows]
        if len(items) != len(set(items)):
            raise ValueError("row items must be unique")
        return self

    @property
    def labels(self) -> dict[int, str]:
        return {o.code: o.label for o in self.options}

    @property
    def values(self) -> dict[int, int]:
        """The export's value -> the stable code (equal unless an option says `value`)."""
        return {(o.code if o.value is None else o.value): o.code for o in self.options}

    def variables(self) -> list[str]:
        """Every export column this question occupies, in questionnaire order."""
        out: list[str] = []
        if self.variable:
            out.append(self.variable)
        for o in self.options:
            if o.variable:
                out.append(o.variable)
            if o.other:
                out.append(o.other)
        for r in self.rows:
            out.append(r.variable)
            if r.other:
                out.append(r.other)
        return out


class Municipality(_Strict):
    #: background variable with the 3-digit code (from the distribution list)
    code: str | None = None
    #: background variable with the name (from the distribution list)
    name: str | None = None
    #: question where the respondent typed the municipality's name (older years)
    typed: str | None = None

    @model_validator(mode="after")
    def _some(self) -> Municipality:
        if not (self.code or self.name or self.typed):
            raise ValueError("say how the municipality is identified: code, name or typed")
        return self


class Export(_Strict):
    format: Literal["surveyxact-xlsx", "surveyxact-csv", "spss"]
    #: status columns `<prefix>_1` .. `<prefix>_5`
    status_prefix: str = "stato"
    close_time: str = "closeTime"
    #: further technical columns that are expected and carry no answers
    system_columns: list[str] = []


class Codebook(_Strict):
    year: int
    title: str
    invited: int = 98
    export: Export
    municipality: Municipality
    questions: list[Question]

    @model_validator(mode="after")
    def _unique(self) -> Codebook:
        ids = [q.id for q in self.questions]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"question ids used twice: {sorted(dup)}")
        seen: set[str] = set()
        for var in self.all_variables():
            if var in seen:
                raise ValueError(f"variable {var!r} is mapped twice")
            seen.add(var)
        return self

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def status_columns(self) -> list[str]:
        return [f"{self.export.status_prefix}_{i}" for i in range(1, 6)]

    def background_columns(self) -> list[str]:
        m = self.municipality
        return [c for c in (m.code, m.name, m.typed) if c]

    def all_variables(self) -> list[str]:
        """Question variables (not status or background), in questionnaire order."""
        return [v for q in self.questions for v in q.variables()]

    def expected_columns(self) -> list[str]:
        return [
            *self.background_columns(),
            *self.all_variables(),
            *self.status_columns(),
            self.export.close_time,
            *self.export.system_columns,
        ]

    def coded_text_questions(self) -> list[tuple[str, str, str]]:
        """(question_id, item, context) of every text box coded to the taxonomy."""
        out = []
        for q in self.questions:
            if not q.coded:
                continue
            if q.variable:
                out.append((q.id, "", q.context or ""))
            for r in q.rows:
                out.append((q.id, r.item, r.context or q.context or ""))
        return out

    def listed_text_questions(self) -> list[tuple[str, str, str]]:
        """(question_id, item, code list name) of every text box coded to a code list."""
        out = []
        for q in self.questions:
            if not q.code_list:
                continue
            if q.variable:
                out.append((q.id, "", q.code_list))
            out += [(q.id, r.item, q.code_list) for r in q.rows]
        return out

    def n_questions(self) -> int:
        """Questions as a respondent counts them: each matrix row and text row is one."""
        return sum(max(1, len(q.rows)) for q in self.questions)


def _format_loc(loc: tuple, raw: dict) -> str:
    """Turn pydantic's location into `questions[3] (id: s_12) > options[0] > code`."""
    parts: list[str] = []
    node = raw
    for key in loc:
        if isinstance(key, int):
            label = f"[{key}]"
            try:
                node = node[key]
                if isinstance(node, dict) and "id" in node:
                    label += f" (id: {node['id']})"
            except (IndexError, KeyError, TypeError):
                node = None
            if parts:
                parts[-1] += label
            else:
                parts.append(label)
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return " > ".join(parts)


def load_codebook(path: str | Path) -> Codebook:
    """Read and validate a codebook; any problem is a `CodebookError` naming where it is."""
    path = Path(path)
    doc = read_yaml(path, what="codebook for this year", error=CodebookError)
    return codebook_from(doc)


def codebook_from(doc: YamlDoc) -> Codebook:
    """Validate a parsed codebook file (the survey model reads the file)."""
    path, raw = doc.path, doc.data
    if not isinstance(raw, dict):
        raise CodebookError("expected a mapping with year, export, questions", file=path)
    try:
        book = Codebook.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{_format_loc(e['loc'], raw) or '(top)'}: {e['msg']}" for e in exc.errors()[:5]
        )
        first = exc.errors()[0]["loc"] if exc.errors() else ()
        raise CodebookError(
            f"invalid codebook: {problems}", file=path, row=doc.line(*first)
        ) from None
    if str(book.year) != path.stem:
        raise CodebookError(f"says year {book.year} but the file is named {path.name}", file=path)
    return book
