"""The taxonomy file `survey/taxonomy.yaml`: categories, term lists, purpose words.

Analysts extend the term lists, so the file is checked on load and every problem is a
`DefinitionError` naming the line and the category, never a traceback inside the coder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import DefinitionError

TAXONOMY_FILE = "taxonomy.yaml"
_SLUG = re.compile(r"^[a-z][a-z_]*$")
_REQUIRED = ("slug", "label", "description", "examples", "terms")
_OPTIONAL = ("cues", "weak_cues", "sensor_places")
#: Device kinds with a meaning in the rules: sensors are coded by place (rule 4), apps and
#: tablets fall back on the question context (rule 3), online/digital never flag a review.
SENSOR, ONLINE, CONTEXT_KINDS = "sensor", "online", ("app", "tablet")


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


@dataclass(frozen=True)
class Taxonomy:
    path: Path
    categories: tuple[Category, ...]
    #: device kind -> words coded by purpose (rule 3)
    devices: dict[str, tuple[str, ...]]
    #: question context -> device kind -> slug, for a bare app/tablet
    contexts: dict[str, dict[str, str]]

    @property
    def slugs(self) -> list[str]:
        return [c.slug for c in self.categories]

    def labels(self) -> dict[str, str]:
        return {c.slug: c.label for c in self.categories}


def _lines(text: str) -> tuple[dict[str, int], list[tuple[int, dict[str, int]]]]:
    """Line numbers (1-based) of top-level keys and of each category and its keys."""
    top: dict[str, int] = {}
    cats: list[tuple[int, dict[str, int]]] = []
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return top, cats
    for key, value in root.value:
        top[str(key.value)] = key.start_mark.line + 1
        if key.value == "categories" and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                keys = {}
                if isinstance(item, yaml.MappingNode):
                    keys = {str(k.value): v.start_mark.line + 1 for k, v in item.value}
                cats.append((item.start_mark.line + 1, keys))
    return top, cats


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
        if key not in _REQUIRED + _OPTIONAL:
            raise error(f"unknown key `{key}` (allowed: {', '.join(_REQUIRED + _OPTIONAL)})", key)
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
    for key in _OPTIONAL:
        if not _strings(item.get(key) or []):
            raise error(f"`{key}` must be a list of texts (no empty entries)", key)
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
    )


def _parse(path: Path) -> Taxonomy:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DefinitionError(
            "no taxonomy file (expected survey/taxonomy.yaml)", file=path
        ) from None
    except UnicodeDecodeError:
        raise DefinitionError("not UTF-8 text", file=path) from None
    try:
        raw = yaml.safe_load(text)
        top_lines, cat_lines = _lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        raise DefinitionError(f"not valid YAML: {exc}", file=path, row=row) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("categories"), list):
        raise DefinitionError("expected a mapping with a `categories` list", file=path)
    unknown = sorted(set(raw) - {"categories", "devices", "contexts"})
    if unknown:
        raise DefinitionError(
            f"unknown key `{unknown[0]}` (allowed: categories, devices, contexts)",
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
    return Taxonomy(
        path=path,
        categories=tuple(categories),
        devices={k: tuple(v) for k, v in devices.items()},
        contexts={k: dict(v or {}) for k, v in contexts.items()},
    )


@lru_cache(maxsize=8)
def _cached(path: Path, mtime_ns: int, size: int) -> Taxonomy:
    return _parse(path)


def load_taxonomy(survey_dir: str | Path) -> Taxonomy:
    """Read and check `<survey_dir>/taxonomy.yaml` (cached until the file changes)."""
    path = Path(survey_dir) / TAXONOMY_FILE
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DefinitionError(
            "no taxonomy file (expected survey/taxonomy.yaml)", file=path
        ) from None
    return _cached(path.resolve(), st.st_mtime_ns, st.st_size)
