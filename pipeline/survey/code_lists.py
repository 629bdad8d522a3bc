"""Code lists: short lists of answer categories that a text question is coded to, besides the
technology taxonomy (`survey/code_lists/<name>.yaml`).

The taxonomy codes technologies with rules of its own (purposes, places, roles). A benefit
question ("Hvilke gevinster oplever borgerne ...?") needs only a list of benefits and the
phrases that name them, so a list is plain data: a name, the categories with their phrases,
and the words that negate a phrase just before it. A codebook names the list of a question
with `code_list: <name>`; the indicators rank or count its categories exactly as they do
the taxonomy's (`top_n`, `category_share`). A new list, or a new category in one, is a change
of `survey/` data only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import DefinitionError
from pipeline.io import FORMULA_PREFIXES
from pipeline.normalise.text import tokenize
from pipeline.survey.yamlfile import YamlDoc

FOLDER = "code_lists"
#: list names are file names; slugs are column names downstream
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
#: a phrase is words; `*` at the end of a word lets it continue ("selvhjulpen*")
_PHRASE = re.compile(r"^=?[^\W_][\w\-' =]*\*?$")
FIELDS = ("title", "description", "categories", "negations", "change_words", "other_people")
CATEGORY_FIELDS = ("slug", "label", "phrases")
#: a list this long is not a benefit list any more; the report's top-5 would say nothing
MAX_CATEGORIES = 100
MAX_PHRASES = 500


@dataclass(frozen=True)
class ListCategory:
    slug: str
    #: Danish, as printed in the report's top-5 and the review workbook
    label: str
    #: words and phrases that name the category (matched by stem; `*` continues a word)
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class OtherPeople:
    """Words naming people other than the citizen (staff, relatives), and the words after
    which they are the ones who benefit ("for personalet")."""

    words: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class CodeList:
    name: str
    path: Path
    #: Danish title of the list ("Gevinster for borgerne")
    title: str
    categories: tuple[ListCategory, ...]
    #: words that negate a phrase right before it ("ikke færre fald")
    negations: tuple[str, ...] = ()
    #: words saying that something changed ("bedre", "færre"): a part of an answer with one
    #: that names nothing on the list may name a benefit the list lacks
    change_words: tuple[str, ...] = ()
    other_people: OtherPeople = OtherPeople()

    @property
    def slugs(self) -> list[str]:
        return [c.slug for c in self.categories]

    def labels(self) -> dict[str, str]:
        return {c.slug: c.label for c in self.categories}


def _fail(doc: YamlDoc, message: str, *keys: str | int, column: str | None = None) -> None:
    raise DefinitionError(message, file=doc.path, row=doc.line(*keys), column=column)


def _texts(doc: YamlDoc, value: object, what: str, *keys: str | int) -> tuple[str, ...]:
    """A list of non-empty phrases, none twice (case and spacing folded)."""
    if not isinstance(value, list) or not value:
        _fail(doc, f"{what}: expected a non-empty list of phrases", *keys)
    if len(value) > MAX_PHRASES:
        _fail(doc, f"{what}: {len(value)} phrases; at most {MAX_PHRASES}", *keys)
    seen: set[str] = set()
    out = []
    for n, phrase in enumerate(value):
        if not isinstance(phrase, str) or not _PHRASE.match(phrase.strip()):
            _fail(
                doc,
                f"{what} entry {n + 1}: expected words in quotes, `*` only at the end "
                f"(found {phrase!r})",
                *keys,
                n,
            )
        for word in phrase.split():
            parts = tokenize(word.strip("*=")).words
            if len(parts) != 1:
                _fail(
                    doc,
                    f"{what} entry {n + 1}: {word!r} is {len(parts)} words to the coder "
                    "(a hyphen or apostrophe splits a word); write the words apart",
                    *keys,
                    n,
                )
        folded = " ".join(phrase.casefold().split())
        if folded in seen:
            _fail(doc, f"{what} entry {n + 1}: {phrase!r} is listed twice", *keys, n)
        seen.add(folded)
        out.append(" ".join(phrase.split()))
    return tuple(out)


def code_list_from(doc: YamlDoc, name: str) -> CodeList:
    """Validate one parsed code list; every problem names the file and line."""
    data = doc.data
    if not isinstance(data, dict):
        _fail(doc, "expected a mapping with `title` and `categories`")
    unknown = sorted(set(map(str, data)) - set(FIELDS))
    if unknown:
        _fail(doc, f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(FIELDS)}")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        _fail(doc, "`title` must be non-empty Danish text", "title")
    raw = data.get("categories")
    if not isinstance(raw, list) or not raw:
        _fail(doc, "`categories` must be a non-empty list", "categories")
    if len(raw) > MAX_CATEGORIES:
        _fail(doc, f"{len(raw)} categories; at most {MAX_CATEGORIES}", "categories")
    categories: list[ListCategory] = []
    slugs: set[str] = set()
    owner: dict[str, str] = {}
    labels_seen: dict[str, str] = {}
    for i, entry in enumerate(raw):
        where = ("categories", i)
        if not isinstance(entry, dict):
            _fail(doc, f"category {i + 1} is not a mapping (slug, label, phrases)", *where)
        extra = sorted(set(map(str, entry)) - set(CATEGORY_FIELDS))
        if extra:
            _fail(doc, f"category {i + 1}: unknown key(s) {', '.join(extra)}", *where)
        slug, label = entry.get("slug"), entry.get("label")
        if not isinstance(slug, str) or not _NAME.match(slug):
            _fail(doc, f"category {i + 1}: slug must be lower-case a-z, 0-9, _", *where, "slug")
        if slug in slugs:
            _fail(doc, f"slug {slug!r} is listed twice", *where, "slug")
        slugs.add(slug)
        if not isinstance(label, str) or not label.strip():
            _fail(doc, f"{slug}: label must be non-empty Danish text", *where, "label")
        if label.strip().startswith(FORMULA_PREFIXES):
            _fail(doc, f"{slug}: a label may not start with {label.strip()[0]!r}", *where, "label")
        folded_label = " ".join(label.casefold().split())
        if folded_label in labels_seen:
            _fail(
                doc,
                f"{slug}: label {label!r} is already the label of {labels_seen[folded_label]!r}",
                *where,
                "label",
            )
        labels_seen[folded_label] = slug
        phrases = _texts(doc, entry.get("phrases"), f"{slug}.phrases", *where, "phrases")
        for n, phrase in enumerate(phrases):
            folded = phrase.casefold()
            if folded in owner:
                _fail(
                    doc,
                    f"{slug}: phrase {phrase!r} already names {owner[folded]!r}",
                    *where,
                    "phrases",
                    n,
                )
            owner[folded] = slug
        categories.append(ListCategory(slug, " ".join(label.split()), phrases))
    words: dict[str, tuple[str, ...]] = {}
    for key in ("negations", "change_words"):
        value = data.get(key)
        words[key] = _texts(doc, value, key, key) if value is not None else ()
        if any(" " in w for w in words[key]):
            _fail(doc, f"`{key}`: one word per entry", key)
    return CodeList(
        name,
        doc.path,
        " ".join(title.split()),
        tuple(categories),
        words["negations"],
        words["change_words"],
        _other_people(doc, data.get("other_people")),
    )


def _other_people(doc: YamlDoc, value: object) -> OtherPeople:
    if value is None:
        return OtherPeople()
    if not isinstance(value, dict) or set(map(str, value)) - {"words", "after"}:
        _fail(doc, "`other_people` must be a mapping with `words` and `after`", "other_people")
    words = _texts(doc, value.get("words"), "other_people.words", "other_people", "words")
    after = value.get("after")
    then = _texts(doc, after, "other_people.after", "other_people", "after") if after else ()
    if any(" " in w for w in (*words, *then)):
        _fail(doc, "`other_people`: one word per entry", "other_people")
    return OtherPeople(words, then)


def list_path(survey_folder: Path, name: str) -> Path:
    return survey_folder / FOLDER / f"{name}.yaml"


def check_name(name: str, *, file: Path, row: int | None) -> None:
    if not _NAME.match(name):
        raise DefinitionError(
            f"code list name {name!r}: lower-case a-z, 0-9 and _ only (it is a file name in "
            f"survey/{FOLDER}/)",
            file=file,
            row=row,
        )
