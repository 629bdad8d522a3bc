"""Analysts' own terms: `survey/coding/terms.csv`, read beside `taxonomy.yaml`.

The year's unknown words are listed for the analysts (`pipeline.normalise.newwords`); each
word they give a category becomes a line here, and a word they mark as naming no technology
a line with the category `_ignore` (`IGNORE`). The file is append-only, written only under
the `survey/coding` lock (`pipeline.normalise.termsheet`), and read through `with_terms`, the
one place that merges it into the taxonomy: both the survey model and `load_taxonomy` (the
coder's CSV contract) call it, so every stage codes with the same words.

Like the analysts' decisions, a line is checked on load: a category gone from the taxonomy is
followed through `survey/crosswalk.yaml`, and anything else wrong (a typo in a slug, a term
claimed by two categories) stops the run with one line naming terms.csv, the row and the
column, never silently dropping or re-coding answers.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import DefinitionError
from pipeline.io import unguard
from pipeline.reads import record
from pipeline.survey.crosswalk import Crosswalk, crosswalk_from
from pipeline.survey.yamlfile import read_yaml

if TYPE_CHECKING:  # taxonomy.py calls `with_terms`: no import cycle at run time
    from pipeline.survey.taxonomy import Taxonomy

TERMS_FILE = Path("coding") / "terms.csv"
TERM_COLUMNS = ["term", "category", "decided_by", "decided_on", "year", "note"]
#: The category of a word that names no technology: it is known to the coder (never flagged
#: as unknown, never read as a misspelt term) and codes nothing. Not a valid slug (`_`).
IGNORE = "_ignore"
#: A term is one to `MAX_WORDS` words of letters and digits, joined by spaces or hyphens.
MAX_WORDS, MAX_CHARS = 4, 60
_TERM = re.compile(r"^[^\W_]+(?:[ -][^\W_]+)*$")


@dataclass(frozen=True)
class TermEntry:
    """One line of terms.csv: a term and the category it names (or `IGNORE`)."""

    term: str
    category: str
    decided_by: str
    decided_on: str
    year: int | None
    note: str
    #: line in terms.csv (the header is line 1), for error messages
    row: int = 0

    @property
    def ignored(self) -> bool:
        return self.category == IGNORE


def terms_path(survey_dir: str | Path) -> Path:
    return Path(survey_dir) / TERMS_FILE


def normal_term(text: str) -> str:
    """The form two terms are compared in: case-folded, one space between words."""
    return " ".join(text.casefold().split())


def term_problem(term: str) -> str | None:
    """What is wrong with the form of a term (in Danish, for the sheet's import), or None."""
    if not term.strip():
        return "tomt ord"
    if len(term) > MAX_CHARS:
        return f"for langt: højst {MAX_CHARS} tegn"
    if len(term.split()) > MAX_WORDS:
        return f"for langt: højst {MAX_WORDS} ord"
    if not _TERM.match(term.strip()):
        return "kun bogstaver og tal, ord adskilt af mellemrum eller bindestreg"
    return None


def terms_stamp(survey_dir: str | Path) -> tuple[int, int]:
    """(mtime_ns, size) of terms.csv, (0, -1) when absent: part of the cache keys of the
    taxonomy and the coder, so a new term is used at once."""
    try:
        st = terms_path(survey_dir).stat()
    except OSError:
        return 0, -1
    return st.st_mtime_ns, st.st_size


def _error(message: str, path: Path, row: int | None, column: str | None) -> DefinitionError:
    return DefinitionError(message, file=path, row=row, column=column)


def read_terms(path: str | Path) -> list[TermEntry]:
    """The lines of terms.csv as written (checked in form only; a missing file is none).

    Categories are checked against the taxonomy by `with_terms`.
    """
    path = Path(path)
    record(path)
    if not path.is_file():
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DefinitionError("not UTF-8 text", file=path) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        lines = list(reader)
    except csv.Error as exc:
        raise _error(f"not a readable CSV: {exc}", path, reader.line_num, None) from None
    if not lines or lines[0] != TERM_COLUMNS:
        raise _error(f"expected the header {','.join(TERM_COLUMNS)}", path, 1, None)
    out: list[TermEntry] = []
    for n, row in enumerate(lines[1:], start=2):
        if not row or not any(v.strip() for v in row):
            continue
        if len(row) != len(TERM_COLUMNS):
            raise _error(f"expected {len(TERM_COLUMNS)} fields", path, n, None)
        term, category, by, on, year, note = (unguard(v).strip() for v in row)
        if term_problem(term) is not None:
            raise _error(
                f"term {term!r}: expected 1 to {MAX_WORDS} words of letters and digits joined "
                f"by spaces or hyphens, at most {MAX_CHARS} characters",
                path,
                n,
                "term",
            )
        if year and not year.isdigit():
            raise _error(f"year {year!r} is not a year", path, n, "year")
        out.append(TermEntry(term, category, by, on, int(year) if year else None, note, n))
    return out


def _crosswalk(survey_dir: Path, slugs: Collection[str]) -> Crosswalk:
    doc = read_yaml(survey_dir / "crosswalk.yaml", what="taxonomy crosswalk", required=False)
    return crosswalk_from(doc, slugs)


def with_terms(taxonomy: Taxonomy, survey_dir: str | Path) -> Taxonomy:
    """The taxonomy with the analysts' terms of `survey_dir`'s terms.csv added.

    Each term joins its category's `terms` (a category renamed since is followed through the
    crosswalk); each `IGNORE` word joins `known_words`. A term already listed for the same
    category adds nothing; one listed for another category, by the taxonomy or by an earlier
    line, and a category neither current nor in the crosswalk, are `DefinitionError`s naming
    the line.
    """
    survey_dir = Path(survey_dir)
    path = terms_path(survey_dir)
    entries = read_terms(path)
    if not entries:
        return taxonomy
    slugs = set(taxonomy.slugs)
    owner = {normal_term(t.lstrip("=")): c.slug for c in taxonomy.categories for t in c.terms}
    crosswalk = _crosswalk(survey_dir, taxonomy.slugs)
    added: dict[str, list[str]] = {s: [] for s in slugs}
    known: list[str] = []
    for e in entries:
        key = normal_term(e.term)
        if e.ignored:
            if key in owner and owner[key] != IGNORE:
                raise _error(
                    f"{e.term!r} is marked {IGNORE} but is a term of {owner[key]!r}; remove "
                    "one of them",
                    path,
                    e.row,
                    "category",
                )
            if key not in owner:
                known.append(e.term)
            owner[key] = IGNORE
            continue
        slug = e.category
        if slug not in slugs:
            targets = crosswalk.mapping.get(slug)
            if not targets:
                raise _error(
                    f"unknown category {slug!r}: not in survey/taxonomy.yaml and no earlier slug "
                    f"in survey/crosswalk.yaml (or {IGNORE} for a word that names no technology)",
                    path,
                    e.row,
                    "category",
                )
            if len(targets) > 1:
                raise _error(
                    f"category {slug!r} was split into {', '.join(targets)}: write the one "
                    "this term names",
                    path,
                    e.row,
                    "category",
                )
            slug = targets[0]
        if owner.get(key, slug) != slug:
            raise _error(
                f"term {e.term!r} is already {owner[key]!r} (taxonomy.yaml or an earlier line); "
                "a term names one category",
                path,
                e.row,
                "term",
            )
        if key not in owner:
            added[slug].append(e.term)
        owner[key] = slug
    categories = tuple(
        dataclasses.replace(c, terms=(*c.terms, *added[c.slug])) if added[c.slug] else c
        for c in taxonomy.categories
    )
    return dataclasses.replace(
        taxonomy, categories=categories, known_words=(*taxonomy.known_words, *known)
    )
