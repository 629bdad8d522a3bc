"""The taxonomy file `survey/taxonomy.yaml`: categories, term lists, purpose words, the
categories' roles in the rules, and the word lists for answers that name nothing
(`non_answers`, `no_technology`: checked in `wordlists`).

Analysts extend the term lists, so the file is checked on load and every problem is a
`DefinitionError` naming the line and the category, never a traceback inside the coder.
No Python file names a category: a rule that treats a category specially asks for "the
category with role X" (`Taxonomy.slug_with_role`), so renaming a slug in the YAML changes no
coding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import DefinitionError
from pipeline.reads import record
from pipeline.survey.terms import terms_stamp, with_terms
from pipeline.survey.wordlists import NoTechnology, check_no_technology, check_non_answers
from pipeline.survey.yamlfile import YamlDoc, read_yaml

TAXONOMY_FILE = "taxonomy.yaml"
_SLUG = re.compile(r"^[a-z][a-z_]*$")
_REQUIRED = ("slug", "label", "description", "examples", "terms")
_OPTIONAL = ("cues", "weak_cues", "sensor_places")
_LISTS = (*_OPTIONAL, "roles")
_TOP_KEYS = ("categories", "devices", "contexts", "non_answers", "no_technology")
#: What a category may be to the rules (documented in the header of taxonomy.yaml). A role in
#: `ONE_CATEGORY_ROLES` belongs to exactly one category, the others to any number.
ONE_CATEGORY_ROLES = (
    "screen_visit",
    "self_monitoring",
    "structure",
    "medicine",
    "social",
    "patient_education",
)
SHARED_ROLES = (
    "target_group_terms",
    "own_alarm",
    "topic_is_purpose",
    "often_for_staff",
    "online_purpose",
)
ROLES = ONE_CATEGORY_ROLES + SHARED_ROLES
#: Device kinds with a meaning in the rules: sensors are coded by place (rule 4), apps and
#: tablets fall back on the question context (rule 3), online/digital never flag a review.
SENSOR, ONLINE, CONTEXT_KINDS = "sensor", "online", ("app", "tablet", "sensor")


@dataclass(frozen=True)
class Category:
    slug: str
    label: str
    description: str
    examples: tuple[str, ...]
    terms: tuple[str, ...]
    cues: tuple[str, ...] = ()
    weak_cues: tuple[str, ...] = ()
    sensor_places: tuple[str, ...] = ()
    #: what the category is to the rules (see `ROLES`)
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    path: Path
    categories: tuple[Category, ...]
    #: device kind -> words coded by purpose (rule 3)
    devices: dict[str, tuple[str, ...]]
    #: question context -> device kind -> slug, for a bare app/tablet
    contexts: dict[str, dict[str, str]]
    #: phrases that make a short answer a non-answer (rule 7), as written in the file
    non_answers: tuple[str, ...] = ()
    #: words that say an answer names no technology ("ingen teknologi", "fysisk fremmøde")
    no_technology: NoTechnology = NoTechnology()
    #: words analysts marked as naming no technology (survey/coding/terms.csv): known words
    known_words: tuple[str, ...] = ()

    @property
    def slugs(self) -> list[str]:
        return [c.slug for c in self.categories]

    def slugs_with_role(self, role: str) -> frozenset[str]:
        """The categories holding `role` (any of `ROLES`); empty when none does."""
        if role not in ROLES:
            raise KeyError(f"unknown role {role!r}")
        return frozenset(c.slug for c in self.categories if role in c.roles)

    def slug_with_role(self, role: str) -> str:
        """The one category holding a role of `ONE_CATEGORY_ROLES` (checked on load)."""
        if role not in ONE_CATEGORY_ROLES:
            raise KeyError(f"{role!r} is not a role of exactly one category")
        (slug,) = self.slugs_with_role(role)
        return slug

    def labels(self) -> dict[str, str]:
        return {c.slug: c.label for c in self.categories}


_Lines = tuple[dict[str, int], list[tuple[int, dict[str, int]]], dict[str, list[int]]]


def _lines(root: yaml.Node | None) -> _Lines:
    """Line numbers (1-based) of top-level keys, of each category and its keys, and of each
    entry of the word lists (`non_answers`, `no_technology.negations`, ...)."""
    top: dict[str, int] = {}
    cats: list[tuple[int, dict[str, int]]] = []
    items: dict[str, list[int]] = {}
    if not isinstance(root, yaml.MappingNode):
        return top, cats, items
    for key, value in root.value:
        top[str(key.value)] = key.start_mark.line + 1
        if isinstance(value, yaml.SequenceNode):
            items[str(key.value)] = [item.start_mark.line + 1 for item in value.value]
        if key.value == "no_technology" and isinstance(value, yaml.MappingNode):
            for k, v in value.value:
                top[f"no_technology.{k.value}"] = k.start_mark.line + 1
                if isinstance(v, yaml.SequenceNode):
                    items[f"no_technology.{k.value}"] = [i.start_mark.line + 1 for i in v.value]
        if key.value == "categories" and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                keys = {}
                if isinstance(item, yaml.MappingNode):
                    keys = {str(k.value): v.start_mark.line + 1 for k, v in item.value}
                cats.append((item.start_mark.line + 1, keys))
    return top, cats, items


def _strings(value: Any, *, allow_empty: bool = True) -> bool:
    if not isinstance(value, list) or (not value and not allow_empty):
        return False
    return all(isinstance(v, str) and v.strip().lstrip("=").strip() for v in value)


def _category(
    item: Any,
    n: int,
    path: Path,
    line: int | None,
    key_lines: dict[str, int],
    earlier: list[Category],
    seen_terms: dict[str, str],
) -> Category:
    """Check one entry of `categories`; `seen_terms` collects terms to catch duplicates."""
    name = item.get("slug") if isinstance(item, dict) else None
    where = f"category {n + 1}" + (f" ({name!r})" if isinstance(name, str) else "")

    def error(message: str, key: str | None = None) -> DefinitionError:
        row = key_lines.get(key, line) if key else line
        return DefinitionError(f"{where}: {message}", file=path, row=row, column=key)

    if not isinstance(item, dict):
        raise error("expected a mapping with slug, label, description, examples, terms")
    for key in _REQUIRED:
        if key not in item:
            raise error(f"missing `{key}`")
    for key in item:
        if key not in _REQUIRED + _LISTS:
            raise error(f"unknown key `{key}` (allowed: {', '.join(_REQUIRED + _LISTS)})", key)
    slug = item["slug"]
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise error("`slug` must be lower-case letters and underscores", "slug")
    if slug in {c.slug for c in earlier}:
        raise error(f"slug {slug!r} is used twice", "slug")
    for key in ("label", "description"):
        if not isinstance(item[key], str) or not item[key].strip():
            raise error(f"`{key}` must be a non-empty text", key)
    if not _strings(item["examples"], allow_empty=False):
        raise error("`examples` must be a non-empty list of texts", "examples")
    if not _strings(item["terms"], allow_empty=False):
        raise error("`terms` must be a non-empty list of texts (no empty entries)", "terms")
    for key in _LISTS:
        if not _strings(item.get(key) or []):
            raise error(f"`{key}` must be a list of texts (no empty entries)", key)
    roles = tuple(item.get("roles") or ())
    for role in roles:
        if role not in ROLES:
            raise error(f"unknown role {role!r} (known roles: {', '.join(ROLES)})", "roles")
    if len(set(roles)) != len(roles):
        raise error("a role is listed twice", "roles")
    for term in item["terms"]:
        norm = " ".join(term.lstrip("=").casefold().split())
        if seen_terms.get(norm, slug) != slug:
            raise error(f"term {term!r} is also a term of {seen_terms[norm]!r}", "terms")
        seen_terms[norm] = slug
    return Category(
        slug=slug,
        label=item["label"].strip(),
        description=" ".join(item["description"].split()),
        examples=tuple(item["examples"]),
        terms=tuple(item["terms"]),
        **{k: tuple(item.get(k) or ()) for k in _OPTIONAL},
        roles=roles,
    )


def _check_roles(
    categories: list[Category], path: Path, top: dict[str, int], cats: list[tuple[int, dict]]
) -> None:
    """Each role of `ONE_CATEGORY_ROLES` belongs to exactly one category: the rules need it."""
    for role in ONE_CATEGORY_ROLES:
        holders = [n for n, c in enumerate(categories) if role in c.roles]
        if len(holders) == 1:
            continue
        if not holders:
            raise DefinitionError(
                f"no category has the role {role!r}; exactly one must (see the file's header)",
                file=path,
                row=top.get("categories"),
                column="roles",
            )
        second = holders[1]
        line, keys = cats[second] if second < len(cats) else (None, {})
        names = " and ".join(repr(categories[n].slug) for n in holders)
        raise DefinitionError(
            f"the role {role!r} is held by {names}; exactly one category may hold it",
            file=path,
            row=keys.get("roles", line),
            column="roles",
        )


def taxonomy_from(doc: YamlDoc) -> Taxonomy:
    """Check a parsed taxonomy file (the survey model reads it)."""
    path, raw = doc.path, doc.data
    top_lines, cat_lines, item_lines = _lines(doc.root)
    if not isinstance(raw, dict) or not isinstance(raw.get("categories"), list):
        raise DefinitionError("expected a mapping with a `categories` list", file=path)
    unknown = sorted(set(raw) - set(_TOP_KEYS))
    if unknown:
        raise DefinitionError(
            f"unknown key `{unknown[0]}` (allowed: {', '.join(_TOP_KEYS)})",
            file=path,
            row=top_lines.get(unknown[0]),
            column=unknown[0],
        )
    if not raw["categories"]:
        raise DefinitionError("`categories` is empty", file=path, row=top_lines.get("categories"))

    categories: list[Category] = []
    seen_terms: dict[str, str] = {}
    for n, item in enumerate(raw["categories"]):
        line, key_lines = cat_lines[n] if n < len(cat_lines) else (None, {})
        categories.append(_category(item, n, path, line, key_lines, categories, seen_terms))

    devices = raw.get("devices") or {}
    if not isinstance(devices, dict) or not all(
        isinstance(k, str) and _strings(v, allow_empty=False) for k, v in devices.items()
    ):
        raise DefinitionError(
            "`devices` must map a device kind to a list of words",
            file=path,
            row=top_lines.get("devices"),
            column="devices",
        )
    slugs = {c.slug for c in categories}
    contexts = raw.get("contexts") or {}
    valid = isinstance(contexts, dict) and all(
        isinstance(m, dict | None)
        and all(k in devices and v in slugs for k, v in (m or {}).items())
        for m in contexts.values()
    )
    if not valid:
        raise DefinitionError(
            f"`contexts` must map each question context to device kinds ({', '.join(devices)}) "
            "and category slugs",
            file=path,
            row=top_lines.get("contexts"),
            column="contexts",
        )
    non_answers = check_non_answers(raw.get("non_answers"), path, top_lines, item_lines)
    no_technology = check_no_technology(raw.get("no_technology"), path, top_lines, item_lines)
    _check_roles(categories, path, top_lines, cat_lines)
    return Taxonomy(
        path=path,
        categories=tuple(categories),
        devices={k: tuple(v) for k, v in devices.items()},
        contexts={k: dict(v or {}) for k, v in contexts.items()},
        non_answers=non_answers,
        no_technology=no_technology,
    )


@lru_cache(maxsize=8)
def _cached(path: Path, mtime_ns: int, size: int, terms: tuple[int, int] = (0, -1)) -> Taxonomy:
    return with_terms(taxonomy_from(read_yaml(path, what="taxonomy")), path.parent)


def load_taxonomy(survey_dir: str | Path) -> Taxonomy:
    """Read and check `<survey_dir>/taxonomy.yaml` alone (cached until the file changes), for
    the coder's CSV contract (`classify`, `evaluate`) which needs no other part of the survey."""
    path = Path(survey_dir) / TAXONOMY_FILE
    try:
        st = path.stat()
    except OSError:
        raise DefinitionError(
            "no taxonomy file (expected survey/taxonomy.yaml)", file=path
        ) from None
    record(path)
    return _cached(path.resolve(), st.st_mtime_ns, st.st_size, terms_stamp(survey_dir))
